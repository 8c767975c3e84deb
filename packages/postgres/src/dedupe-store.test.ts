import { createEventDeduper } from '@colloquy/core'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresDedupeStore } from './dedupe-store.js'
import { freshDatabase } from './test-support/database.js'

let connectionString: string
const stores: { close: () => Promise<void> }[] = []
const store = (options: { clock?: () => number; cleanupIntervalMs?: number } = {}) => {
  const made = postgresDedupeStore({ connectionString, ...options })
  stores.push(made)
  return made
}

beforeAll(async () => {
  connectionString = await freshDatabase()
})
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()))
})

describe('postgresDedupeStore', () => {
  it('answers true once per key, whichever instance asks', async () => {
    const [a, b] = [store(), store()]
    const expiresAt = Date.now() + 60_000
    expect(await a.addIfAbsent('sunshine:e1', expiresAt)).toBe(true)
    expect(await b.addIfAbsent('sunshine:e1', expiresAt)).toBe(false)
    expect(await a.addIfAbsent('sunshine:e1', expiresAt)).toBe(false)
    expect(await b.addIfAbsent('sunshine:e2', expiresAt)).toBe(true)
  })

  it('lets exactly one of many concurrent instances see a key first', async () => {
    const instances = Array.from({ length: 6 }, () => store())
    const expiresAt = Date.now() + 60_000
    const answers = await Promise.all(
      instances.flatMap((instance) => [1, 2, 3].map(() => instance.addIfAbsent('race', expiresAt))),
    )
    expect(answers.filter(Boolean)).toHaveLength(1)
  })

  it('treats an expired key as absent, and deletes expired keys now and then', async () => {
    let now = 0
    const instance = store({ clock: () => now, cleanupIntervalMs: 1_000 })
    // Already expired by the instance's clock.
    expect(await instance.addIfAbsent('old', now - 1_000)).toBe(true)
    expect(await instance.addIfAbsent('old', now - 1_000)).toBe(true)
    expect(await instance.addIfAbsent('other', now - 1_000)).toBe(true)
    now = 2_000
    expect(await instance.addIfAbsent('fresh', now + 60_000)).toBe(true)
    const client = new pg.Client({ connectionString })
    await client.connect()
    const keys = await client.query('select key from colloquy.dedupe_keys order by key')
    await client.end()
    expect(keys.rows.map((row) => row.key)).not.toContain('old')
    expect(keys.rows.map((row) => row.key)).not.toContain('other')
  })

  it('records a key even when the cleanup of expired keys fails, so the event is not lost on redelivery', async () => {
    let now = 0
    const instance = postgresDedupeStore({
      connectionString,
      schema: 'cleanup_fails',
      clock: () => now,
      cleanupIntervalMs: 1_000,
    })
    stores.push(instance)
    expect(await instance.addIfAbsent('first', Date.now() + 60_000)).toBe(true)
    // The cleanup fails (a statement timeout on a big delete, a lock timeout, a lost connection).
    const client = new pg.Client({ connectionString })
    await client.connect()
    await client.query(`
      create function cleanup_fails.refuse() returns trigger language plpgsql as
        $$ begin raise exception 'canceling statement due to statement timeout'; end $$;
      create trigger refuse before delete on cleanup_fails.dedupe_keys execute function cleanup_fails.refuse();`)
    await client.end()
    now = 2_000
    // The key went in before the cleanup: answered as new, or the webhook would answer 503 and
    // the vendor's redelivery would be taken for a duplicate and dropped.
    expect(await instance.addIfAbsent('sunshine:e-lost', Date.now() + 60_000)).toBe(true)
    expect(await instance.addIfAbsent('sunshine:e-lost', Date.now() + 60_000)).toBe(false)
  })

  it('keeps a key for its time to live on an app instance whose clock is behind the database', async () => {
    // An instance two hours behind: its "one hour from now" is already past by the database's clock.
    const behind = () => Date.now() - 2 * 3_600_000
    const dedupe = createEventDeduper({ store: store({ clock: behind }), clock: behind })
    const event = { provider: 'sunshine' as const, id: 'skewed' }
    expect(await dedupe.firstTime(event)).toBe(true)
    expect(await dedupe.firstTime(event)).toBe(false)
  })

  it('serves createEventDeduper across two app instances', async () => {
    const first = createEventDeduper({ store: store() })
    const second = createEventDeduper({ store: store() })
    const events = [
      { provider: 'sunshine', id: 'a' },
      { provider: 'sunshine', id: 'b' },
    ]
    expect(await first.filter(events)).toEqual(events)
    expect(await second.filter([...events, { provider: 'sunshine', id: 'c' }])).toEqual([
      { provider: 'sunshine', id: 'c' },
    ])
  })

  it('forgets a key on delete, so a failed event is handled again on redelivery', async () => {
    const [a, b] = [store(), store()]
    const deduper = createEventDeduper({ store: a })
    const event = { provider: 'smooch-v1', id: 'failed-once' }
    expect(await deduper.firstTime(event)).toBe(true)
    await deduper.forget(event)
    expect(await b.addIfAbsent('smooch-v1:failed-once', Date.now() + 60_000)).toBe(true)
  })

  it('uses a pool it is given and leaves it open', async () => {
    const pool = new pg.Pool({ connectionString })
    const instance = postgresDedupeStore({ pool, schema: 'colloquy_pooled' })
    expect(await instance.addIfAbsent('k', Date.now() + 60_000)).toBe(true)
    await instance.close()
    expect((await pool.query('select count(*)::int as n from colloquy_pooled.dedupe_keys')).rows[0].n).toBe(1)
    await pool.end()
  })

  it('refuses a bad schema name or connection before any query', () => {
    expect(() => postgresDedupeStore({ connectionString, schema: 'x; drop table y' })).toThrow(
      /schema must be/,
    )
    expect(() => postgresDedupeStore({ connectionString: '' })).toThrow(/connectionString/)
  })
})
