/**
 * Migrations as rows: enqueueing one (a row, plus a job and a state row per source conversation)
 * and reading where each stands.
 *
 * @module
 */
import { makeWorkerUtils, type WorkerUtils } from 'graphile-worker'
import { openPool, type PostgresConnection } from './connection.js'
import { quietLogger } from './graphile-logger.js'
import { conversationJobKey, conversationTask } from './queue.js'
import { ensureSchema, installedSchemaVersion, schemaName, schemaVersion } from './schema.js'

/** Attempts per conversation before it stays `failed` (a SIGKILLed worker's attempt counts). */
export const defaultMaxAttempts = 10

export type EnqueueMigrationOptions = PostgresConnection & {
  /**
   * Names the migration for `status` and re-runs; enqueueing an existing id resumes it. 1–512
   * printable characters, no `:` (it ends the id in job keys).
   */
  readonly id: string
  /** Provider names; each worker builds the adapters from its own environment. */
  readonly source: string
  readonly target: string
  /** Source conversation ids, streamed; enqueued in batches as they come. */
  readonly conversations: readonly string[] | AsyncIterable<string>
  /** Attempts per conversation before it stays failed. Default {@link defaultMaxAttempts}. */
  readonly maxAttempts?: number
  readonly schema?: string
  /** graphile-worker's schema. Default `graphile_worker`. */
  readonly queueSchema?: string
}

/** What enqueueing did. */
export interface EnqueueResult {
  readonly migrationId: string
  /** Conversations given. */
  readonly conversations: number
  /** Jobs added or re-armed (conversations not yet migrated by this migration). */
  readonly enqueued: number
  /** Conversations this migration already finished; their jobs are not added again. */
  readonly alreadyMigrated: number
}

const batchSize = 500

/** Refuses ids that would make unreadable job keys or log lines. */
const checkId = (what: string, id: string) => {
  const printable = (text: string) => [...text].every((character) => character >= ' ')
  if (typeof id !== 'string' || id === '' || id.length > 512 || !printable(id))
    throw new TypeError(`@colloquy/postgres: ${what} must be 1–512 printable characters`)
}

/**
 * Records a migration and adds one graphile-worker job per source conversation (job key
 * `colloquy:<migration>:<conversation>`, so enqueueing again never doubles a waiting job).
 * Conversations this migration already finished are not enqueued again. Resolves once every
 * conversation is enqueued; workers may start on the first ones meanwhile.
 */
export const enqueueMigration = async (options: EnqueueMigrationOptions): Promise<EnqueueResult> => {
  const schema = schemaName(options.schema)
  checkId('id', options.id)
  // Job keys are `colloquy:<migration>:<conversation>`: with a colon in the migration id, `a` + `b:c`
  // and `a:b` + `c` would share a key, and one migration's job would replace the other's.
  if (options.id.includes(':'))
    throw new TypeError(`@colloquy/postgres: id must not contain ":" (${JSON.stringify(options.id)})`)
  const { pool, close } = openPool(options)
  let utils: WorkerUtils | undefined
  try {
    await ensureSchema(pool, schema)
    utils = await makeWorkerUtils({
      pgPool: pool,
      logger: quietLogger,
      ...(options.queueSchema ? { schema: options.queueSchema } : {}),
    })
    await utils.migrate()
    const existing = await pool.query<{ source_provider: string; target_provider: string }>(
      `insert into ${schema}.migrations as m (id, source_provider, target_provider) values ($1, $2, $3)
       on conflict (id) do update set id = m.id
       returning source_provider, target_provider`,
      [options.id, options.source, options.target],
    )
    const row = existing.rows[0]
    if (row && (row.source_provider !== options.source || row.target_provider !== options.target))
      throw new Error(
        `@colloquy/postgres: migration ${options.id} is ${row.source_provider} → ${row.target_provider}, not ${options.source} → ${options.target}; choose another id`,
      )
    let conversations = 0
    let enqueued = 0
    let batch: string[] = []
    const flush = async () => {
      if (batch.length === 0) return
      const ids = batch
      batch = []
      // Insert new state rows and re-arm unfinished ones; finished ones are left as they are.
      const armed = await pool.query<{ source_conversation_id: string }>(
        `insert into ${schema}.migration_conversations as c (migration_id, source_conversation_id)
         select $1, unnest($2::text[])
         on conflict (migration_id, source_conversation_id) do update
           set status = case when c.status = 'running' then c.status else 'pending' end,
               attempts = case when c.status = 'failed' then 0 else c.attempts end,
               updated_at = now()
           where c.status <> 'migrated'
         returning source_conversation_id`,
        [options.id, ids],
      )
      await utils?.addJobs(
        armed.rows.map((armedRow) => {
          const payload = { migrationId: options.id, sourceConversationId: armedRow.source_conversation_id }
          return {
            identifier: conversationTask,
            payload,
            jobKey: conversationJobKey(payload),
            maxAttempts: options.maxAttempts ?? defaultMaxAttempts,
          }
        }),
      )
      enqueued += armed.rows.length
    }
    for await (const id of options.conversations) {
      checkId('a source conversation id', id)
      conversations++
      batch.push(id)
      if (batch.length >= batchSize) await flush()
    }
    await flush()
    await pool.query(`update ${schema}.migrations set enqueued_at = now() where id = $1`, [options.id])
    return { migrationId: options.id, conversations, enqueued, alreadyMigrated: conversations - enqueued }
  } finally {
    await utils?.release()
    await close()
  }
}

