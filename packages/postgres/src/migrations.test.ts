import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrationStatus } from './migration-status.js'
import { enqueueMigration } from './migrations.js'
import { schemaVersion } from './schema.js'
import { freshDatabase } from './test-support/database.js'

let connectionString: string
let admin: pg.Pool

beforeAll(async () => {
  connectionString = await freshDatabase()
  admin = new pg.Pool({ connectionString, max: 1 })
})
afterAll(async () => {
  await admin.end()
})

describe('enqueueMigration', () => {
  it('gives every conversation of every migration a job of its own, whatever the ids hold', async () => {
    // Job keys are `colloquy:<migration>:<conversation>`: `a` + `b:c` and `a:b` + `c` must not meet.
    await enqueueMigration({
      connectionString,
      id: 'a',
      source: 'memory',
      target: 'memory',
      conversations: ['b:c'],
    })
    await expect(
      enqueueMigration({
        connectionString,
        id: 'a:b',
        source: 'memory',
        target: 'memory',
        conversations: ['c'],
      }),
    ).rejects.toThrow(/id must not contain ":"/)
    const jobs = await admin.query<{ payload: unknown }>('select payload from graphile_worker._private_jobs')
    expect(jobs.rows.map((row) => row.payload)).toEqual([{ migrationId: 'a', sourceConversationId: 'b:c' }])
    expect(await migrationStatus({ connectionString, id: 'a:b' })).toEqual([])
  })
})

describe('enqueueMigration with accounts', () => {
  const enqueue = (id: string, accounts: { sourceAccount?: string; targetAccount?: string }) =>
    enqueueMigration({
      connectionString,
      id,
      source: 'memory',
      target: 'memory',
      conversations: ['x1'],
      ...accounts,
    })

  it('refuses the same id for another target account, so its finished conversations are not reported as done', async () => {
    await enqueue('tenant-move', { sourceAccount: 'memory shop-a', targetAccount: 'memory app-1' })
    await admin.query(
      `update colloquy.migration_conversations set status = 'migrated' where migration_id = 'tenant-move'`,
    )
    await expect(
      enqueue('tenant-move', { sourceAccount: 'memory shop-a', targetAccount: 'memory app-2' }),
    ).rejects.toThrow(
      'migration tenant-move is memory shop-a → memory app-1, not memory shop-a → memory app-2; choose another id',
    )
    await expect(enqueue('tenant-move', { sourceAccount: 'memory shop-b' })).rejects.toThrow(
      /is memory shop-a → memory app-1, not memory shop-b → memory; choose another id/,
    )
    // The same accounts, or none given (a library caller), resume it.
    expect(
      await enqueue('tenant-move', { sourceAccount: 'memory shop-a', targetAccount: 'memory app-1' }),
    ).toMatchObject({ alreadyMigrated: 1 })
    expect(await enqueue('tenant-move', {})).toMatchObject({ alreadyMigrated: 1 })
    const [status] = await migrationStatus({ connectionString, id: 'tenant-move' })
    expect(status).toMatchObject({ sourceAccount: 'memory shop-a', targetAccount: 'memory app-1' })
  })

  it('records accounts on a migration that had none, and never changes a recorded one', async () => {
    await enqueue('late-accounts', {})
    const [before] = await migrationStatus({ connectionString, id: 'late-accounts' })
    expect(before).not.toHaveProperty('targetAccount')
    await enqueue('late-accounts', { targetAccount: 'memory app-1' })
    await expect(enqueue('late-accounts', { targetAccount: 'memory app-2' })).rejects.toThrow(
      /is memory → memory app-1, not memory → memory app-2/,
    )
    const [after] = await migrationStatus({ connectionString, id: 'late-accounts' })
    expect(after).toMatchObject({ targetAccount: 'memory app-1' })
    expect(after).not.toHaveProperty('sourceAccount')
  })
})

describe('migrationStatus', () => {
  it('reads an empty or foreign database without creating anything in it', async () => {
    const foreign = await freshDatabase()
    expect(await migrationStatus({ connectionString: foreign })).toEqual([])
    const client = new pg.Client({ connectionString: foreign })
    await client.connect()
    const schema = await client.query(`select to_regnamespace('colloquy') as found`)
    await client.end()
    expect(schema.rows).toEqual([{ found: null }])
  })

  it('works on a read-only connection (a replica, a read-only role)', async () => {
    const database = await freshDatabase()
    await enqueueMigration({
      connectionString: database,
      id: 'ro',
      source: 'memory',
      target: 'memory',
      conversations: ['x'],
    })
    const url = new URL(database)
    url.searchParams.set('options', '-c default_transaction_read_only=on')
    const [status] = await migrationStatus({ connectionString: url.toString() })
    expect(status).toMatchObject({ id: 'ro', conversations: { total: 1, pending: 1 } })
  })

  it('refuses a database migrated by a newer version of the package', async () => {
    const database = await freshDatabase()
    await enqueueMigration({
      connectionString: database,
      id: 'new',
      source: 'memory',
      target: 'memory',
      conversations: [],
    })
    const client = new pg.Client({ connectionString: database })
    await client.connect()
    await client.query('insert into colloquy.schema_version (version) values ($1)', [schemaVersion + 1])
    await client.end()
    await expect(migrationStatus({ connectionString: database })).rejects.toThrow(/newer than this package/)
  })
})
