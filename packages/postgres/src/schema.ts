/**
 * The tables of this package, created and versioned on first use. Each step runs once, in order, in
 * one transaction under an advisory lock, so many workers starting at once migrate it exactly once.
 *
 * @module
 */
import type pg from 'pg'

/** The PostgreSQL schema holding every table of this package unless configured otherwise. */
export const defaultSchema = 'colloquy'

const validSchemaName = /^[a-z_][a-z0-9_]{0,62}$/

/** Checks a schema name before it is put into SQL (identifiers cannot be bound as parameters). */
export const schemaName = (name: string | undefined, fallback = defaultSchema): string => {
  const schema = name ?? fallback
  if (!validSchemaName.test(schema))
    throw new TypeError(
      `@colloquy/postgres: schema must be lower-case letters, digits and _ (at most 63), not ${JSON.stringify(schema).slice(0, 80)}`,
    )
  return schema
}

/** One step of the schema; `sql` uses `$schema` for the schema name. Never edit a released step. */
interface SchemaStep {
  readonly version: number
  readonly sql: string
}

const steps: readonly SchemaStep[] = [
  {
    version: 1,
    sql: `
      create table $schema.dedupe_keys (
        key text primary key,
        expires_at timestamptz not null
      );
      create index on $schema.dedupe_keys (expires_at);

      create table $schema.rate_budgets (
        name text primary key,
        -- requests per second granted now; fixed when the vendor's budget is known, adapted otherwise
        rate double precision not null,
        -- the budget's ceiling (known) or the most the adaptation may reach (unknown)
        max_rate double precision not null,
        adaptive boolean not null,
        -- the earliest time the next request may start (GCRA: one theoretical arrival time)
        next_at timestamptz not null default clock_timestamp(),
        -- no request before this (a vendor's Retry-After, seen by any worker)
        paused_until timestamptz not null default '-infinity',
        -- when the rate was last cut, so a burst of 429s cuts it once
        decreased_at timestamptz not null default '-infinity',
        -- the rate before the last cut: growth is quick below it and careful above it
        ceiling double precision,
        cuts integer not null default 0,
        granted bigint not null default 0,
        rate_limited bigint not null default 0
      );

      -- The migration ledger: which target conversation and message each source one became.
      create table $schema.ledger_conversations (
        source_provider text not null,
        target_provider text not null,
        source_conversation_id text not null,
        target_conversation_id text not null,
        recorded_at timestamptz not null default now(),
        primary key (source_provider, target_provider, source_conversation_id)
      );
      create table $schema.ledger_messages (
        source_provider text not null,
        target_provider text not null,
        source_conversation_id text not null,
        source_message_id text not null,
        target_conversation_id text not null,
        target_message_id text not null,
        recorded_at timestamptz not null default now(),
        -- the database, not the workers, makes a source message recordable once per target
        -- conversation (again only if that conversation was replaced, e.g. deleted in the target)
        primary key (source_provider, target_provider, source_conversation_id, target_conversation_id,
          source_message_id)
      );
      -- Where each conversation's copy stands, for delta runs: one row per conversation.
      create table $schema.ledger_positions (
        source_provider text not null,
        target_provider text not null,
        source_conversation_id text not null,
        target_conversation_id text not null,
        last_source_message_id text not null,
        cursor text,
        summary text,
        recorded_at timestamptz not null default now(),
        primary key (source_provider, target_provider, source_conversation_id)
      );

      -- One row per migration enqueued; credentials are never stored, each worker reads its own.
      create table $schema.migrations (
        id text primary key,
        source_provider text not null,
        target_provider text not null,
        created_at timestamptz not null default now(),
        -- set once every source conversation has been enqueued
        enqueued_at timestamptz
      );

      -- One row per source conversation of a migration: its state, for 'colloquy status'.
      create table $schema.migration_conversations (
        migration_id text not null references $schema.migrations (id) on delete cascade,
        source_conversation_id text not null,
        -- pending | running | retrying | migrated | failed
        status text not null default 'pending',
        attempts integer not null default 0,
        target_conversation_id text,
        migrated bigint not null default 0,
        skipped bigint not null default 0,
        degraded bigint not null default 0,
        failed bigint not null default 0,
        last_error text,
        worker_id text,
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz not null default now(),
        primary key (migration_id, source_conversation_id)
      );
      create index on $schema.migration_conversations (migration_id, status);

      -- Live worker processes: a row whose beat is stale belongs to a dead process, whose jobs
      -- are handed back to the queue.
      create table $schema.workers (
        worker_id text primary key,
        host text not null,
        pid integer not null,
        started_at timestamptz not null default now(),
        beat_at timestamptz not null default now()
      );
    `,
  },
  {
    version: 2,
    sql: `
      -- The account each end of a migration reaches (e.g. a Sunshine app), recorded at enqueue so
      -- a worker whose environment points elsewhere refuses rather than copying into another
      -- account. Null for migrations enqueued before this step or without accounts.
      alter table $schema.migrations add column source_account text, add column target_account text;
    `,
  },
]

/** The newest schema version this code knows. */
export const schemaVersion = steps.at(-1)?.version ?? 0

const applied = new WeakMap<pg.Pool, Map<string, Promise<void>>>()

/**
 * Brings `schema` up to {@link schemaVersion}; resolves at once when it already is. Refuses a
 * database migrated by a newer version of this package (its tables may mean something else).
 * Memoised per pool and schema, so every part of the package may call it before its first query.
 */
export const ensureSchema = (pool: pg.Pool, schema: string): Promise<void> => {
  let bySchema = applied.get(pool)
  if (!bySchema) {
    bySchema = new Map()
    applied.set(pool, bySchema)
  }
  let done = bySchema.get(schema)
  if (!done) {
    done = migrateSchema(pool, schema)
    bySchema.set(schema, done)
    // A failure (database down) must not be remembered: the next call tries again.
    done.catch(() => bySchema?.delete(schema))
  }
  return done
}

/**
 * The schema version installed in `schema`, or `undefined` when the schema has none: a read that
 * creates nothing, for readers that must work on a read-only connection or a foreign database.
 */
export const installedSchemaVersion = async (pool: pg.Pool, schema: string): Promise<number | undefined> => {
  const table = await pool.query<{ found: boolean }>('select to_regclass($1) is not null as found', [
    `${schema}.schema_version`,
  ])
  if (table.rows[0]?.found !== true) return undefined
  const current = await pool.query<{ version: number }>(
    `select coalesce(max(version), 0) as version from ${schema}.schema_version`,
  )
  return current.rows[0]?.version ?? 0
}

const migrateSchema = async (pool: pg.Pool, schema: string): Promise<void> => {
  const client = await pool.connect()
  try {
    await client.query('begin')
    // Serialises concurrent first uses across processes; released with the transaction.
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`colloquy.schema:${schema}`])
    await client.query(`create schema if not exists ${schema}`)
    await client.query(`create table if not exists ${schema}.schema_version (version integer not null)`)
    const current = await client.query<{ version: number }>(
      `select coalesce(max(version), 0) as version from ${schema}.schema_version`,
    )
    const version = current.rows[0]?.version ?? 0
    if (version > schemaVersion)
      throw new Error(
        `@colloquy/postgres: schema ${schema} is at version ${version}, newer than this package's ${schemaVersion}; upgrade @colloquy/postgres`,
      )
    for (const step of steps) {
      if (step.version <= version) continue
      await client.query(step.sql.replaceAll('$schema', schema))
      await client.query(`insert into ${schema}.schema_version (version) values ($1)`, [step.version])
    }
    await client.query('commit')
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
