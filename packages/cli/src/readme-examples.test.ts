import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSmoochV1Emulator, startSunshineEmulator, startUltraCartEmulator } from '@colloquy/emulators'
import { transform } from 'esbuild'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase } from '../../postgres/src/test-support/database.js'

// The README usage examples run exactly as written, with plain node against the built packages:
// the vendors' hosts are redirected to the emulators by a preloaded `fetch` wrapper, and the
// free names an example leaves to the reader (`appId`, `conversationId`, …) are defined before it.
// Fragments that only make sense inside other code (the conformance-suite and deduper snippets
// in core's README) are not run.
const root = fileURLToPath(new URL('../../../', import.meta.url))
const firstTypeScriptBlock = async (readme: string, index = 0) => {
  const blocks = [...(await readFile(join(root, readme), 'utf8')).matchAll(/^```ts\n([\s\S]*?)^```/gm)]
  const block = blocks[index]?.[1]
  if (block === undefined) throw new Error(`${readme} has no TypeScript block #${index}`)
  return block
}

const redirectingFetch = `
const redirects = JSON.parse(process.env.README_REDIRECTS ?? '[]')
const original = globalThis.fetch
globalThis.fetch = (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init)
  const rule = redirects.find(([from]) => request.url.startsWith(from))
  return rule ? original(new Request(rule[1] + request.url.slice(rule[0].length), request)) : original(input, init)
}
`

let scratch: string
const run = async (example: {
  readme: string
  index?: number
  prelude?: string
  env?: Record<string, string>
  redirects?: [string, string][]
}) => {
  const code = `${example.prelude ?? ''}\n${await firstTypeScriptBlock(example.readme, example.index)}`
  const { code: js } = await transform(code, { loader: 'ts', format: 'esm', target: 'node20' })
  // Inside the workspace, so `@colloquy/*` resolve as they do for a user; run from a scratch cwd.
  const file = join(
    root,
    'packages/cli',
    `.readme-example-${example.readme.replaceAll('/', '-')}-${example.index ?? 0}.mjs`,
  )
  await writeFile(file, js)
  try {
    return await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', join(scratch, 'redirect.mjs'), file], {
        cwd: scratch,
        env: {
          PATH: process.env.PATH,
          README_REDIRECTS: JSON.stringify(example.redirects ?? []),
          ...example.env,
        },
      })
      let output = ''
      child.stdout.on('data', (chunk) => {
        output += chunk
      })
      child.stderr.on('data', (chunk) => {
        output += chunk
      })
      child.on('close', (exitCode) => resolve({ code: exitCode, output }))
    })
  } finally {
    await rm(file, { force: true })
  }
}