/** Where one migration stands, from the database. */
export interface MigrationStatus {
  readonly id: string
  readonly source: string
  readonly target: string
  readonly createdAt: Date
  /** Whether every source conversation has been enqueued. */
  readonly enqueued: boolean
  readonly conversations: {
    readonly total: number
    readonly pending: number
    readonly running: number
    /** Failed at least once, waiting for another attempt (back-off). */
    readonly retrying: number
    readonly migrated: number
    /** Out of attempts: needs a look (`failures`), then enqueue again. */
    readonly failed: number
  }
  readonly messages: {
    readonly migrated: number
    readonly skipped: number
    readonly degraded: number
    readonly failed: number
  }
  /** Messages copied per second by the conversations started in the last ten minutes. */
  readonly ratePerSecond: number
  /** Estimated time left in ms (remaining conversations × average messages each ÷ rate); absent when unknown. */
  readonly etaMs?: number
  /** Conversations failed or retrying, most recent first (at most 20). */
  readonly failures: readonly {
    readonly sourceConversationId: string
    readonly status: 'retrying' | 'failed'
    readonly attempts: number
    readonly lastError: string
    readonly updatedAt: Date
  }[]
  /** Whether nothing is left to do: every conversation migrated or out of attempts. */
  readonly settled: boolean
}

export type MigrationStatusOptions = PostgresConnection & {
  /** One migration; default every migration, newest first. */
  readonly id?: string
  readonly schema?: string
}

/**
 * Reads the state of migrations from the database (any machine, no credentials needed, a read-only
 * connection will do); none when the database has no tables of this package, which it leaves so.
 */
export const migrationStatus = async (options: MigrationStatusOptions): Promise<MigrationStatus[]> => {
  const schema = schemaName(options.schema)
  const { pool, close } = openPool(options)
  try {
    // A status creates nothing: a wrong (foreign) database stays untouched, a replica or a
    // read-only role can be asked. Only an older schema is brought up to date; a newer is refused.
    const installed = await installedSchemaVersion(pool, schema)
    if (installed === undefined) return []
    if (installed !== schemaVersion) await ensureSchema(pool, schema)
    const migrations = await pool.query<{
      id: string
      source_provider: string
      target_provider: string
      created_at: Date
      enqueued_at: Date | null
    }>(
      `select id, source_provider, target_provider, created_at, enqueued_at from ${schema}.migrations
       where $1::text is null or id = $1 order by created_at desc`,
      [options.id ?? null],
    )
    const statuses: MigrationStatus[] = []
    for (const migration of migrations.rows) {
      const counts = await pool.query<Record<string, string>>(
        `select count(*) as total,
           count(*) filter (where status = 'pending') as pending,
           count(*) filter (where status = 'running') as running,
           count(*) filter (where status = 'retrying') as retrying,
           count(*) filter (where status = 'migrated') as migrated_conversations,
           count(*) filter (where status = 'failed') as failed_conversations,
           coalesce(sum(migrated), 0) as migrated, coalesce(sum(skipped), 0) as skipped,
           coalesce(sum(degraded), 0) as degraded, coalesce(sum(failed), 0) as failed,
           -- the rate: messages of conversations started in the last ten minutes, over the time since
           coalesce(sum(migrated) filter (where started_at > now() - interval '10 minutes'), 0) as recent,
           coalesce(extract(epoch from now() - min(started_at) filter (where started_at > now() - interval '10 minutes')), 0) as recent_seconds
         from ${schema}.migration_conversations where migration_id = $1`,
        [migration.id],
      )
      const count = (name: string) => Number(counts.rows[0]?.[name] ?? 0)
      const failures = await pool.query<{
        source_conversation_id: string
        status: 'retrying' | 'failed'
        attempts: number
        last_error: string | null
        updated_at: Date
      }>(
        `select source_conversation_id, status, attempts, last_error, updated_at from ${schema}.migration_conversations
         where migration_id = $1 and status in ('retrying', 'failed') order by updated_at desc limit 20`,
        [migration.id],
      )
      const total = count('total')
      const migratedConversations = count('migrated_conversations')
      const failedConversations = count('failed_conversations')
      const recentSeconds = count('recent_seconds')
      const ratePerSecond = recentSeconds > 0 ? count('recent') / recentSeconds : 0
      const remaining = total - migratedConversations - failedConversations
      const perConversation =
        migratedConversations > 0 ? count('migrated') / migratedConversations : undefined
      const etaMs =
        remaining === 0
          ? 0
          : perConversation !== undefined && ratePerSecond > 0
            ? Math.round(((remaining * perConversation) / ratePerSecond) * 1000)
            : undefined
      statuses.push({
        id: migration.id,
        source: migration.source_provider,
        target: migration.target_provider,
        createdAt: migration.created_at,
        enqueued: migration.enqueued_at !== null,
        conversations: {
          total,
          pending: count('pending'),
          running: count('running'),
          retrying: count('retrying'),
          migrated: migratedConversations,
          failed: failedConversations,
        },
        messages: {
          migrated: count('migrated'),
          skipped: count('skipped'),
          degraded: count('degraded'),
          failed: count('failed'),
        },
        ratePerSecond,
        ...(etaMs !== undefined ? { etaMs } : {}),
        failures: failures.rows.map((row) => ({
          sourceConversationId: row.source_conversation_id,
          status: row.status,
          attempts: row.attempts,
          lastError: row.last_error ?? '',
          updatedAt: row.updated_at,
        })),
        settled: migration.enqueued_at !== null && remaining === 0,
      })
    }
    return statuses
  } finally {
    await close()
  }
}
