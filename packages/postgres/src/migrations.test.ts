import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enqueueMigration, migrationStatus } from './migrations.js'
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
