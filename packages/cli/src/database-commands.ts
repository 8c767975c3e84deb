/**
 * The scale-out commands on PostgreSQL: `migrate --database` (enqueue, then work unless
 * `--no-work`), `worker` (join from any machine) and `status` (from the database alone).
 *
 * @module
 */
import type { RateLimitConfig } from '@colloquy/http'
import { planConversations } from '@colloquy/migrate'
import {
  enqueueMigration,
  MigrationConflictError,
  type MigrationStatus,
  type MigrationWorkerEvent,
  migrationStatus,
  type PostgresRateBudget,
  postgresLedger,
  postgresRateBudget,
  startMigrationWorker,
} from '@colloquy/postgres'
import { ultraCartRateLimit } from '@colloquy/ultracart-adapter'
import pg from 'pg'
import type { AdapterConfig, Provider } from './config.js'
import { runExitCode, UsageError } from './exit-codes.js'
import { accountOf, openSide, type Side } from './sides.js'

/** The database URL from `--database` or `COLLOQUY_DATABASE_URL`; the flag wins. */
export const databaseUrl = (flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string => {
  const url = flag ?? env.COLLOQUY_DATABASE_URL
  if (url === undefined || url === '')
    throw new UsageError('give the PostgreSQL database with --database URL or COLLOQUY_DATABASE_URL')
  return url
}

/** The database as people may see it: host, port and name, never the password. */
export const describeDatabase = (url: string): string => {
  try {
    const parsed = new URL(url)
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`
  } catch {
    return '(an unparseable URL)'
  }
}

/** Connects once, so a wrong URL or password is one line before any work, without echoing it. */
export const checkDatabase = async (url: string): Promise<void> => {
  const where = describeDatabase(url)
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new UsageError(
      `the database URL must start with postgres:// (${where}); check --database or COLLOQUY_DATABASE_URL`,
    )
  let client: pg.Client | undefined
  try {
    // Inside the try: pg parses the URL here, and its parse error carries the whole URL (`input`).
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
    client.on('error', () => undefined)
    await client.connect()
    await client.query('select 1')
  } catch (error) {
    const code = (error as { code?: string }).code
    const reason =
      code === 'ERR_INVALID_URL'
        ? 'it is not a valid URL'
        : code === '28P01' || code === '28000'
          ? 'the password or user was refused'
          : code === '3D000'
            ? 'the database does not exist'
            : code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT'
              ? `it cannot be reached (${code})`
              : `it failed (${code ?? (error as Error).message})`
    throw new UsageError(`PostgreSQL at ${where}: ${reason}; check --database or COLLOQUY_DATABASE_URL`)
  } finally {
    await client?.end().catch(() => undefined)
  }
}

const count = (n: number) => n.toLocaleString('en')

/** One migration's status in a few lines. */
export const formatStatus = (status: MigrationStatus): string => {
  const { conversations: c, messages: m } = status
  const eta =
    status.etaMs === undefined
      ? ''
      : status.etaMs === 0
        ? ', nothing left'
        : `, ETA ${Math.ceil(status.etaMs / 1000)} s`
  const lines = [
    `${status.id}  ${status.sourceAccount ?? status.source} → ${status.targetAccount ?? status.target}  ${status.settled ? 'settled' : status.enqueued ? 'working' : 'enqueueing'}`,
    `  conversations  ${count(c.migrated)}/${count(c.total)} migrated, ${c.running} running, ${c.pending} pending, ${c.retrying} retrying, ${c.failed} failed`,
    `  messages       ${count(m.migrated)} copied, ${count(m.skipped)} already there, ${count(m.degraded)} degraded, ${count(m.failed)} failed`,
    `  rate           ${status.ratePerSecond.toFixed(1)} messages/s${eta}`,
  ]
  for (const failure of status.failures.slice(0, 5))
    lines.push(
      `  ${failure.status.padEnd(9)} ${failure.sourceConversationId} (attempt ${failure.attempts}): ${failure.lastError}`,
    )
  return lines.join('\n')
}

export interface StatusCommandOptions {
  readonly database: string
  readonly migrationId?: string
  readonly json?: boolean
  readonly out?: NodeJS.WritableStream
}

/** `colloquy status`: prints each migration's state; exit 1 when one has conversations out of attempts. */
export const runStatus = async (options: StatusCommandOptions): Promise<number> => {
  const out = options.out ?? process.stdout
  await checkDatabase(options.database)
  const statuses = await migrationStatus({
    connectionString: options.database,
    ...(options.migrationId === undefined ? {} : { id: options.migrationId }),
  })
  if (options.migrationId !== undefined && statuses.length === 0)
    throw new UsageError(`no migration '${options.migrationId}' in ${describeDatabase(options.database)}`)
  if (options.json) out.write(`${JSON.stringify({ type: 'status', migrations: statuses })}\n`)
  else out.write(`${statuses.length === 0 ? 'no migrations yet' : statuses.map(formatStatus).join('\n\n')}\n`)
  return runExitCode({
    interrupted: false,
    failed: statuses.some((status) => status.conversations.failed > 0),
  })
}

/**
 * Each vendor's rate limit, for workers: `shared` (default) makes it one budget for every worker
 * through the database — the configured or documented one (`COLLOQUY_<P>_RATE_LIMIT`, UltraCart's
 * 1,000 an hour), or one that adapts to the vendor's 429s where none is published (Sunshine,
 * Smooch); `per-process` keeps each process's own limits.
 */
export type BudgetMode = 'shared' | 'per-process'

/**
 * `COLLOQUY_BUDGET_HEADROOM`: the share of a known budget the workers leave unused (default 0.05),
 * for machines or networks whose delays between a grant and the vendor's count are long.
 */
export const budgetHeadroom = (env: NodeJS.ProcessEnv = process.env): number | undefined => {
  const value = env.COLLOQUY_BUDGET_HEADROOM
  if (value === undefined || value === '') return undefined
  const headroom = Number(value)
  if (!(headroom >= 0 && headroom < 1))
    throw new UsageError(
      `COLLOQUY_BUDGET_HEADROOM must be a number from 0 to below 1, got '${value.slice(0, 20)}'`,
    )
  return headroom
}

/** A config whose rate limit is one budget shared through the database by every worker. */
const sharedRateLimit = (
  config: AdapterConfig,
  database: string,
  budgets: PostgresRateBudget[],
): AdapterConfig => {
  if (config.provider === 'memory') return config
  const configured = (config as { rateLimit?: RateLimitConfig | false }).rateLimit
  if (configured === false) return config
  const limits = configured ?? (config.provider === 'ultracart' ? ultraCartRateLimit : {})
  const name = `colloquy:${accountOf(config) ?? config.provider}`
  const headroom = budgetHeadroom()
  const budget =
    limits.requests !== undefined && limits.intervalMs !== undefined
      ? postgresRateBudget({
          connectionString: database,
          name,
          budget: {
            requests: limits.requests,
            intervalMs: limits.intervalMs,
            ...(headroom === undefined ? {} : { headroom }),
          },
        })
      : postgresRateBudget({ connectionString: database, name, adaptive: {} })
  budgets.push(budget)
  // The budget replaces this process's own window; its cap on requests at once stays.
  return {
    ...config,
    rateLimit: {
      ...(limits.maxConcurrent === undefined ? {} : { maxConcurrent: limits.maxConcurrent }),
      budget,
    },
  } as AdapterConfig
}

/** The account each end reaches (no secrets), as recorded at enqueue and checked by workers. */
const accountsOf = (source: Side, target: Side): { sourceAccount?: string; targetAccount?: string } => {
  const sourceAccount = accountOf(source.config)
  const targetAccount = accountOf(target.config)
  return {
    ...(sourceAccount === undefined ? {} : { sourceAccount }),
    ...(targetAccount === undefined ? {} : { targetAccount }),
  }
}

export interface WorkerCommandOptions {
  readonly database: string
  readonly concurrency: number
  /** Default `shared`. */
  readonly budget?: BudgetMode
  /** Where each worker reads its adapters' settings: `--config` or the environment. */
  readonly configFile?: string
  readonly verbose?: boolean
  readonly json?: boolean
  readonly quiet?: boolean
  /** Stop once this migration has nothing left to do. */
  readonly untilSettled?: string
  /** After how long without a heartbeat a worker's conversations go to another. Default 15 s. */
  readonly staleAfterMs?: number
  readonly signal: AbortSignal
  readonly err?: NodeJS.WritableStream
  readonly out?: NodeJS.WritableStream
}

/** A line for a worker event, or nothing. */
const eventLine = (event: MigrationWorkerEvent): string | undefined => {
  switch (event.type) {
    case 'started':
      return undefined
    case 'finished': {
      const { report } = event
      const counts = `${report.messages.migrated} copied, ${report.messages.skipped} already there`
      const errors = report.errors.map((error) => `${error.tag}: ${error.message}`).join('; ')
      return `${report.status}${event.willRetry ? ' (will retry)' : ''} ${event.migrationId} ${report.sourceConversationId}: ${counts}${errors ? `; ${errors}` : ''}`
    }
    case 'refused':
      return event.message
    case 'busy':
      return `busy ${event.migrationId} ${event.sourceConversationId}: another worker holds it; retried later`
    case 'error':
      return `worker: ${event.message}`
  }
}

/**
 * `colloquy worker`: works conversation jobs until stopped (or the migration settles), with
 * adapters built from this machine's own settings for each migration's providers.
 * Resolves with the exit code: 130 when stopped by a signal.
 */
export const runWorker = async (options: WorkerCommandOptions): Promise<number> => {
  const out = options.out ?? process.stdout
  const err = options.err ?? process.stderr
  await checkDatabase(options.database)
  const sides = new Map<Provider, Side>()
  const budgets: PostgresRateBudget[] = []
  const side = async (provider: Provider) => {
    let opened = sides.get(provider)
    if (!opened) {
      opened = await openSide(provider, {
        verbose: options.verbose === true,
        err,
        ...(options.budget === 'per-process'
          ? {}
          : { adjust: (config: AdapterConfig) => sharedRateLimit(config, options.database, budgets) }),
        ...(options.configFile === undefined ? {} : { configFile: options.configFile }),
      })
      sides.set(provider, opened)
    }
    return opened
  }
  const ledger = postgresLedger({
    connectionString: options.database,
    maxConnections: options.concurrency + 4,
  })
  let failed = false
  const worker = await startMigrationWorker({
    connectionString: options.database,
    ledger,
    concurrency: options.concurrency,
    signal: options.signal,
    ...(options.untilSettled === undefined ? {} : { untilSettled: options.untilSettled }),
    ...(options.staleAfterMs === undefined
      ? {}
      : {
          staleAfterMs: options.staleAfterMs,
          heartbeatMs: Math.max(100, Math.floor(options.staleAfterMs / 5)),
        }),
    // The accounts this machine's settings reach: the worker refuses a migration enqueued for others.
    adapters: async (migration) => {
      const source = await side(migration.source as Provider)
      const target = await side(migration.target as Provider)
      return { source: source.adapter, target: target.adapter, ...accountsOf(source, target) }
    },
    onEvent: (event) => {
      if (event.type === 'refused') failed = true
      if (event.type === 'finished' && event.report.status === 'failed' && !event.willRetry) failed = true
      if (options.quiet) return
      if (options.json) out.write(`${JSON.stringify({ ...event, type: `worker.${event.type}` })}\n`)
      else {
        const line = eventLine(event)
        if (line) err.write(`${line}\n`)
      }
    },
  })
  try {
    await worker.done
  } finally {
    await ledger.close()
    await Promise.all(budgets.map((budget) => budget.close()))
  }
  // A settled migration may have failed conversations this worker did not see fail (another
  // worker's, or a job that failed before the engine ran): the database has the last word.
  if (options.untilSettled !== undefined && !options.signal.aborted && !failed) {
    const [settled] = await migrationStatus({ connectionString: options.database, id: options.untilSettled })
    failed = (settled?.conversations.failed ?? 0) > 0
  }
  return runExitCode({ interrupted: options.signal.aborted, failed })
}

export interface QueuedMigrationOptions {
  readonly database: string
  readonly migrationId: string
  readonly source: Side
  readonly target: Side
  readonly conversations?: readonly string[]
  readonly users?: readonly string[]
  readonly concurrency: number
  /** Enqueue only: leave the work to `colloquy worker` processes. */
  readonly work: boolean
  readonly configFile?: string
  readonly verbose?: boolean
  readonly json?: boolean
  readonly quiet?: boolean
  readonly signal: AbortSignal
  readonly out?: NodeJS.WritableStream
  readonly err?: NodeJS.WritableStream
}

/**
 * `colloquy migrate --database`: the same plan and preflight as a local run, then every source
 * conversation enqueued as a job; then, unless `--no-work`, a worker in this process until the
 * migration settles, and its status. Exit 1 when conversations ended out of attempts.
 */
export const runQueuedMigration = async (options: QueuedMigrationOptions): Promise<number> => {
  const out = options.out ?? process.stdout
  const err = options.err ?? process.stderr
  // Checked before the plan (which may list a whole account), as enqueueMigration will check it.
  const { migrationId } = options
  const printable = [...migrationId].every((character) => character >= ' ')
  if (migrationId === '' || migrationId.length > 512 || !printable || migrationId.includes(':'))
    throw new UsageError(
      `--migration-id must be 1 to 512 printable characters without ':', not ${JSON.stringify(migrationId.slice(0, 80))}`,
    )
  await checkDatabase(options.database)
  const conversations = await planConversations({
    source: options.source.adapter,
    target: options.target.adapter,
    ...(options.conversations ? { conversations: options.conversations } : {}),
    ...(options.users ? { users: options.users } : {}),
  })
  const enqueued = await enqueueMigration({
    connectionString: options.database,
    id: options.migrationId,
    source: options.source.provider,
    target: options.target.provider,
    ...accountsOf(options.source, options.target),
    conversations,
  }).catch((error: unknown) => {
    if (error instanceof MigrationConflictError)
      throw new UsageError(`${error.message.replace(/^@colloquy\/postgres: /, '')} (--migration-id)`)
    throw error
  })
  const summary = `enqueued ${options.migrationId}: ${enqueued.conversations} conversations, ${enqueued.enqueued} to work, ${enqueued.alreadyMigrated} already migrated`
  if (options.json) out.write(`${JSON.stringify({ type: 'enqueued', ...enqueued })}\n`)
  else if (!options.quiet) err.write(`${summary}\n`)
  if (!options.work) return 0
  const code = await runWorker({
    database: options.database,
    concurrency: options.concurrency,
    untilSettled: options.migrationId,
    signal: options.signal,
    out,
    err,
    ...(options.configFile === undefined ? {} : { configFile: options.configFile }),
    ...(options.verbose ? { verbose: true } : {}),
    ...(options.json ? { json: true } : {}),
    ...(options.quiet ? { quiet: true } : {}),
  })
  const statusCode = await runStatus({
    database: options.database,
    migrationId: options.migrationId,
    out: options.json || !options.quiet ? out : ({ write: () => true } as unknown as NodeJS.WritableStream),
    ...(options.json ? { json: true } : {}),
  })
  return Math.max(code, statusCode)
}
