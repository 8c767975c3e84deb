import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newFolder, seedUltraCart, startWorld, type World } from './test-support/migration-world.js'
import { type CliResult, main, runCli } from './test-support/run-cli.js'

let world: World
let folder: string
let ids: string
beforeAll(async () => {
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (pnpm build)`)
  world = await startWorld()
  folder = await newFolder()
  ids = (await seedUltraCart(world, 1, 3)).file
})
afterAll(() => world.close())

type Case = readonly [
  what: string,
  args: () => Promise<readonly string[]> | readonly string[],
  expected: { readonly code: number; readonly line: RegExp | string },
  env?: () => NodeJS.ProcessEnv,
]

const file = async (name: string, text: string) => {
  const path = join(folder, name)
  await writeFile(path, text)
  return path
}
const migrate = (...args: string[]) => [
  'migrate',
  '--from',
  'ultracart',
  '--to',
  'sunshine',
  '--conversations',
  ids,
  ...args,
]

const cases: readonly Case[] = [
  [
    'no command',
    () => [],
    { code: 2, line: /^name a command: migrate, sync, verify, conversations, messages, emulate, demo/ },
  ],
  [
    'an unknown command',
    () => ['migrat'],
    { code: 2, line: "unknown command 'migrat' (Did you mean migrate?) (see colloquy --help)" },
  ],
  [
    'an unknown flag',
    () => migrate('--fast'),
    { code: 2, line: "unknown option '--fast' (see colloquy --help)" },
  ],
  [
    'a provider typo',
    () => ['migrate', '--from', 'ultracrat', '--to', 'sunshine'],
    { code: 2, line: /provider 'ultracrat' is not one of sunshine, smooch-v1, ultracart, memory/ },
  ],
  [
    'a missing variable',
    () => migrate(),
    { code: 2, line: 'COLLOQUY_ULTRACART_SIMPLE_KEY (or COLLOQUY_ULTRACART_ACCESS_TOKEN) is not set' },
    () => ({ ...world.env, COLLOQUY_ULTRACART_SIMPLE_KEY: undefined }),
  ],
  [
    'an app copied into itself',
    () => ['migrate', '--from', 'sunshine', '--to', 'sunshine', '--users', ids],
    {
      code: 2,
      line: /^--from and --to are the same sunshine account \(app \w+\): it would copy its history into itself$/,
    },
  ],
  [
    'UltraCart as a target',
    () => ['migrate', '--from', 'sunshine', '--to', 'ultracart', '--users', ids],
    { code: 2, line: /ultracart cannot receive messages/ },
  ],
  [
    'UltraCart as a target, in a dry run',
    () => ['migrate', '--from', 'sunshine', '--to', 'ultracart', '--users', ids, '--dry-run'],
    { code: 2, line: /ultracart cannot receive messages/ },
  ],
  [
    'a wrong target secret, in a dry run',
    () => migrate('--dry-run'),
    {
      code: 2,
      line: /^the target sunshine refused the credentials: .*401.* \(401 at GET http:\/\/127\.0\.0\.1:\d+\/v2\/apps\/\w+\/conversations\/colloquy-preflight-check\); check COLLOQUY_SUNSHINE_APP_ID, COLLOQUY_SUNSHINE_KEY_ID and COLLOQUY_SUNSHINE_KEY_SECRET$/,
    },
    () => ({ ...world.env, COLLOQUY_SUNSHINE_KEY_SECRET: 'wrong' }),
  ],
  [
    'an unreachable target',
    () => migrate(),
    {
      code: 2,
      line: /^the target sunshine cannot be reached: .*\(no answer from GET http:\/\/127\.0\.0\.1:9\/v2\/.*\); check COLLOQUY_SUNSHINE_BASE_URL$/,
    },
    () => ({ ...world.env, COLLOQUY_SUNSHINE_BASE_URL: 'http://127.0.0.1:9' }),
  ],
  [
    'a wrong source key',
    () => migrate(),
    {
      code: 2,
      line: /^the source ultracart refused the credentials: .*; check COLLOQUY_ULTRACART_SIMPLE_KEY \(or COLLOQUY_ULTRACART_ACCESS_TOKEN\)$/,
    },
    () => ({ ...world.env, COLLOQUY_ULTRACART_SIMPLE_KEY: 'wrong' }),
  ],
  [
    'an unknown user',
    async () => [
      'migrate',
      '--from',
      'ultracart',
      '--to',
      'sunshine',
      '--users',
      await file('users.txt', 'arn:nobody\n'),
    ],
    { code: 2, line: "the source user 'arn:nobody' is in no ultracart conversation" },
  ],
  [
    'users and conversations together',
    () => migrate('--users', ids),
    {
      code: 2,
      line: 'cannot migrate ultracart → sunshine: give the conversation ids or the user ids, not both',
    },
  ],
  [
    'users of a source that cannot list',
    () => ['migrate', '--from', 'smooch-v1', '--to', 'sunshine', '--users', ids],
    { code: 2, line: /smooch-v1 cannot list conversations, not even per user: give the conversation ids/ },
  ],
  [
    'Sunshine as a source without users',
    () => ['migrate', '--from', 'sunshine', '--to', 'smooch-v1'],
    { code: 2, line: /sunshine lists conversations per user: give the user ids/ },
  ],
  [
    'a report into a missing folder',
    () => migrate('--report', join(folder, 'missing', 'report.json')),
    { code: 2, line: /^--report .*report\.json: the folder .*missing does not exist$/ },
  ],
  [
    'truncated JSON in --conversations',
    async () => [
      'migrate',
      '--from',
      'ultracart',
      '--to',
      'sunshine',
      '--conversations',
      await file('ids.json', '[\n  "a",\n  "b"'),
    ],
    { code: 2, line: /^--conversations .*ids\.json: not valid JSON at line 3, column \d+ \(.+\)$/ },
  ],
  [
    'a missing --conversations file',
    () => ['migrate', '--from', 'ultracart', '--to', 'sunshine', '--conversations', join(folder, 'nope.txt')],
    { code: 2, line: /^--conversations .*nope\.txt: ENOENT/ },
  ],
  [
    'a corrupt ledger',
    async () => migrate('--ledger', await file('corrupt.jsonl', 'not json\n{}\n')),
    { code: 2, line: /^ledger .*corrupt\.jsonl: line 1 is not valid JSON; refusing to guess what was done/ },
  ],
  [
    'a ledger path that is a directory',
    async () => {
      await mkdir(join(folder, 'ledger-dir'), { recursive: true })
      return migrate('--ledger', join(folder, 'ledger-dir'))
    },
    { code: 2, line: /^ledger .*ledger-dir is a directory, not a file$/ },
  ],
  [
    'a concurrency past the bound',
    () => migrate('--concurrency', '99999'),
    {
      code: 2,
      line: "option '--concurrency <n>' argument '99999' is invalid. it must be at most 256 (see colloquy --help)",
    },
  ],
  [
    'a concurrency of 0',
    () => migrate('--concurrency', '0'),
    { code: 2, line: /argument '0' is invalid. it must be a positive integer/ },
  ],
  [
    'a missing --config file',
    () => [...migrate(), '--config', join(folder, 'none.json')],
    { code: 2, line: /^--config .*none\.json: ENOENT/ },
  ],
  [
    'inspection with a wrong key',
    () => ['conversations', 'list', '--provider', 'ultracart'],
    {
      code: 2,
      line: /^conversations\.list: 401.*\(401 at GET http:.*\); check COLLOQUY_ULTRACART_SIMPLE_KEY/,
    },
    () => ({ ...world.env, COLLOQUY_ULTRACART_SIMPLE_KEY: 'wrong' }),
  ],
  [
    'inspection of a missing conversation',
    () => ['conversations', 'get', 'no-such-conversation', '--provider', 'sunshine'],
    { code: 1, line: /^conversations\.get: 404/ },
  ],
]

/** Runs `tasks` a few at a time: each spawns a process, and the machine may have two cores. */
const few = async <A>(tasks: readonly (() => Promise<A>)[], width = 3): Promise<A[]> => {
  const results: A[] = []
  let next = 0
  const lane = async () => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await (tasks[index] as () => Promise<A>)()
    }
  }
  await Promise.all(Array.from({ length: width }, lane))
  return results
}

describe('every bad input: its exit code and one line, no stack trace, nothing written', () => {
  let results: CliResult[]
  beforeAll(async () => {
    // Each in a folder of its own: the default ledger is ./colloquy-ledger.jsonl.
    results = await few(
      cases.map(
        ([, args, , env]) =>
          async () =>
            runCli(await args(), env?.() ?? world.env, { cwd: await newFolder() }).done,
      ),
    )
  }, 120_000)

  it.each(cases.map((testCase, index) => [testCase[0], index] as const))('%s', (_, index) => {
    const [, , expected] = cases[index] as Case
    const result = results[index] as CliResult
    expect(result.code, result.stderr).toBe(expected.code)
    expect(result.stderr).toMatch(/^colloquy: [^\n]+\n$/)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    const line = result.stderr.slice('colloquy: '.length, -1)
    if (typeof expected.line === 'string') expect(line).toBe(expected.line)
    else expect(line).toMatch(expected.line)
    expect(result.stdout).toBe('')
  })

  it('wrote nothing to the target', () => {
    expect(world.sunshine.state().conversations).toEqual([])
    expect(world.smooch.state().appUsers).toEqual([])
  })
})
