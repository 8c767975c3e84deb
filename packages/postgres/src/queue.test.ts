import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHeartbeat } from './queue.js'
import { ensureSchema } from './schema.js'
import { freshDatabase } from './test-support/database.js'

let pool: pg.Pool

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await freshDatabase(), max: 3 })
  await ensureSchema(pool, 'colloquy')
})
afterAll(async () => {
  await pool.end()
})

/** Resolves once `condition` holds, checking every 50 ms (the test's timeout bounds the wait). */
const until = async (condition: () => Promise<boolean>) => {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50))
}

describe('startHeartbeat', () => {
  it('writes its row again when another worker swept it away (its beats had stalled), so it can be swept if it dies later', async () => {
    const unlocked: string[][] = []
    const heartbeat = startHeartbeat({
      pool,
      schema: 'colloquy',
      host: 'here',
      pid: 1,
      intervalMs: 20,
      staleAfterMs: 60_000,
      unlock: async (ids) => void unlocked.push(ids),
      onError: (error) => {
        throw error
      },
    })
    try {
      await heartbeat.register('pool-alive')
      // What a live worker's sweep does to a row whose beats stalled (a database outage, a frozen
      // event loop): deleted, its jobs handed back.
      await pool.query(`delete from colloquy.workers where worker_id = 'pool-alive'`)
      await until(async () => {
        const row = await pool.query(`select 1 from colloquy.workers where worker_id = 'pool-alive'`)
        return row.rowCount === 1
      })
      expect(unlocked).toEqual([])
    } finally {
      await heartbeat.stop()
    }
    const left = await pool.query('select worker_id from colloquy.workers')
    expect(left.rows).toEqual([])
  })
})
