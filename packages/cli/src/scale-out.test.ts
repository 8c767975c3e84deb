import { startSunshineEmulator } from '@colloquy/emulators'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase } from '../../postgres/src/test-support/database.js'
import { startCountingProxy } from './test-support/counting-proxy.js'
import { seedUltraCart, startWorld, targetHistories, type World } from './test-support/migration-world.js'
import { runCli } from './test-support/run-cli.js'

let world: World
beforeAll(async () => {
  world = await startWorld()
})
afterAll(async () => {
  await world.close()
})

/** Resolves once `condition` holds, checking every 50 ms (the test's timeout bounds the wait). */
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50))
}

const messagesInTarget = () => targetHistories(world, 'sunshine').flat().length

const enqueue = async (env: NodeJS.ProcessEnv, file: string, migrationId: string) => {
  const enqueued = await runCli(
    [
      'migrate',
      '--from',
      'ultracart',
      '--to',
      'sunshine',
      '--conversations',
      file,
      '--database',
      '--no-work',
      '--migration-id',
      migrationId,
    ],
    env,
  ).done
  expect(enqueued.stderr).toContain(`enqueued ${migrationId}`)
  expect(enqueued.code).toBe(0)
}

describe('colloquy migrate --database and colloquy worker (PostgreSQL, graphile-worker)', () => {
  it('three workers, two of them SIGKILLed midway, copy every message exactly once and in order', async () => {
    const database = await freshDatabase()
    const source = await seedUltraCart(world, 30, 100)
    world.ultracart.setFaults({ seed: 5, serverErrors: 0.02, resets: 0.02 })
    world.sunshine.setFaults({ seed: 9, serverErrors: 0.02, resets: 0.02, lostResponses: 0.02 })
    const env = { ...world.env, COLLOQUY_SUNSHINE_RATE_LIMIT: 'off', COLLOQUY_DATABASE_URL: database }
    const before = messagesInTarget()
    try {
      await enqueue(env, source.file, 'kill-test')
      const workers = [0, 1, 2].map(() =>
        runCli(
          ['worker', '--concurrency', '3', '--until-settled', 'kill-test', '--stale-after', '1500'],
          env,
        ),
      )
      // Deterministic moments: after a fifth and after two thirds of the messages arrived.
      await until(() => messagesInTarget() - before >= 600)
      workers[0]?.child.kill('SIGKILL')
      await until(() => messagesInTarget() - before >= 2_000)
      workers[1]?.child.kill('SIGKILL')
      const survivor = await workers[2]?.done
      expect(survivor?.stderr).not.toContain('Error:')
      expect(survivor?.code).toBe(0)
    } finally {
      world.ultracart.setFaults({})
      world.sunshine.setFaults({})
    }
    // Every source conversation is one target conversation holding its messages once, in order.
    const histories = targetHistories(world, 'sunshine')
    for (const [index, sourceId] of source.ids.entries()) {
      const expected = source.messages[index] ?? []
      const copies = histories.filter((history) => history.includes(expected[0]))
      expect(copies, `conversation ${sourceId}`).toHaveLength(1)
      expect(copies[0]).toEqual(expected)
    }
    const status = await runCli(['status', '--migration', 'kill-test', '--json'], env).done
    expect(status.code).toBe(0)
    const [migration] = JSON.parse(status.stdout).migrations
    expect(migration.conversations).toMatchObject({ total: 30, migrated: 30, failed: 0, running: 0 })
    expect(migration.messages.migrated + migration.messages.skipped).toBeGreaterThanOrEqual(3_000)
    expect(migration.settled).toBe(true)
  }, 180_000)

  it('four workers share one budget and stay within it; with per-process limits they exceed it', async () => {
    const database = await freshDatabase()
    // 60 requests per 10 s: the vendor's window, counted by the proxy in front of the emulator (a
    // window long enough that a busy machine's delays, which bunch arrivals, cannot fake a breach).
    const budget = 60
    const windowMs = 10_000
    const runFour = async (mode: 'shared' | 'per-process') => {
      const source = await seedUltraCart(world, 8, 10)
      const proxy = await startCountingProxy(world.sunshine.url)
      const env = {
        ...world.env,
        COLLOQUY_SUNSHINE_BASE_URL: proxy.url,
        COLLOQUY_SUNSHINE_RATE_LIMIT: `${budget}/${windowMs / 1000}`,
        // This machine may be running other suites beside this one: its delays between a grant and
        // the request reaching the vendor reach half a second, more than the default 5 % absorbs.
        COLLOQUY_BUDGET_HEADROOM: '0.15',
        COLLOQUY_DATABASE_URL: database,
      }
      try {
        await enqueue(env, source.file, `budget-${mode}`)
        // The enqueuing run checked the target once, outside any worker's budget.
        proxy.reset()
        const workers = [0, 1, 2, 3].map(() =>
          runCli(
            ['worker', '--concurrency', '2', '--until-settled', `budget-${mode}`, '--budget', mode],
            env,
          ),
        )
        for (const worker of workers) expect((await worker.done).code).toBe(0)
        return { most: await proxy.maxInWindow(windowMs), requests: await proxy.requests() }
      } finally {
        await proxy.close()
      }
    }
    const shared = await runFour('shared')
    expect(shared.requests).toBeGreaterThan(budget)
    expect(shared.most, `most requests in ${windowMs} ms, shared`).toBeLessThanOrEqual(budget)
    const perProcess = await runFour('per-process')
    expect(perProcess.most, `most requests in ${windowMs} ms, per process`).toBeGreaterThan(budget)
  }, 180_000)

  it('a worker whose settings reach another Sunshine app refuses the migration in one line and copies nothing; the id is not re-used for that app', async () => {
    const database = await freshDatabase()
    const source = await seedUltraCart(world, 2, 3)
    const otherApp = await startSunshineEmulator()
    const env = { ...world.env, COLLOQUY_SUNSHINE_RATE_LIMIT: 'off', COLLOQUY_DATABASE_URL: database }
    const otherEnv = {
      ...env,
      COLLOQUY_SUNSHINE_APP_ID: otherApp.credentials.appId,
      COLLOQUY_SUNSHINE_KEY_ID: otherApp.credentials.keyId,
      COLLOQUY_SUNSHINE_KEY_SECRET: otherApp.credentials.keySecret,
      COLLOQUY_SUNSHINE_BASE_URL: otherApp.url,
    }
    const recorded = `sunshine ${world.sunshine.credentials.appId} ${world.sunshine.url}`
    const reached = `sunshine ${otherApp.credentials.appId} ${otherApp.url}`
    const before = messagesInTarget()
    try {
      await enqueue(env, source.file, 'account-test')
      const refused = await runCli(['worker', '--until-settled', 'account-test'], otherEnv).done
      expect(refused.code).toBe(1)
      expect(refused.stderr.trim().split('\n')).toEqual([
        `migration account-test refused: its target is ${recorded} but this worker reaches ${reached}; nothing copied (check this worker's settings)`,
      ])
      expect(refused.stderr).not.toContain(otherApp.credentials.keySecret)
      expect(messagesInTarget()).toBe(before)
      expect(otherApp.state().conversations).toHaveLength(0)
      const status = await runCli(['status', '--migration', 'account-test', '--json'], env).done
      expect(status.code).toBe(1)
      const [migration] = JSON.parse(status.stdout).migrations
      expect(migration).toMatchObject({ targetAccount: recorded, conversations: { total: 2, failed: 2 } })
      expect(migration.failures[0].lastError).toContain(`but this worker reaches ${reached}`)
      // A worker joining once it has settled sees no failure itself; the database says 2 failed.
      const late = await runCli(['worker', '--until-settled', 'account-test'], env).done
      expect(late.code, late.stderr).toBe(1)

      // The same id enqueued for the other app would report its conversations as done there.
      const reused = await runCli(
        [
          'migrate',
          '--from',
          'ultracart',
          '--to',
          'sunshine',
          '--conversations',
          source.file,
          '--database',
          '--no-work',
          '--migration-id',
          'account-test',
        ],
        otherEnv,
      ).done
      expect(reused.code).toBe(2)
      expect(reused.stderr.trim().split('\n')).toHaveLength(1)
      expect(reused.stderr).toContain(`migration account-test is `)
      expect(reused.stderr).toContain(`→ ${recorded}, not `)
      expect(reused.stderr).toContain(`→ ${reached}; choose another id`)

      // Enqueued again where it belongs, a worker reaching the recorded app copies it.
      await enqueue(env, source.file, 'account-test')
      const matching = await runCli(['worker', '--until-settled', 'account-test'], env).done
      expect(matching.code).toBe(0)
      expect(messagesInTarget() - before).toBe(6)
    } finally {
      await otherApp.close()
    }
  })

  it('status and worker name a wrong database in one line, without its password', async () => {
    const env = { ...world.env, COLLOQUY_DATABASE_URL: 'postgres://colloquy:s3cret-pw@127.0.0.1:1/nowhere' }
    for (const args of [['status'], ['worker']]) {
      const result = await runCli(args, env).done
      expect(result.code).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toContain('127.0.0.1:1/nowhere')
      expect(result.stderr).not.toContain('s3cret-pw')
    }
    const missing = await runCli(['status'], { ...world.env }).done
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('COLLOQUY_DATABASE_URL')
  })
})
