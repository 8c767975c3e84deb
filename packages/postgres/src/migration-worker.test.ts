import { createMemoryAdapter } from '@colloquy/core/memory'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryVendor } from '../../migrate/src/test-support/histories.js'
import { postgresLedger } from './ledger.js'
import { migrationStatus } from './migration-status.js'
import { type MigrationWorkerEvent, startMigrationWorker } from './migration-worker.js'
import { enqueueMigration } from './migrations.js'
import { freshDatabase } from './test-support/database.js'

let connectionString: string
let admin: pg.Pool
const closers: (() => Promise<void>)[] = []

beforeAll(async () => {
  connectionString = await freshDatabase()
  admin = new pg.Pool({ connectionString, max: 2 })
})
afterAll(async () => {
  for (const close of closers.reverse()) await close()
  await admin.end()
})

/** Resolves once `condition` holds, checking every 50 ms (the test's timeout bounds the wait). */
const until = async (condition: () => boolean | Promise<boolean>) => {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50))
}

const newLedger = () => {
  const ledger = postgresLedger({ connectionString })
  closers.push(() => ledger.close())
  return ledger
}

describe('startMigrationWorker', () => {
  it('marks a conversation failed, with the reason, when its job throws before copying (no adapters here)', async () => {
    const enqueued = await enqueueMigration({
      connectionString,
      id: 'no-adapters',
      source: 'memory',
      target: 'memory',
      conversations: ['c1'],
      maxAttempts: 1,
    })
    expect(enqueued.enqueued).toBe(1)
    const events: MigrationWorkerEvent[] = []
    const worker = await startMigrationWorker({
      connectionString,
      ledger: newLedger(),
      concurrency: 1,
      untilSettled: 'no-adapters',
      adapters: () => {
        throw new Error('COLLOQUY_MEMORY_KEY is not set on this machine')
      },
      onEvent: (event) => events.push(event),
    })
    closers.push(() => worker.stop())
    // The job ran its only attempt and stays failed in the queue.
    await until(async () => {
      const job = await admin.query(
        `select 1 from graphile_worker.jobs where key = 'colloquy:no-adapters:c1' and attempts = 1 and locked_at is null`,
      )
      return job.rowCount === 1
    })
    // …and the migration says so, so `status` and `--until-settled` do not wait for it forever.
    await worker.done
    const [status] = await migrationStatus({ connectionString, id: 'no-adapters' })
    expect(status?.conversations).toMatchObject({ total: 1, failed: 1, pending: 0, running: 0 })
    expect(status?.failures[0]?.lastError).toContain('COLLOQUY_MEMORY_KEY is not set')
    expect(status?.settled).toBe(true)
    expect(events).toContainEqual({
      type: 'error',
      message: expect.stringContaining('no-adapters c1: COLLOQUY_MEMORY_KEY is not set'),
    })
  })

  it('survives the database failing the --until-settled check, and settles once it answers again', async () => {
    const vendor = await memoryVendor()
    // Nothing to copy: the migration is settled as soon as the check can tell.
    await enqueueMigration({
      connectionString,
      id: 'check-fails',
      source: 'memory',
      target: 'memory',
      conversations: [],
    })
    // The check reads this table: without it every check fails, as with a database briefly away.
    await admin.query('alter table colloquy.migrations rename to migrations_away')
    const errors: string[] = []
    const worker = await startMigrationWorker({
      connectionString,
      ledger: newLedger(),
      concurrency: 1,
      untilSettled: 'check-fails',
      adapters: () => ({ source: vendor.adapter, target: createMemoryAdapter() }),
      onEvent: (event) => {
        if (event.type === 'error') errors.push(event.message)
      },
    })
    closers.push(() => worker.stop())
    try {
      await until(() => errors.filter((message) => message.includes('until-settled')).length >= 3)
    } finally {
      await admin.query('alter table colloquy.migrations_away rename to migrations')
    }
    await worker.done
    const [status] = await migrationStatus({ connectionString, id: 'check-fails' })
    expect(status?.settled).toBe(true)
  })

  it('refuses a migration enqueued for another account: nothing copied, each conversation failed at once with the reason', async () => {
    const vendor = await memoryVendor()
    const conversations = [vendor.seed(3), vendor.seed(2)]
    await enqueueMigration({
      connectionString,
      id: 'other-account',
      source: 'memory',
      target: 'memory',
      sourceAccount: 'memory shop-a',
      targetAccount: 'memory app-1',
      conversations,
    })
    const target = createMemoryAdapter()
    const events: MigrationWorkerEvent[] = []
    const worker = await startMigrationWorker({
      connectionString,
      ledger: newLedger(),
      concurrency: 1,
      untilSettled: 'other-account',
      // This machine's environment points the target at another app.
      adapters: () => ({
        source: vendor.adapter,
        target,
        sourceAccount: 'memory shop-a',
        targetAccount: 'memory app-2',
      }),
      onEvent: (event) => events.push(event),
    })
    closers.push(() => worker.stop())
    await worker.done
    expect(target.memory.snapshot().conversations).toHaveLength(0)
    const [status] = await migrationStatus({ connectionString, id: 'other-account' })
    expect(status).toMatchObject({ sourceAccount: 'memory shop-a', targetAccount: 'memory app-1' })
    // Failed on their first attempt, not retried: a wrong account does not heal by waiting.
    expect(status?.conversations).toMatchObject({ total: 2, failed: 2, migrated: 0, retrying: 0 })
    expect(status?.failures.map((failure) => failure.attempts)).toEqual([1, 1])
    const reason =
      "migration other-account refused: its target is memory app-1 but this worker reaches memory app-2; nothing copied (check this worker's settings)"
    expect(status?.failures.map((failure) => failure.lastError)).toEqual([reason, reason])
    const jobs = await admin.query(
      `select 1 from graphile_worker.jobs where key like 'colloquy:other-account:%'`,
    )
    expect(jobs.rowCount).toBe(0)
    // Said once per migration, not once per conversation.
    expect(events.filter((event) => event.type === 'refused')).toEqual([
      { type: 'refused', migrationId: 'other-account', message: reason },
    ])
    expect(events.filter((event) => event.type === 'started')).toEqual([])
  })

  it('refuses a worker that does not name the account a migration recorded, and copies where the accounts match', async () => {
    const vendor = await memoryVendor()
    const conversation = vendor.seed(3)
    const enqueue = () =>
      enqueueMigration({
        connectionString,
        id: 'named-account',
        source: 'memory',
        target: 'memory',
        sourceAccount: 'memory shop-a',
        targetAccount: 'memory app-1',
        conversations: [conversation],
      })
    const target = createMemoryAdapter()
    const work = async (accounts: { sourceAccount?: string; targetAccount?: string }) => {
      const worker = await startMigrationWorker({
        connectionString,
        ledger: newLedger(),
        concurrency: 1,
        untilSettled: 'named-account',
        adapters: () => ({ source: vendor.adapter, target, ...accounts }),
      })
      closers.push(() => worker.stop())
      await worker.done
      return (await migrationStatus({ connectionString, id: 'named-account' }))[0]
    }
    await enqueue()
    const unnamed = await work({})
    expect(unnamed?.conversations).toMatchObject({ failed: 1, migrated: 0 })
    expect(unnamed?.failures[0]?.lastError).toContain(
      'its source is memory shop-a but this worker reaches an account it does not name; its target is memory app-1',
    )
    expect(target.memory.snapshot().conversations).toHaveLength(0)
    // Enqueued again, a worker reaching the recorded accounts copies it.
    await enqueue()
    const matching = await work({ sourceAccount: 'memory shop-a', targetAccount: 'memory app-1' })
    expect(matching?.conversations).toMatchObject({ total: 1, migrated: 1, failed: 0 })
    expect(matching?.messages.migrated).toBe(3)
    expect(target.memory.snapshot().conversations).toHaveLength(1)
  })

  it('stops when told to, and its done resolves with it', async () => {
    const worker = await startMigrationWorker({
      connectionString,
      ledger: newLedger(),
      concurrency: 1,
      adapters: () => ({ source: createMemoryAdapter(), target: createMemoryAdapter() }),
    })
    await expect(worker.stop()).resolves.toBeUndefined()
    await expect(worker.done).resolves.toBeUndefined()
    // Asked again, it is the same stop.
    await expect(worker.stop()).resolves.toBeUndefined()
  })

  it('says when the migration it should wait for is not in the database', async () => {
    const errors: string[] = []
    const worker = await startMigrationWorker({
      connectionString,
      ledger: newLedger(),
      concurrency: 1,
      untilSettled: 'mistyped',
      adapters: () => ({ source: createMemoryAdapter(), target: createMemoryAdapter() }),
      onEvent: (event) => {
        if (event.type === 'error') errors.push(event.message)
      },
    })
    closers.push(() => worker.stop())
    await until(() => errors.length > 0)
    expect(errors).toEqual(['no migration mistyped in colloquy.migrations yet: waiting for it'])
    await worker.stop()
  })
})
