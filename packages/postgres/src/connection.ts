/**
 * How every part of this package reaches PostgreSQL: the caller's pool, or one made here from a
 * connection string (and then closed here).
 *
 * @module
 */
import pg from 'pg'

/** Where the database is: an existing `pg` pool (left open on `close`) or a connection string. */
export type PostgresConnection = { readonly pool: pg.Pool } | { readonly connectionString: string }

/** A pool plus whether closing is ours to do. */
export interface OwnedPool {
  readonly pool: pg.Pool
  /** Ends the pool if this package made it; a caller's pool is left alone. */
  readonly close: () => Promise<void>
}

/**
 * The pool behind `connection`; a pool made here (of at most `maxConnections`) ends on `close`, the
 * caller's never does.
 */
export const openPool = (connection: PostgresConnection, maxConnections = 4): OwnedPool => {
  if ('pool' in connection) return { pool: connection.pool, close: async () => undefined }
  if (typeof connection.connectionString !== 'string' || connection.connectionString === '')
    throw new TypeError('@colloquy/postgres: give { pool } or a non-empty { connectionString }')
  const pool = new pg.Pool({ connectionString: connection.connectionString, max: maxConnections })
  // An idle client that loses its server (a restart, a failover) emits 'error' on the pool; without a
  // listener Node would crash the process. The next query gets a fresh client.
  pool.on('error', () => undefined)
  // Likewise for a client in use: its query fails, which is the error that counts.
  pool.on('connect', (client) => client.on('error', () => undefined))
  return { pool, close: () => pool.end() }
}