describe('README examples run as written', () => {
  let sunshine: Awaited<ReturnType<typeof startSunshineEmulator>>
  let smooch: Awaited<ReturnType<typeof startSmoochV1Emulator>>
  let ultracart: Awaited<ReturnType<typeof startUltraCartEmulator>>
  let conversationId: string
  const sunshineHost: () => [string, string] = () => ['https://api.smooch.io', sunshine.url]
  const ultracartHost: () => [string, string] = () => ['https://secure.ultracart.com/rest/v2', ultracart.url]

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'colloquy-readme-'))
    await writeFile(join(scratch, 'redirect.mjs'), redirectingFetch)
    ;[sunshine, smooch, ultracart] = await Promise.all([
      startSunshineEmulator(),
      startSmoochV1Emulator(),
      startUltraCartEmulator(),
    ])
    conversationId =
      sunshine.seed({
        users: [{ externalId: 'readme' }],
        conversations: [{ participants: [{ userExternalId: 'readme' }] }],
      }).conversations[0]?.id ?? ''
    const customer = { arn: 'arn:ultracart:DEMO:participant/jane', name: 'Jane' }
    ultracart.seed({
      conversations: [
        {
          participants: [customer],
          messages: [{ authorArn: customer.arn, body: 'Hello', messageEpoch: 1_735_689_600_000 }],
        },
      ],
    })
  })
  afterAll(async () => {
    await Promise.all([sunshine.close(), smooch.close(), ultracart.close()])
    await rm(scratch, { recursive: true, force: true })
  })

  const expectRuns = (result: { code: number | null; output: string }) =>
    expect(result.code, result.output).toBe(0)
  const sunshineEnv = () => ({
    COLLOQUY_SUNSHINE_APP_ID: sunshine.credentials.appId,
    COLLOQUY_SUNSHINE_KEY_ID: sunshine.credentials.keyId,
    COLLOQUY_SUNSHINE_KEY_SECRET: sunshine.credentials.keySecret,
    COLLOQUY_SUNSHINE_BASE_URL: sunshine.url,
  })

  it('root README: the 10-line example prints the history', async () => {
    const result = await run({ readme: 'README.md' })
    expectRuns(result)
    expect(result.output).toContain('Hello!')
  })

  it('root README: switching vendors sends through the adapter the environment names', async () => {
    const before = sunshine.requests().length
    expectRuns(
      await run({
        readme: 'README.md',
        index: 1,
        prelude: `const conversationId = '${conversationId}'`,
        env: sunshineEnv(),
      }),
    )
    expect(sunshine.requests().length).toBeGreaterThan(before)
  })

  it('core README: both result styles', async () => {
    const result = await run({ readme: 'packages/core/README.md' })
    expectRuns(result)
    expect(result.output).toContain('missing')
  })

  it('sunshine-adapter README', async () => {
    const { appId, keyId, keySecret } = sunshine.credentials
    expectRuns(
      await run({
        readme: 'packages/sunshine-adapter/README.md',
        env: { SUNSHINE_APP_ID: appId, SUNSHINE_KEY_ID: keyId, SUNSHINE_KEY_SECRET: keySecret },
        redirects: [sunshineHost()],
      }),
    )
  })

  it('smooch-v1-adapter README', async () => {
    const { appId, keyId, keySecret } = smooch.credentials
    const prelude = `const [appId, keyId, keySecret] = ${JSON.stringify([appId, keyId, keySecret])}`
    expectRuns(
      await run({
        readme: 'packages/smooch-v1-adapter/README.md',
        prelude,
        redirects: [['https://api.smooch.io', smooch.url]],
      }),
    )
  })

  it('ultracart-adapter README', async () => {
    expectRuns(
      await run({
        readme: 'packages/ultracart-adapter/README.md',
        env: { ULTRACART_SIMPLE_KEY: ultracart.credentials.simpleKey },
        redirects: [ultracartHost()],
      }),
    )
  })

  it('migrate README: copies UltraCart history into Sunshine with a ledger', async () => {
    const { appId, keyId, keySecret } = sunshine.credentials
    const prelude = `const [simpleKey, appId, keyId, keySecret] = ${JSON.stringify([ultracart.credentials.simpleKey, appId, keyId, keySecret])}`
    const result = await run({
      readme: 'packages/migrate/README.md',
      prelude,
      redirects: [sunshineHost(), ultracartHost()],
    })
    expectRuns(result)
    expect(result.output).toContain('1 copied')
    expect(await readFile(join(scratch, 'colloquy-ledger.jsonl'), 'utf8')).toContain('message')
  })

  it('migrate README: verifyMigration proves what the first example copied', async () => {
    const { appId, keyId, keySecret } = sunshine.credentials
    const prelude = `const [simpleKey, appId, keyId, keySecret] = ${JSON.stringify([ultracart.credentials.simpleKey, appId, keyId, keySecret])}`
    const result = await run({
      readme: 'packages/migrate/README.md',
      index: 1,
      prelude,
      redirects: [sunshineHost(), ultracartHost()],
    })
    expectRuns(result)
    expect(result.output).toMatch(/^(\d+) of \1 conversations proven$/m)
  })

  it('postgres README: a migration with the ledger in PostgreSQL', async () => {
    const database = await freshDatabase()
    const { appId, keyId, keySecret } = sunshine.credentials
    const prelude = [
      "import { createSunshineAdapter } from '@colloquy/sunshine-adapter'",
      "import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'",
      `const source = createUltraCartAdapter({ simpleKey: ${JSON.stringify(ultracart.credentials.simpleKey)}, baseUrl: ${JSON.stringify(ultracart.url)}, rateLimit: false })`,
      `const target = createSunshineAdapter(${JSON.stringify({ appId, keyId, keySecret, baseUrl: sunshine.url })})`,
    ].join('\n')
    expectRuns(await run({ readme: 'packages/postgres/README.md', prelude, env: { DATABASE_URL: database } }))
    const client = new pg.Client({ connectionString: database })
    await client.connect()
    const recorded = await client.query('select count(*)::int as n from colloquy.ledger_messages')
    await client.end()
    expect(recorded.rows[0].n).toBeGreaterThan(0)
  })

  it('migrate README: startSync follows a source until it is idle', async () => {
    const { appId, keyId, keySecret } = sunshine.credentials
    const [source] = ultracart.seed({
      conversations: [
        {
          participants: [{ arn: 'arn:ultracart:DEMO:participant/readme-sync', name: 'Ann' }],
          messages: [
            {
              authorArn: 'arn:ultracart:DEMO:participant/readme-sync',
              body: 'hi',
              messageEpoch: Date.UTC(2025, 0, 1),
            },
          ],
        },
      ],
    })
    const prelude = [
      "import { createSunshineAdapter } from '@colloquy/sunshine-adapter'",
      "import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'",
      `const source = createUltraCartAdapter({ simpleKey: ${JSON.stringify(ultracart.credentials.simpleKey)}, rateLimit: false })`,
      `const target = createSunshineAdapter(${JSON.stringify({ appId, keyId, keySecret })})`,
      `const conversations = ${JSON.stringify([source?.uuid])}`,
      'const untilIdleMs = 300',
    ].join('\n')
    const result = await run({
      readme: 'packages/migrate/README.md',
      index: 2,
      prelude,
      redirects: [sunshineHost(), ultracartHost()],
    })
    expectRuns(result)
    expect(result.output).toContain('idle: 0 copied live, lag 0 ms at the end')
  })

  it('cli README: createAdapter from the environment', async () => {
    expectRuns(await run({ readme: 'packages/cli/README.md', env: sunshineEnv() }))
  })

  it('http README: a request spec builds against the transport', async () => {
    const { appId, keyId, keySecret } = sunshine.credentials
    const prelude = `const config = ${JSON.stringify({ baseUrl: sunshine.url, keyId, keySecret })}; const [appId, conversationId, cursor] = ${JSON.stringify([appId, conversationId])}`
    expectRuns(await run({ readme: 'packages/http/README.md', prelude }))
  })

  it('emulators README', async () => {
    expectRuns(await run({ readme: 'packages/emulators/README.md' }))
  })
})
