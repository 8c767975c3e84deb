/**
 * `colloquy sync`: a delta pass, then — with `--follow` or `--until-idle` — the source's new
 * messages copied as they arrive, from its webhooks (an endpoint it serves) or by polling within
 * the vendor's budget, with the lag on stderr and a cutover report at the end.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises'
import type { ChatAdapter, InboundEvent } from '@colloquy/core'
import {
  fileLedger,
  type Ledger,
  memoryLedger,
  type Sync,
  type SyncReport,
  type SyncStatus,
  startSync,
} from '@colloquy/migrate'
import { runExitCode, UsageError } from './exit-codes.js'
import { checkWritable } from './paths.js'
import { adaptivePollInterval, budgetOf, describePolling } from './poll-budget.js'
import type { Side } from './sides.js'
import { formatSyncReport, syncLine } from './sync-format.js'
import { type ListenAddress, startWebhookServer, type WebhookServer } from './webhook-server.js'

export interface SyncCommandOptions {
  readonly source: Side
  readonly target: ChatAdapter
  readonly conversations?: readonly string[]
  readonly users?: readonly string[]
  /** The file ledger's path; none: a memory ledger. */
  readonly ledger?: string
  readonly concurrency?: number
  /** Read every conversation from its start once (the first pass). */
  readonly full?: boolean
  /** Keep copying after the first pass until interrupted (or idle, with `untilIdleMs`). */
  readonly follow?: boolean
  /** End once nothing new arrived for this long (implies `follow`). */
  readonly untilIdleMs?: number
  /** Poll every this many ms even where the source has webhooks; default for a source without: within its budget. */
  readonly pollEveryMs?: number
  /** Where the webhook endpoint listens. Default 127.0.0.1:8787. */
  readonly listen?: ListenAddress
  /** The public URL that reaches the endpoint (a tunnel, a reverse proxy): printed as the URL to register. */
  readonly publicUrl?: string
  readonly json?: boolean
  readonly quiet?: boolean
  readonly report?: string
  readonly signal?: AbortSignal
  readonly out?: NodeJS.WritableStream
  readonly err?: NodeJS.WritableStream
  /** How often a progress line is written (text). Default 5 s. */
  readonly progressEveryMs?: number
}

/** 130 when interrupted, 1 when a conversation's latest copy failed or a pass could not list, else 0. */
export const syncExitCode = (report: SyncReport): number =>
  runExitCode({
    interrupted: report.ended === 'interrupted',
    failed:
      report.unresolved.length > 0 ||
      report.firstPass.totals.conversationsFailed > 0 ||
      report.failures.some((failure) => failure.stage === 'listing'),
  })

const webhookTriggers: Record<string, string> = {
  sunshine: 'conversation:message, conversation:create',
  'smooch-v1': 'message:appUser, message:appMaker',
}

/** Where the source's webhook secret is set: its environment variable, or its `--config` field. */
const secretSetting = (side: Side) =>
  side.configFile === undefined
    ? side.provider === 'sunshine'
      ? 'COLLOQUY_SUNSHINE_WEBHOOK_SECRET'
      : 'COLLOQUY_SMOOCH_WEBHOOK_SECRET'
    : `"${side.provider}".webhookSecret in ${side.configFile}`

/** Refuses to follow webhooks whose secret is not set (every delivery would be refused). */
const requireWebhookSecret = (side: Side) => {
  const secret = (side.config as { webhookSecret?: unknown }).webhookSecret
  if (secret !== undefined && secret !== '') return
  throw new UsageError(
    `sync from ${side.provider} follows its webhooks, which need their secret: set ${secretSetting(side)} (or poll instead with --poll-every)`,
  )
}

/**
 * Runs a sync as the CLI does. Resolves with the cutover report; rejects before anything is written
 * with a `UsageError`, `LedgerError` or `MigrationPlanError`.
 */
