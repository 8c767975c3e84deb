/**
 * `colloquy migrate`: the migration engine with progress, a final report, and the file ledger.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises'
import type { ChatAdapter } from '@colloquy/core'
import { fileLedger, type Ledger, type MigrationReport, memoryLedger, migrate } from '@colloquy/migrate'
import { runExitCode } from './exit-codes.js'
import { checkWritable } from './paths.js'
import { createProgress, type ProgressMode } from './progress.js'
import { formatReport } from './report-format.js'

export interface MigrateCommandOptions {
  readonly source: ChatAdapter
  readonly target: ChatAdapter
  readonly conversations?: readonly string[]
  readonly users?: readonly string[]
  /** The file ledger's path; none: a memory ledger (a re-run then relies on the target alone). */
  readonly ledger?: string
  readonly concurrency?: number
  readonly dryRun?: boolean
  /** Read every conversation from its start, not from its recorded position. */
  readonly full?: boolean
  readonly json?: boolean
  readonly quiet?: boolean
  /** Also write the report here, as JSON. Checked before the run. */
  readonly report?: string
  readonly signal?: AbortSignal
  /** Where lines go; the CLI passes process streams. */
  readonly out?: NodeJS.WritableStream
  readonly err?: NodeJS.WritableStream & { isTTY?: boolean }
  /** Off a terminal, how often a progress line is written. Default 5 s. */
  readonly progressEveryMs?: number
}

/** The progress mode for these options and this stderr. */
export const progressMode = (options: {
  readonly json?: boolean
  readonly quiet?: boolean
  readonly err: { isTTY?: boolean }
}): ProgressMode => (options.quiet ? 'quiet' : options.json ? 'json' : options.err.isTTY ? 'bar' : 'lines')

/** The exit code a migration report calls for. */
export const migrationExitCode = (report: MigrationReport): number =>
  runExitCode({
    interrupted: report.interrupted,
    failed:
      report.totals.failed > 0 ||
      report.totals.conversationsFailed > 0 ||
      report.errors.length > 0 ||
      report.conversations.some((conversation) => conversation.status === 'busy'),
  })

/**
 * Runs a migration as the CLI does: checks the report path, opens the ledger (read-only in a dry
 * run), migrates with progress, writes the report. Resolves with the report; rejects, before
 * anything is written, with a `UsageError`, `LedgerError` or `MigrationPlanError`.
 */
export const runMigration = async (options: MigrateCommandOptions): Promise<MigrationReport> => {
  const out = options.out ?? process.stdout
  const err = options.err ?? process.stderr
  if (options.report !== undefined) await checkWritable('--report', options.report)
  const ledger: Ledger =
    options.ledger === undefined
      ? memoryLedger()
      : await fileLedger(options.ledger, { readOnly: options.dryRun === true })
  const started = performance.now()
  const progress = createProgress({
    mode: progressMode({ ...options, err }),
    out,
    err,
    ...(options.progressEveryMs === undefined ? {} : { everyMs: options.progressEveryMs }),
  })
  try {
    const report = await migrate({
      source: options.source,
      target: options.target,
      ...(options.conversations ? { conversations: options.conversations } : {}),
      ...(options.users ? { users: options.users } : {}),
      ledger,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.dryRun ? { dryRun: true } : {}),
      ...(options.full ? { full: true } : {}),
      onProgress: progress.update,
      ...(options.signal ? { signal: options.signal } : {}),
    })
    progress.stop()
    if (options.report !== undefined) await writeFile(options.report, `${JSON.stringify(report, null, 2)}\n`)
    out.write(
      options.json
        ? `${JSON.stringify({ type: 'report', report })}\n`
        : `${formatReport(report, (performance.now() - started) / 1000)}\n`,
    )
    return report
  } finally {
    progress.stop()
    await ledger.close()
  }
}
