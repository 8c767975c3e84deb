/**
 * A webhook {@link DedupeStore} shared by every app instance through PostgreSQL.
 *
 * @module
 */
import type { DedupeStore } from '@colloquy/core'
import { openPool, type PostgresConnection } from './connection.js'
import { ensureSchema, schemaName } from './schema.js'

export type PostgresDedupeStoreOptions = PostgresConnection & {
  /** Schema holding the table (`<schema>.dedupe_keys`). Default `colloquy`. */
  readonly schema?: string
  /** How often expired keys are deleted, at most, in ms. Default one minute. */
  readonly cleanupIntervalMs?: number
  /**
   * This instance's clock, in ms since the epoch (the one its `createEventDeduper` uses): for the
   * cleanup schedule, and to turn an `expiresAt` into a time to live. Default `Date.now`.
   */
  readonly clock?: () => number
}

/** A {@link DedupeStore} plus the pool it may own. */
export interface PostgresDedupeStore extends DedupeStore {
  /** Ends the pool if this store made it from a connection string. */
  readonly close: () => Promise<void>
}

/**
 * Event keys in `<schema>.dedupe_keys`, so a redelivery reaching any app instance is recognised:
 * `addIfAbsent` is one `insert … on conflict` statement, atomic across instances, and an expired
 * key counts as absent (expiry is judged by the database's clock, `expiresAt` taken as a time to
 * live from this instance's clock, so clocks that disagree do not shorten it). Expired keys are deleted now and
 * then by whichever instance is inserting.
 *
 * @example
 * const dedupe = createEventDeduper({ store: postgresDedupeStore({ connectionString }) })
 */
export const postgresDedupeStore = (options: PostgresDedupeStoreOptions): PostgresDedupeStore => {
  const schema = schemaName(options.schema)
  const { pool, close } = openPool(options)
  const clock = options.clock ?? Date.now
  const cleanupIntervalMs = options.cleanupIntervalMs ?? 60_000
  let lastCleanup = clock()
  const insert = `
    insert into ${schema}.dedupe_keys as seen (key, expires_at)
    values ($1, clock_timestamp() + make_interval(secs => $2::double precision / 1000))
    on conflict (key) do update set expires_at = excluded.expires_at
      where seen.expires_at <= clock_timestamp()
    returning 1`
  return {
    addIfAbsent: async (key, expiresAt) => {
      await ensureSchema(pool, schema)
      // As a time to live from now: a key lives its full TTL even where this instance's clock and
      // the database's disagree (by the absolute time, a clock behind by more than the TTL would
      // store every key already expired, and every redelivery would pass as new).
      const result = await pool.query(insert, [key, expiresAt - clock()])
      if (clock() - lastCleanup >= cleanupIntervalMs) {
        lastCleanup = clock()
        // Housekeeping only: the key is already recorded, so a failure here must not fail the add
        // (the webhook would answer 503 and take the vendor's redelivery for a duplicate).
        await pool
          .query(`delete from ${schema}.dedupe_keys where expires_at <= clock_timestamp()`)
          .catch(() => undefined)
      }
      return result.rowCount === 1
    },
    delete: async (key) => {
      await ensureSchema(pool, schema)
      await pool.query(`delete from ${schema}.dedupe_keys where key = $1`, [key])
    },
    close,
  }
}
