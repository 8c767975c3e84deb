/**
 * A migration worker: runs conversation jobs from the queue on any machine, each through the
 * migration engine against the shared PostgreSQL ledger.
 *
 * @module
 */

import { EventEmitter } from 'node:events'
import { hostname } from 'node:os'
import type { ChatAdapter } from '@colloquy/core'
import { type ConversationReport, migrate } from '@colloquy/migrate'
import { type Job, makeWorkerUtils, type Runner, run, type WorkerEvents } from 'graphile-worker'
import { openPool, type PostgresConnection } from './connection.js'
import { quietLogger } from './graphile-logger.js'
import type { PostgresLedger } from './ledger.js'
import { accountMismatch, type MigrationAdapters, type MigrationRecord } from './migration-record.js'
import {
  type ConversationJobPayload,
  conversationTask,
  isConversationJobPayload,
  startHeartbeat,
} from './queue.js'
import { ensureSchema, schemaName } from './schema.js'

/** What a worker reports as it goes. */
export type MigrationWorkerEvent =
  | { readonly type: 'started'; readonly migrationId: string; readonly sourceConversationId: string }
  | {
      readonly type: 'finished'
      readonly migrationId: string
      readonly sourceConversationId: string
      readonly report: ConversationReport
      /** Whether the queue will try it again (`failed` or `interrupted` with attempts left). */
      readonly willRetry: boolean
    }
  | { readonly type: 'busy'; readonly migrationId: string; readonly sourceConversationId: string }
  /** This worker reaches other accounts than the migration recorded: once per migration and worker. */
  | { readonly type: 'refused'; readonly migrationId: string; readonly message: string }
  | { readonly type: 'error'; readonly message: string }

export type MigrationWorkerOptions = PostgresConnection & {
  /**
   * The adapters of a migration, built from this worker's own environment (credentials are never
   * stored in the database). Called once per migration and worker.
   */
  readonly adapters: (migration: MigrationRecord) => MigrationAdapters | Promise<MigrationAdapters>
  /** The ledger every worker shares; its conversation claims keep two workers off one conversation. */
  readonly ledger: PostgresLedger
  /** Conversations copied at once by this process. Default 4. */
  readonly concurrency?: number
  /** Stops taking jobs; the ones running stop at their next message and go back to the queue. */
  readonly signal?: AbortSignal
  /** Ends the worker once this migration has nothing left to do (every conversation settled). */
  readonly untilSettled?: string
  readonly onEvent?: (event: MigrationWorkerEvent) => void
  /** How often this process proves it is alive, in ms. Default 2,000. */
  readonly heartbeatMs?: number
  /** After how long without a heartbeat another worker takes a process's jobs, in ms. Default 15,000. */
  readonly staleAfterMs?: number
  /** How often the queue is polled for jobs due later (retries), in ms. Default 1,000. */
  readonly pollIntervalMs?: number
  readonly schema?: string
  /** graphile-worker's schema. Default `graphile_worker`. */
  readonly queueSchema?: string
}

/** A running worker. */
export interface MigrationWorker {
  /** Resolves when the worker has stopped (signal, `stop`, or `untilSettled` reached). */
  readonly done: Promise<void>
  /** Stops taking jobs and waits for the running ones to hand back. */
  readonly stop: () => Promise<void>
}

/** How often `untilSettled` checks whether the migration is done, in ms. */
const settledCheckMs = 500

/** A failure `copy` has already recorded in the conversation's state row. */
class RecordedFailure extends Error {}

/**
 * Starts a migration worker. Each job copies one source conversation with the migration engine
 * (oldest first, exactly once through the shared ledger and the target), under a lease only one
 * worker can hold, and records the outcome for `migrationStatus`. A conversation that fails is
 * thrown back to the queue, which retries it with exponential back-off until its attempts run
 * out; it then stays `failed`, visible in the status, until it is enqueued again.
 */
