/**
 * The migration ledger on PostgreSQL: shared by every worker on every machine, surviving any of
 * them.
 *
 * @module
 */
import { type Ledger, type LedgerEntry, maxConcurrency } from '@colloquy/migrate'
import { openPool, type PostgresConnection } from './connection.js'
import { ensureSchema, schemaName } from './schema.js'

export type PostgresLedgerOptions = PostgresConnection & {
  /** Schema of the ledger tables. Default `colloquy`. */
  readonly schema?: string
  /**
   * Connections of the pool made from `connectionString` for the ledger's queries. Default 10.
   * Claims (one held per conversation being copied) take theirs from a second pool of their own,
   * so no `concurrency` can starve the queries. A `pool` you give serves both: give it more
   * connections than the conversations copied at once.
   */
  readonly maxConnections?: number
}

/** A {@link Ledger} in PostgreSQL. */
export interface PostgresLedger extends Ledger {
  readonly claimConversation: NonNullable<Ledger['claimConversation']>
  readonly position: NonNullable<Ledger['position']>
}

/**
 * The {@link Ledger} interface on PostgreSQL: `<schema>.ledger_conversations` and
 * `<schema>.ledger_messages` and `<schema>.ledger_positions` (where each conversation's copy
 * stands, for delta runs), created and versioned on first use. Each question is one indexed query
 * and each record one insert or upsert; a source message can be recorded once per target
 * conversation (primary key), so two workers can never both record it — the second insert changes
 * nothing and the first stays.
 * Runs sharing it cooperate conversation by conversation (`claimConversation`: a session advisory
 * lock on a connection of its own, which ends with its process however that ends) rather than one
 * run holding the whole ledger. `close` ends the pool if the ledger made it from a connection string.
 *
 * @example
 * const ledger = postgresLedger({ connectionString: process.env.DATABASE_URL })
 * await migrate({ source, target, ledger })
 */
