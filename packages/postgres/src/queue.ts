/**
 * The job queue under scale-out migration: graphile-worker, one job per source conversation.
 *
 * graphile-worker locks a job while a worker runs it and, by itself, frees the lock of a worker
 * that died only after four hours. Here every worker process writes a heartbeat; any live worker
 * that finds a stale one hands that process's jobs back with graphile-worker's own
 * `forceUnlockWorkers`, so a SIGKILLed worker's conversation is picked up within
 * `staleAfterMs` plus a poll.
 *
 * @module
 */
import type pg from 'pg'

/** The graphile-worker task that copies one source conversation. */
export const conversationTask = 'colloquy_migrate_conversation'

/** What a conversation job carries: no credentials, only which conversation of which migration. */
export interface ConversationJobPayload {
  readonly migrationId: string
  readonly sourceConversationId: string
}

/** The job key: at most one waiting job per conversation of a migration. */
export const conversationJobKey = (payload: ConversationJobPayload) =>
  `colloquy:${payload.migrationId}:${payload.sourceConversationId}`

export const isConversationJobPayload = (value: unknown): value is ConversationJobPayload => {
  const payload = value as Partial<Record<string, unknown>> | null
  return (
    typeof payload === 'object' &&
    payload !== null &&
    typeof payload.migrationId === 'string' &&
    typeof payload.sourceConversationId === 'string'
  )
}

/** Heartbeats of this process's graphile-worker workers, and the sweep of other processes' stale ones. */
export interface Heartbeat {
  /** Starts beating for a graphile-worker worker id of this process. */
  readonly register: (workerId: string) => Promise<void>
  /** Stops the timers and removes this process's rows (a clean exit frees nothing by force). */
  readonly stop: () => Promise<void>
}

export interface HeartbeatOptions {
  readonly pool: pg.Pool
  readonly schema: string
  readonly host: string
  readonly pid: number
  readonly intervalMs: number
  readonly staleAfterMs: number
  /** graphile-worker's `forceUnlockWorkers`. */
  readonly unlock: (workerIds: string[]) => Promise<void>
  /** A sweep or beat that failed (the database was briefly away); the next one tries again. */
  readonly onError: (error: unknown) => void
}

export const startHeartbeat = (options: HeartbeatOptions): Heartbeat => {
  const { pool, schema } = options
  const workerIds = new Set<string>()
  // An upsert: a row another worker swept away while this one's beats stalled (a database outage,
  // a frozen event loop) comes back, or this process could die later with nobody to free its jobs.
  const beat = async () => {
    if (workerIds.size > 0)
      await pool.query(
        `insert into ${schema}.workers (worker_id, host, pid) select unnest($1::text[]), $2, $3
         on conflict (worker_id) do update set beat_at = now()`,
        [[...workerIds], options.host, options.pid],
      )
  }
  const sweep = async () => {
    const stale = await pool.query<{ worker_id: string }>(
      `delete from ${schema}.workers where beat_at < now() - make_interval(secs => $1) returning worker_id`,
      [options.staleAfterMs / 1000],
    )
    const ids = stale.rows.map((row) => row.worker_id).filter((id) => !workerIds.has(id))
    if (ids.length > 0) await options.unlock(ids)
  }
  let running = Promise.resolve()
  const timer = setInterval(() => {
    running = running.then(beat).then(sweep).catch(options.onError)
  }, options.intervalMs)
  timer.unref()
  return {
    register: async (workerId) => {
      workerIds.add(workerId)
      await pool.query(
        `insert into ${schema}.workers (worker_id, host, pid) values ($1, $2, $3)
         on conflict (worker_id) do update set beat_at = now()`,
        [workerId, options.host, options.pid],
      )
    },
    stop: async () => {
      clearInterval(timer)
      await running
      if (workerIds.size > 0)
        await pool.query(`delete from ${schema}.workers where worker_id = any($1)`, [[...workerIds]])
    },
  }
}
