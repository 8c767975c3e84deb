/**
 * Migrations as rows: enqueueing one (a row, plus a job and a state row per source conversation);
 * `migration-status.ts` reads where each stands.
 *
 * @module
 */
import { makeWorkerUtils, type WorkerUtils } from 'graphile-worker'
import { openPool, type PostgresConnection } from './connection.js'
import { quietLogger } from './graphile-logger.js'
import { conversationJobKey, conversationTask } from './queue.js'
import { ensureSchema, schemaName } from './schema.js'

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
  /**
   * The account each end reaches (e.g. `sunshine <app id> <base URL>`; never a secret). Recorded on
   * the first enqueue that gives one; workers whose adapters reach another account refuse the
   * migration, and enqueueing the same id for another account is refused.
   */
  readonly sourceAccount?: string
  readonly targetAccount?: string
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

interface MigrationRow {
  readonly source_provider: string
  readonly target_provider: string
  readonly source_account: string | null
  readonly target_account: string | null
}

/** Enqueueing under an id recorded for other providers or accounts: the caller must choose another id. */
export class MigrationConflictError extends Error {
  override readonly name = 'MigrationConflictError'
}

/** Why an id cannot be enqueued again: it is recorded for other providers or accounts. */
const anotherMigration = (options: EnqueueMigrationOptions, row: MigrationRow | undefined) => {
  const end = (provider: string, account: string | null | undefined) => account ?? provider
  const recorded = row
    ? `${end(row.source_provider, row.source_account)} → ${end(row.target_provider, row.target_account)}`
    : 'another migration'
  const given = `${end(options.source, options.sourceAccount)} → ${end(options.target, options.targetAccount)}`
  return new MigrationConflictError(
    `@colloquy/postgres: migration ${options.id} is ${recorded}, not ${given}; choose another id`,
  )
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
    // A migration recorded without an account (before accounts were recorded, or by a caller that
    // gave none) takes the first one given; a recorded one is never changed. One statement, so two
    // enqueues at once cannot both fill in an account.
    const matching = (column: string) =>
      `(m.${column} is null or excluded.${column} is null or m.${column} = excluded.${column})`
    const recorded = await pool.query(
      `insert into ${schema}.migrations as m (id, source_provider, target_provider, source_account, target_account)
       values ($1, $2, $3, $4, $5)
       on conflict (id) do update set source_account = coalesce(m.source_account, excluded.source_account),
         target_account = coalesce(m.target_account, excluded.target_account)
       where m.source_provider = excluded.source_provider and m.target_provider = excluded.target_provider
         and ${matching('source_account')} and ${matching('target_account')}`,
      [
        options.id,
        options.source,
        options.target,
        options.sourceAccount ?? null,
        options.targetAccount ?? null,
      ],
    )
    if (recorded.rowCount === 0) {
      const other = await pool.query<MigrationRow>(
        `select source_provider, target_provider, source_account, target_account from ${schema}.migrations where id = $1`,
        [options.id],
      )
      throw anotherMigration(options, other.rows[0])
    }
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
