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
    expect(versions.rows).toEqual([{ version: schemaVersion }])
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