export const startMigrationWorker = async (options: MigrationWorkerOptions): Promise<MigrationWorker> => {
  const schema = schemaName(options.schema)
  const concurrency = options.concurrency ?? 4
  // One connection per running job, plus the queue's own (its LISTEN, fetching and completing jobs).
  const { pool, close } = openPool(options, concurrency + 3)
  await ensureSchema(pool, schema)
  const emit = (event: MigrationWorkerEvent) => options.onEvent?.(event)
  const queueSchema = schemaName(options.queueSchema, 'graphile_worker')
  const queueOptions = { pgPool: pool, logger: quietLogger, schema: queueSchema }
  const utils = await makeWorkerUtils(queueOptions)
  await utils.migrate()
  const heartbeat = startHeartbeat({
    pool,
    schema,
    host: hostname(),
    pid: process.pid,
    intervalMs: options.heartbeatMs ?? 2_000,
    staleAfterMs: options.staleAfterMs ?? 15_000,
    unlock: async (workerIds) => {
      await utils.forceUnlockWorkers(workerIds)
      // Their conversations go back to the queue, or stay failed when that was their last attempt.
      await pool.query(
        `update ${schema}.migration_conversations c set
           status = case when exists (
             select 1 from ${queueSchema}.jobs j
             where j.key = 'colloquy:' || c.migration_id || ':' || c.source_conversation_id
               and j.attempts < j.max_attempts
           ) then 'retrying' else 'failed' end,
           last_error = 'worker ' || c.worker_id || ' stopped answering', updated_at = now()
         where c.worker_id = any($1) and c.status = 'running'`,
        [workerIds],
      )
    },
    onError: (error) => emit({ type: 'error', message: `heartbeat: ${String(error)}` }),
  })
  const migrations = new Map<
    string,
    Promise<{ source: ChatAdapter; target: ChatAdapter; refusal: string | undefined }>
  >()
  const migrationOf = (id: string) => {
    let found = migrations.get(id)
    if (!found) {
      found = (async () => {
        const result = await pool.query<{
          source_provider: string
          target_provider: string
          source_account: string | null
          target_account: string | null
        }>(
          `select source_provider, target_provider, source_account, target_account
           from ${schema}.migrations where id = $1`,
          [id],
        )
        const row = result.rows[0]
        if (!row) throw new Error(`migration ${id} is not in ${schema}.migrations (deleted?)`)
        const record: MigrationRecord = {
          id,
          source: row.source_provider,
          target: row.target_provider,
          ...(row.source_account === null ? {} : { sourceAccount: row.source_account }),
          ...(row.target_account === null ? {} : { targetAccount: row.target_account }),
        }
        const adapters = await options.adapters(record)
        const refusal = accountMismatch(record, adapters)
        if (refusal) emit({ type: 'refused', migrationId: id, message: refusal })
        return { source: adapters.source, target: adapters.target, refusal }
      })()
      migrations.set(id, found)
      found.catch(() => migrations.delete(id))
    }
    return found
  }
  const stopping = new AbortController()
  options.signal?.addEventListener('abort', () => stopping.abort(), { once: true })

  const copy = async (payload: ConversationJobPayload, job: Job, jobSignal: AbortSignal) => {
    const { migrationId, sourceConversationId } = payload
    const { source, target, refusal } = await migrationOf(migrationId)
    if (refusal) {
      // Failed at once and the job completed: retrying cannot heal a worker's wrong account, and
      // each retry would only wait in the queue. Enqueueing again re-arms it for a right worker.
      await pool.query(
        `update ${schema}.migration_conversations set status = 'failed', attempts = $3, last_error = $4,
           finished_at = now(), updated_at = now()
         where migration_id = $1 and source_conversation_id = $2 and status <> 'migrated'`,
        [migrationId, sourceConversationId, job.attempts, refusal],
      )
      return
    }
    const signal = AbortSignal.any([jobSignal, stopping.signal])
    const setState = (sql: string, values: unknown[]) =>
      pool.query(
        `update ${schema}.migration_conversations set ${sql}, updated_at = now()
         where migration_id = $1 and source_conversation_id = $2`,
        [migrationId, sourceConversationId, ...values],
      )
    // The worker that held it before, in case another worker still does (then it stays theirs).
    const previous = await pool.query<{ worker_id: string | null; status: string }>(
      `update ${schema}.migration_conversations c set status = 'running', attempts = $3, worker_id = $4,
         started_at = now(), updated_at = now()
       from ${schema}.migration_conversations old
       where c.migration_id = $1 and c.source_conversation_id = $2
         and old.migration_id = c.migration_id and old.source_conversation_id = c.source_conversation_id
       returning old.worker_id, old.status`,
      [migrationId, sourceConversationId, job.attempts, job.locked_by],
    )
    emit({ type: 'started', migrationId, sourceConversationId })
    let lastWrite = 0
    const result = await migrate({
      source,
      target,
      conversations: [sourceConversationId],
      ledger: options.ledger,
      concurrency: 1,
      signal,
      onProgress: (progress) => {
        // Progress for `status`, at most every second: a write per message would double the load.
        const now = Date.now()
        if (now - lastWrite < 1_000) return
        lastWrite = now
        void setState('migrated = $3, skipped = $4, degraded = $5', [
          progress.migrated,
          progress.skipped,
          progress.degraded,
        ]).catch(() => undefined)
      },
    })
    const report = result.conversations[0]
    if (!report) {
      const listing = result.errors.map((error) => `${error.tag}: ${error.message}`).join('; ')
      throw new Error(`no report for ${sourceConversationId}${listing ? `: ${listing}` : ''}`)
    }
    if (report.status === 'busy') {
      const before = previous.rows[0]
      if (before) await setState('status = $3, worker_id = $4', [before.status, before.worker_id])
      emit({ type: 'busy', migrationId, sourceConversationId })
      // Another worker holds it (a job handed back from a worker that was only slow): try later.
      throw new RecordedFailure(`conversation ${sourceConversationId} is being copied by another worker`)
    }
    const willRetry = report.status !== 'migrated' && job.attempts < job.max_attempts
    const lastError = report.errors.map((error) => `${error.tag}: ${error.message}`).join('; ')
    await setState(
      `status = $3, target_conversation_id = $4, migrated = $5, skipped = $6, degraded = $7, failed = $8,
       last_error = $9, finished_at = now()`,
      [
        report.status === 'migrated' ? 'migrated' : willRetry ? 'retrying' : 'failed',
        report.targetConversationId ?? null,
        report.messages.migrated,
        report.messages.skipped,
        report.messages.degraded,
        report.messages.failed,
        report.status === 'interrupted' ? 'interrupted: the worker stopped' : lastError || null,
      ],
    )
    emit({ type: 'finished', migrationId, sourceConversationId, report, willRetry })
    // Thrown, so graphile-worker keeps the job and retries it with back-off.
    if (report.status !== 'migrated')
      throw new RecordedFailure(report.status === 'interrupted' ? 'interrupted' : lastError || 'failed')
  }

  // A job that threw before or outside the engine (no adapters on this machine, the migration
  // deleted, the database away): recorded like any failure, or `status` and `--until-settled`
  // would wait forever for a conversation the queue has given up on.
  const recordThrown = async (payload: ConversationJobPayload, job: Job, error: unknown) => {
    const { migrationId, sourceConversationId } = payload
    const message = error instanceof Error ? error.message : String(error)
    emit({ type: 'error', message: `${migrationId} ${sourceConversationId}: ${message}` })
    await pool
      .query(
        `update ${schema}.migration_conversations set status = $3, attempts = $4, last_error = $5,
           updated_at = now()
         where migration_id = $1 and source_conversation_id = $2 and status <> 'migrated'`,
        [
          migrationId,
          sourceConversationId,
          job.attempts < job.max_attempts ? 'retrying' : 'failed',
          job.attempts,
          message,
        ],
      )
      .catch(() => undefined)
  }

  const events: WorkerEvents = new EventEmitter()
  // graphile-worker locks a job in the name of its worker pool (`pool-…`) or, without a local
  // queue, of the worker: beat for both.
  const register = (id: string) =>
    heartbeat.register(id).catch((error) => emit({ type: 'error', message: String(error) }))
  events.on('pool:create', ({ workerPool }) => void register(workerPool.id))
  events.on('worker:create', ({ worker }) => void register(worker.workerId))
  const runner: Runner = await run({
    ...queueOptions,
    concurrency,
    pollInterval: options.pollIntervalMs ?? 1_000,
    noHandleSignals: true,
    events,
    // No crontab: without this graphile-worker looks for a `crontab` file in the working directory.
    parsedCronItems: [],
    taskList: {
      [conversationTask]: async (payload, helpers) => {
        if (!isConversationJobPayload(payload)) throw new Error('not a colloquy conversation job')
        try {
          await copy(payload, helpers.job, helpers.abortSignal)
        } catch (error) {
          if (!(error instanceof RecordedFailure)) await recordThrown(payload, helpers.job, error)
          throw error
        }
      },
    },
  })

  let settledTimer: NodeJS.Timeout | undefined
  if (options.untilSettled !== undefined) {
    const id = options.untilSettled
    // Never rejects: a check the database fails (a restart, a lost connection) is reported and
    // tried again, rather than ending the process with an unhandled rejection.
    let toldMissing = false
    const check = async () => {
      try {
        const result = await pool.query<{ open: string; enqueued: boolean }>(
          `select count(*) filter (where c.status in ('pending', 'running', 'retrying')) as open,
                  bool_and(m.enqueued_at is not null) as enqueued
           from ${schema}.migrations m left join ${schema}.migration_conversations c on c.migration_id = m.id
           where m.id = $1`,
          [id],
        )
        const row = result.rows[0]
        if (row?.enqueued && Number(row.open) === 0) return stopping.abort()
        // No such migration (a mistyped id, or workers started before the enqueue): said once, as
        // the worker would otherwise wait for it silently forever.
        if (row?.enqueued === null && !toldMissing) {
          toldMissing = true
          emit({ type: 'error', message: `no migration ${id} in ${schema}.migrations yet: waiting for it` })
        }
      } catch (error) {
        emit({ type: 'error', message: `until-settled check of ${id}: ${String(error)}` })
      }
      if (!stopping.signal.aborted) settledTimer = setTimeout(() => void check(), settledCheckMs)
    }
    settledTimer = setTimeout(() => void check(), settledCheckMs)
  }

  let stopped: Promise<void> | undefined
  const stop = () => {
    // Memoised before aborting: the abort listener below calls `stop` again, synchronously, and
    // must get this same shutdown rather than start a second one (graphile-worker's `stop` may run once).
    if (stopped) return stopped
    stopped = (async () => {
      if (settledTimer) clearTimeout(settledTimer)
      // A runner that stopped on its own (a fatal queue error) refuses `stop`: its own ending counts.
      await runner.stop().catch(() => runner.promise)
      await heartbeat.stop()
      await utils.release()
      await close()
    })()
    stopping.abort()
    return stopped
  }
  stopping.signal.addEventListener('abort', () => void stop(), { once: true })
  const done = Promise.race([
    runner.promise,
    new Promise<void>((resolve) =>
      stopping.signal.addEventListener('abort', () => resolve(), { once: true }),
    ),
  ]).then(
    () => stop(),
    async (error: unknown) => {
      // The queue failed: still release what this worker holds, then report the failure.
      await stop().catch(() => undefined)
      throw error
    },
  )
  return { done, stop }
}
