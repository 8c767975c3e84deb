import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureSchema, schemaVersion } from './schema.js'
import { freshDatabase } from './test-support/database.js'

let connectionString: string
const pools: pg.Pool[] = []
const pool = () => {
  const made = new pg.Pool({ connectionString })
  pools.push(made)
  return made
}

beforeAll(async () => {
  connectionString = await freshDatabase()
})
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()))
})

describe('ensureSchema', () => {
  it('creates the tables once when many processes start at the same moment', async () => {
    await Promise.all(Array.from({ length: 8 }, () => ensureSchema(pool(), 'colloquy')))
    const versions = await pool().query('select version from colloquy.schema_version')
    // Each step once, in order.
    expect(versions.rows).toEqual(
      Array.from({ length: schemaVersion }, (_, index) => ({ version: index + 1 })),
    )
  })

  it('brings a version-1 database up to date, leaving its migrations without accounts', async () => {
    const old = pool()
    await ensureSchema(old, 'upgraded')
    // Back to version 1, as a database made before the accounts step.
    await old.query('alter table upgraded.migrations drop column source_account, drop column target_account')
    await old.query('delete from upgraded.schema_version where version > 1')
    await old.query(
      `insert into upgraded.migrations (id, source_provider, target_provider) values ('before', 'ultracart', 'sunshine')`,
    )
    await ensureSchema(pool(), 'upgraded')
    const rows = await old.query('select id, source_account, target_account from upgraded.migrations')
    expect(rows.rows).toEqual([{ id: 'before', source_account: null, target_account: null }])
  })

  it('refuses a database migrated by a newer version of the package', async () => {
    const admin = pool()
    await ensureSchema(admin, 'future')
    await admin.query('insert into future.schema_version (version) values ($1)', [schemaVersion + 1])
    await expect(ensureSchema(pool(), 'future')).rejects.toThrow(/newer than this package/)
  })

  it('tries again after a failure instead of remembering it', async () => {
    const broken = new pg.Pool({ connectionString: connectionString.replace(/\/[^/]+$/, '/missing_db') })
    pools.push(broken)
    await expect(ensureSchema(broken, 'colloquy')).rejects.toThrow(/missing_db/)
    await expect(ensureSchema(broken, 'colloquy')).rejects.toThrow(/missing_db/)
  })
})