export const postgresLedger = (options: PostgresLedgerOptions): PostgresLedger => {
  const schema = schemaName(options.schema)
  const { pool, close } = openPool(options, options.maxConnections ?? 10)
  // A claim holds its connection for as long as its conversation is copied: drawn from the query
  // pool, `concurrency` claims of a pool that size would hold every connection while each waits for
  // one more to record what it copied — a hang. Made lazily, as many as the engine's concurrency.
  let claimPool: ReturnType<typeof openPool> | undefined
  const claimConnection = () => {
    if ('pool' in options) return pool.connect()
    claimPool ??= openPool(options, maxConcurrency)
    return claimPool.pool.connect()
  }
  const ready = () => ensureSchema(pool, schema)
  // Claims not yet released: `close` releases them, or ending the pool would wait for them forever.
  const claims = new Set<() => Promise<void>>()
  const insertConversation = `
    insert into ${schema}.ledger_conversations
      (source_provider, target_provider, source_conversation_id, target_conversation_id)
    values ($1, $2, $3, $4)
    on conflict (source_provider, target_provider, source_conversation_id)
      do update set target_conversation_id = excluded.target_conversation_id`
  const insertMessage = `
    insert into ${schema}.ledger_messages
      (source_provider, target_provider, source_conversation_id, source_message_id,
       target_conversation_id, target_message_id)
    values ($1, $2, $3, $4, $5, $6)
    on conflict do nothing`
  // One row per conversation: a later position replaces the earlier one.
  const upsertPosition = `
    insert into ${schema}.ledger_positions
      (source_provider, target_provider, source_conversation_id, target_conversation_id,
       last_source_message_id, cursor, summary)
    values ($1, $2, $3, $4, $5, $6, $7)
    on conflict (source_provider, target_provider, source_conversation_id) do update set
      target_conversation_id = excluded.target_conversation_id,
      last_source_message_id = excluded.last_source_message_id,
      cursor = excluded.cursor, summary = excluded.summary, recorded_at = now()`
  return {
    conversation: async (scope, sourceConversationId) => {
      await ready()
      const result = await pool.query<{ target_conversation_id: string }>(
        `select target_conversation_id from ${schema}.ledger_conversations
         where source_provider = $1 and target_provider = $2 and source_conversation_id = $3`,
        [scope.sourceProvider, scope.targetProvider, sourceConversationId],
      )
      return result.rows[0]?.target_conversation_id
    },
    hasMessage: async (scope, sourceConversationId, sourceMessageId) => {
      await ready()
      // Copied into the conversation's current target only (into any, before one is recorded).
      const result = await pool.query(
        `select 1 from ${schema}.ledger_messages m
         left join ${schema}.ledger_conversations c
           using (source_provider, target_provider, source_conversation_id)
         where m.source_provider = $1 and m.target_provider = $2 and m.source_conversation_id = $3
           and m.source_message_id = $4
           and (c.target_conversation_id is null or c.target_conversation_id = m.target_conversation_id)
         limit 1`,
        [scope.sourceProvider, scope.targetProvider, sourceConversationId, sourceMessageId],
      )
      return result.rowCount === 1
    },
    position: async (scope, sourceConversationId) => {
      await ready()
      const result = await pool.query<{
        target_conversation_id: string
        last_source_message_id: string
        cursor: string | null
        summary: string | null
      }>(
        `select p.target_conversation_id, p.last_source_message_id, p.cursor, p.summary
         from ${schema}.ledger_positions p
         left join ${schema}.ledger_conversations c
           using (source_provider, target_provider, source_conversation_id)
         where p.source_provider = $1 and p.target_provider = $2 and p.source_conversation_id = $3
           and (c.target_conversation_id is null or c.target_conversation_id = p.target_conversation_id)`,
        [scope.sourceProvider, scope.targetProvider, sourceConversationId],
      )
      const row = result.rows[0]
      return row === undefined
        ? undefined
        : {
            targetConversationId: row.target_conversation_id,
            lastSourceMessageId: row.last_source_message_id,
            ...(row.cursor === null ? {} : { cursor: row.cursor }),
            ...(row.summary === null ? {} : { summary: row.summary }),
          }
    },
    record: async (entry: LedgerEntry) => {
      await ready()
      if (entry.kind === 'conversation')
        await pool.query(insertConversation, [
          entry.sourceProvider,
          entry.targetProvider,
          entry.sourceConversationId,
          entry.targetConversationId,
        ])
      else if (entry.kind === 'position')
        await pool.query(upsertPosition, [
          entry.sourceProvider,
          entry.targetProvider,
          entry.sourceConversationId,
          entry.targetConversationId,
          entry.lastSourceMessageId,
          entry.cursor ?? null,
          entry.summary ?? null,
        ])
      else
        await pool.query(insertMessage, [
          entry.sourceProvider,
          entry.targetProvider,
          entry.sourceConversationId,
          entry.sourceMessageId,
          entry.targetConversationId,
          entry.targetMessageId,
        ])
    },
    claimConversation: async (scope, sourceConversationId) => {
      await ready()
      const key = `colloquy:ledger:${scope.sourceProvider}>${scope.targetProvider}:${sourceConversationId}`
      const client = await claimConnection()
      // A claimed connection that dies (a restarted server) ends the claim; it must not crash us.
      let broken: Error | undefined
      const onError = (error: Error) => {
        broken = error
      }
      client.on('error', onError)
      const giveBack = () => {
        client.off('error', onError)
        client.release(broken)
      }
      let locked = false
      try {
        const result = await client.query<{ locked: boolean }>(
          'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
          [key],
        )
        locked = result.rows[0]?.locked === true
      } finally {
        if (!locked) giveBack()
      }
      if (!locked) return undefined
      const release = async () => {
        if (!claims.delete(release)) return
        if (!broken)
          await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch((error) => {
            // A connection that could not unlock must not go back to the pool holding the claim.
            broken = error instanceof Error ? error : new Error(String(error))
          })
        giveBack()
      }
      claims.add(release)
      return { release }
    },
    close: async () => {
      await Promise.all([...claims].map((release) => release()))
      await claimPool?.close()
      await close()
    },
  }
}