export const runSync = async (options: SyncCommandOptions): Promise<SyncReport> => {
  const out = options.out ?? process.stdout
  const err = options.err ?? process.stderr
  const source = options.source.adapter
  const following = options.follow === true || options.untilIdleMs !== undefined
  const webhooks = following && source.capabilities.events.webhooks && options.pollEveryMs === undefined
  if (webhooks) requireWebhookSecret(options.source)
  if (options.report !== undefined) await checkWritable('--report', options.report)
  const say = (line: string, json: Record<string, unknown>) => {
    if (options.json) out.write(`${JSON.stringify(json)}\n`)
    else if (!options.quiet) err.write(`colloquy: ${line}\n`)
  }

  let sync: Sync | undefined
  const waiting: ((sync: Sync) => void)[] = []
  const ready = new Promise<Sync>((resolve) => waiting.push(resolve))
  let server: WebhookServer | undefined
  if (webhooks) {
    // Listening before the first pass: events during the bulk copy are taken too.
    server = await startWebhookServer(
      source,
      options.listen ?? { host: '127.0.0.1', port: 8787 },
      async (event: InboundEvent) => (await ready).notify(event),
      (error) =>
        err.write(`colloquy: a webhook could not be handled (the vendor retries it): ${String(error)}\n`),
    )
    const register =
      options.publicUrl === undefined
        ? server.url
        : new URL(new URL(server.url).pathname, options.publicUrl).toString()
    say(
      `listening for ${source.provider} webhooks at ${server.url}; register ${register} with ${source.provider} (${webhookTriggers[source.provider] ?? 'message events'}) with the secret of ${secretSetting(options.source)}`,
      { type: 'listening', url: server.url, register },
    )
  }
  let ledger: Ledger | undefined
  try {
    ledger = options.ledger === undefined ? memoryLedger() : await fileLedger(options.ledger)
    const budget = budgetOf(options.source.config)
    const pollIntervalMs =
      !following || webhooks
        ? undefined
        : (options.pollEveryMs ?? adaptivePollInterval(budget, options.source.log.count))
    if (pollIntervalMs !== undefined)
      say(
        `polling ${source.provider} ${typeof pollIntervalMs === 'number' ? `every ${pollIntervalMs} ms` : describePolling(budget, pollIntervalMs())}`,
        {
          type: 'polling',
          ...(typeof pollIntervalMs === 'number' ? { everyMs: pollIntervalMs } : { budget }),
        },
      )
    let lastJson = Number.NEGATIVE_INFINITY
    let lastPhase: string | undefined
    let trailing: NodeJS.Timeout | undefined
    const writeStatus = (status: SyncStatus) => {
      clearTimeout(trailing)
      trailing = undefined
      lastPhase = status.phase
      lastJson = performance.now()
      out.write(`${JSON.stringify({ type: 'sync', ...status })}\n`)
    }
    sync = startSync({
      source,
      target: options.target,
      ...(options.conversations ? { conversations: options.conversations } : {}),
      ...(options.users ? { users: options.users } : {}),
      ledger,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.full ? { full: true } : {}),
      follow: following,
      ...(options.untilIdleMs === undefined ? {} : { untilIdleMs: options.untilIdleMs }),
      ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
      ...(options.signal ? { signal: options.signal } : {}),
      // At most every 100 ms, the last status of a burst always written.
      onProgress: (status) => {
        if (!options.json) return
        const wait = lastJson + 100 - performance.now()
        if (status.phase !== lastPhase || wait <= 0) return writeStatus(status)
        clearTimeout(trailing)
        trailing = setTimeout(() => writeStatus(status), wait)
      },
    })
    for (const resolve of waiting) resolve(sync)
    const running = sync
    const timer =
      options.json || options.quiet
        ? undefined
        : setInterval(
            () => err.write(`colloquy: ${syncLine(running.status())}\n`),
            options.progressEveryMs ?? 5_000,
          )
    timer?.unref()
    try {
      const report = await running.done
      if (options.report !== undefined)
        await writeFile(options.report, `${JSON.stringify(report, null, 2)}\n`)
      out.write(
        options.json
          ? `${JSON.stringify({ type: 'sync-report', report })}\n`
          : `${formatSyncReport(report)}\n`,
      )
      return report
    } finally {
      clearInterval(timer)
      clearTimeout(trailing)
    }
  } finally {
    await server?.close()
    await ledger?.close()
  }
}
