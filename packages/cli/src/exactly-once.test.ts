import { existsSync } from 'node:fs'
import { readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  duplicatesIn,
  newFolder,
  seedUltraCart,
  startWorld,
  targetHistories,
  type World,
} from './test-support/migration-world.js'
import { copying, jsonReport, main, runCli } from './test-support/run-cli.js'

let world: World
beforeAll(async () => {
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (pnpm build)`)
  world = await startWorld()
})
afterAll(() => world.close())

/** The target emulator answers slowly, so a run is still copying when the test acts on it. */
const slowTarget = (target: 'sunshine' | 'smooch-v1', latencyMs: number) =>
  (target === 'sunshine' ? world.sunshine : world.smooch).setFaults(latencyMs > 0 ? { latencyMs } : {})

/**
 * Starts a run (`--json`, one conversation at a time) against a slow target and freezes it with
 * SIGSTOP as soon as it has copied a message: certainly midway, however busy the machine.
 */
const frozenMidCopy = async (
  target: 'sunshine' | 'smooch-v1',
  args: readonly string[],
  also: () => boolean = () => true,
) => {
  slowTarget(target, 40)
  const run = runCli([...args, '--json', '--concurrency', '1'], world.env)
  expect(await run.line(copying)).toBeDefined()
  // Whatever else must be true first (a file the run writes in its own time): checked until it is.
  while (!also() && run.child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20))
  expect(run.child.exitCode, 'the run ended before it could be frozen').toBeNull()
  run.child.kill('SIGSTOP')
  return run
}

/** Each source conversation's messages are in the target once, in order, in one conversation. */
const expectExactlyOnce = (target: 'sunshine' | 'smooch-v1', expected: readonly (readonly string[])[]) => {
  const histories = targetHistories(world, target)
  expect(duplicatesIn(histories)).toBe(0)
  for (const messages of expected) {
    const holding = histories.filter((history) => history.some((id) => messages.includes(id as string)))
    expect(holding).toHaveLength(1)
    expect(holding[0]?.filter((id) => messages.includes(id as string))).toEqual(messages)
  }
}

describe.each(['sunshine', 'smooch-v1'] as const)(
  'exactly once into %s without the ledger file',
  (target) => {
    it('a complete run repeated with a new ledger, and from another directory, copies nothing again', async () => {
      const source = await seedUltraCart(world, 3, 40)
      const folder = await newFolder()
      const migrate = (ledger: string[], cwd?: string) =>
        runCli(
          [
            'migrate',
            '--from',
            'ultracart',
            '--to',
            target,
            '--conversations',
            source.file,
            ...ledger,
            '--json',
          ],
          world.env,
          cwd === undefined ? {} : { cwd },
        ).done
      const first = await migrate(['--ledger', join(folder, 'first.jsonl')])
      expect(first.code, first.stderr).toBe(0)
      expect(jsonReport(first.stdout).totals).toMatchObject({ migrated: 120, skipped: 0 })
      const repeated = await migrate(['--ledger', join(folder, 'second.jsonl')])
      expect(repeated.code, repeated.stderr).toBe(0)
      expect(jsonReport(repeated.stdout).totals).toMatchObject({ migrated: 0, skipped: 120, failed: 0 })
      // Another directory: the default ./colloquy-ledger.jsonl there is new.
      const elsewhere = await migrate([], await newFolder())
      expect(elsewhere.code, elsewhere.stderr).toBe(0)
      expect(jsonReport(elsewhere.stdout).totals).toMatchObject({ migrated: 0, skipped: 120 })
      const none = await migrate(['--no-ledger'])
      expect(jsonReport(none.stdout).totals).toMatchObject({ migrated: 0, skipped: 120 })
      expectExactlyOnce(target, source.messages)
    })

    it('a run whose ledger is deleted midway is finished by the next run without a duplicate', async () => {
      const source = await seedUltraCart(world, 2, 60)
      const ledger = join(await newFolder(), 'ledger.jsonl')
      const args = [
        'migrate',
        '--from',
        'ultracart',
        '--to',
        target,
        '--conversations',
        source.file,
        '--ledger',
        ledger,
      ]
      // Frozen mid-copy, its ledger deleted, then killed: the worst moment for the ledger to go.
      const interrupted = await frozenMidCopy(target, args, () => existsSync(ledger))
      await unlink(ledger)
      interrupted.child.kill('SIGKILL')
      await interrupted.done
      slowTarget(target, 0)
      const resumed = await runCli([...args, '--json'], world.env).done
      expect(resumed.code, resumed.stderr).toBe(0)
      const totals = jsonReport(resumed.stdout).totals
      expect(totals.skipped).toBeGreaterThan(0)
      expect((totals.migrated ?? 0) + (totals.skipped ?? 0)).toBe(120)
      expectExactlyOnce(target, source.messages)
    })
  },
)

describe('one ledger, one writer', () => {
  it('refuses a second run on a ledger in use with one line naming the other process', async () => {
    const source = await seedUltraCart(world, 2, 30)
    const ledger = join(await newFolder(), 'ledger.jsonl')
    const args = [
      'migrate',
      '--from',
      'ultracart',
      '--to',
      'sunshine',
      '--conversations',
      source.file,
      '--ledger',
      ledger,
    ]
    // Paused, so it certainly still holds the ledger while the second one starts.
    const first = await frozenMidCopy('sunshine', args)
    const second = await runCli(args, world.env).done
    first.child.kill('SIGCONT')
    slowTarget('sunshine', 0)
    expect(second.code).toBe(2)
    expect(second.stderr).toMatch(
      new RegExp(
        `^colloquy: ledger ${ledger} is in use by process ${first.child.pid} on .+: one run per ledger at a time \\(.+\\)\\n$`,
      ),
    )
    expect((await first.done).code).toBe(0)
    expectExactlyOnce('sunshine', source.messages)
  })
})

describe('interrupting', () => {
  it('SIGINT stops cleanly with exit 130 and a written report; the next run completes exactly once', async () => {
    const source = await seedUltraCart(world, 2, 50)
    const folder = await newFolder()
    const report = join(folder, 'report.json')
    const args = ['migrate', '--from', 'ultracart', '--to', 'sunshine', '--conversations', source.file]
    const ledger = ['--ledger', join(folder, 'ledger.jsonl')]
    const run = await frozenMidCopy('sunshine', [...args, ...ledger, '--report', report])
    run.child.kill('SIGINT')
    run.child.kill('SIGCONT')
    const stopped = await run.done
    slowTarget('sunshine', 0)
    expect(stopped.code, stopped.stderr).toBe(130)
    expect(stopped.stderr).toContain('colloquy: interrupted: finishing what is in flight, then the report')
    const written = JSON.parse(await readFile(report, 'utf8'))
    expect(written).toMatchObject({ interrupted: true })
    expect(written.totals.migrated).toBeLessThan(100)
    const resumed = await runCli([...args, ...ledger, '--json'], world.env).done
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(jsonReport(resumed.stdout).totals).toMatchObject({ skipped: written.totals.migrated, failed: 0 })
    expectExactlyOnce('sunshine', source.messages)
  })
})

describe('a Smooch v1 target conversation whose appUser has no messages yet', () => {
  it('is an empty history, not a failed read: every re-run exits 0', async () => {
    const source = await seedUltraCart(world, 1, 0)
    const ledger = join(await newFolder(), 'ledger.jsonl')
    const args = ['migrate', '--from', 'ultracart', '--to', 'smooch-v1', '--conversations', source.file]
    for (const extra of [['--ledger', ledger], ['--ledger', ledger], ['--no-ledger']]) {
      const run = await runCli([...args, ...extra, '--json'], world.env).done
      expect(run.code, run.stderr).toBe(0)
      expect(jsonReport(run.stdout).totals).toMatchObject({
        conversations: 1,
        conversationsFailed: 0,
        migrated: 0,
      })
    }
  })
})
