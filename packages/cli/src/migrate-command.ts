/**
 * `colloquy migrate`: the migration engine with a progress bar (TTY) or JSON lines, a final
 * report, and exit code 1 when any item failed.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises'
import type { ChatAdapter } from '@colloquy/core'
import {
  fileLedger,
  type MigrationProgress,
  type MigrationReport,
  memoryLedger,
  migrate,
} from '@colloquy/migrate'
import cliProgress from 'cli-progress'

export interface MigrateCommandOptions {
  readonly source: ChatAdapter
  readonly target: ChatAdapter
  readonly conversations?: readonly string[]
  readonly users?: readonly string[]
  readonly ledger?: string
  readonly concurrency?: number
  readonly dryRun?: boolean
  readonly json?: boolean
  readonly report?: string
  /** Where lines go; the CLI passes process streams. */
  readonly out?: NodeJS.WritableStream
  readonly err?: NodeJS.WritableStream & { isTTY?: boolean }
}

const progressBar = (err: NodeJS.WritableStream, knownTotal?: number) => {
  const bar = new cliProgress.SingleBar(
    {
      stream: err,
      format:
        ' {bar} {value}/{total} conversations | {migrated} copied, {skipped} already done, {degraded} degraded, {failed} failed | {rate} msg/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(knownTotal ?? 1, 0, { migrated: 0, skipped: 0, degraded: 0, failed: 0, rate: 0 })
  return bar
}

/** Runs a migration as the CLI does; resolves with the report. */
export const runMigration = async (options: MigrateCommandOptions): Promise<MigrationReport> => {
  const out = options.out ?? process.stdout
  const err = options.err ?? process.stderr
  const ledger =
    options.dryRun || options.ledger === undefined ? memoryLedger() : await fileLedger(options.ledger)
  const controller = new AbortController()
  const interrupt = () => controller.abort()
  process.once('SIGINT', interrupt)
  const started = performance.now()
  const bar = !options.json && err.isTTY ? progressBar(err, options.conversations?.length) : undefined
  let lastJson = 0
  const onProgress = (progress: MigrationProgress) => {
    const seconds = (performance.now() - started) / 1000
    const rate = Math.round(progress.migrated / Math.max(seconds, 0.001))
    if (bar) {
      if (!options.conversations) bar.setTotal(Math.max(progress.conversations, 1))
      bar.update(progress.conversationsDone, { ...progress, rate })
    } else if (options.json && (performance.now() - lastJson > 100 || progress.current === undefined)) {
      lastJson = performance.now()
      out.write(`${JSON.stringify({ type: 'progress', ...progress, messagesPerSecond: rate })}\n`)
    }
  }
  try {
    const report = await migrate({
      source: options.source,
      target: options.target,
      ...(options.conversations ? { conversations: options.conversations } : {}),
      ...(options.users ? { users: options.users } : {}),
      ledger,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.dryRun ? { dryRun: true } : {}),
      onProgress,
      signal: controller.signal,
    })
    bar?.stop()
    if (options.report) await writeFile(options.report, `${JSON.stringify(report, null, 2)}\n`)
    out.write(
      options.json
        ? `${JSON.stringify({ type: 'report', report })}\n`
        : `${formatReport(report, (performance.now() - started) / 1000)}\n`,
    )
    return report
  } finally {
    bar?.stop()
    process.off('SIGINT', interrupt)
    await ledger.close()
  }
}

/** The human report printed at the end. */
export const formatReport = (report: MigrationReport, seconds: number): string => {
  const { totals } = report
  const lines = [
    `${report.dryRun ? 'Dry run: would migrate' : 'Migrated'} ${report.source} → ${report.target}${report.interrupted ? ' (interrupted; run again to continue)' : ''}`,
    `  conversations  ${totals.conversations} (${totals.conversationsFailed} failed)`,
    `  messages       ${totals.migrated} copied, ${totals.skipped} already done, ${totals.degraded} degraded, ${totals.failed} failed`,
    `  time           ${seconds.toFixed(1)} s (${Math.round(totals.migrated / Math.max(seconds, 0.001))} messages/s)`,
  ]
  for (const conversation of report.conversations.filter(
    (c) => c.status !== 'migrated' || c.degraded.length > 0,
  )) {
    lines.push(
      `  ${conversation.status.padEnd(11)} ${conversation.sourceConversationId} → ${conversation.targetConversationId ?? '(not created)'}`,
    )
    for (const error of conversation.errors)
      lines.push(
        `    ${error.tag}: ${error.message}${error.sourceMessageId ? ` (message ${error.sourceMessageId})` : ''}`,
      )
    for (const degraded of conversation.degraded.slice(0, 3))
      lines.push(`    degraded ${degraded.sourceMessageId}: ${degraded.reason}`)
  }
  return lines.join('\n')
}
