import { createMemoryAdapter } from '@colloquy/core/memory'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryVendor } from '../../migrate/src/test-support/histories.js'
import { postgresLedger } from './ledger.js'
import { type MigrationWorkerEvent, startMigrationWorker } from './migration-worker.js'
import { enqueueMigration, migrationStatus } from './migrations.js'
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
