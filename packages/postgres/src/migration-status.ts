/**
 * Where migrations stand, read from the database alone (any machine, no credentials).
 *
 * @module
 */
import { openPool, type PostgresConnection } from './connection.js'
import { ensureSchema, installedSchemaVersion, schemaName, schemaVersion } from './schema.js'

/** Where one migration stands, from the database. */
export interface MigrationStatus {
  readonly id: string
  readonly source: string
  readonly target: string
  /** The account each end reaches, as recorded at enqueue; absent when none was given. */
  readonly sourceAccount?: string
  readonly targetAccount?: string
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
      source_account: string | null
      target_account: string | null
      created_at: Date
      enqueued_at: Date | null
    }>(
      `select id, source_provider, target_provider, source_account, target_account, created_at, enqueued_at from ${schema}.migrations
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
        ...(migration.source_account === null ? {} : { sourceAccount: migration.source_account }),
        ...(migration.target_account === null ? {} : { targetAccount: migration.target_account }),
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
