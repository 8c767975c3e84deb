/**
 * `colloquy verify`: proves a migration, with a summary, a JSON diff (`--report`) and exit 1 on any
 * difference.
 *
 * @module
 */
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import type { ChatAdapter } from '@colloquy/core'
import {
  fileLedger,
  type Ledger,
  memoryLedger,
  type VerificationReport,
  verifyMigration,
} from '@colloquy/migrate'
import { runExitCode } from './exit-codes.js'
import { checkWritable } from './paths.js'
import { formatVerification } from './report-format.js'

export interface VerifyCommandOptions {
  readonly source: ChatAdapter
  readonly target: ChatAdapter
  readonly conversations?: readonly string[]
  readonly users?: readonly string[]
  /** A ledger to read target conversations from, if the file exists (it is never written). */
  readonly ledger?: string
  readonly concurrency?: number
  readonly json?: boolean
  readonly quiet?: boolean
  readonly report?: string
  readonly signal?: AbortSignal
  readonly out?: NodeJS.WritableStream
  readonly err?: NodeJS.WritableStream
}

/** 0 when everything was proven, 1 on any difference or unread conversation, 130 when interrupted. */
export const verificationExitCode = (report: VerificationReport): number =>
  runExitCode({
    interrupted: report.interrupted,
    failed: report.totals.differing > 0 || report.totals.failed > 0 || report.errors.length > 0,
  })

/** Runs a verification as the CLI does; resolves with its report. */
export const runVerification = async (options: VerifyCommandOptions): Promise<VerificationReport> => {
  const out = options.out ?? process.stdout
  const err = options.err ?? process.stderr
  if (options.report !== undefined) await checkWritable('--report', options.report)
  const ledger: Ledger =
    options.ledger !== undefined && existsSync(options.ledger)
      ? await fileLedger(options.ledger, { readOnly: true })
      : memoryLedger()
  try {
    const report = await verifyMigration({
      source: options.source,
      target: options.target,
      ...(options.conversations ? { conversations: options.conversations } : {}),
      ...(options.users ? { users: options.users } : {}),
      ledger,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (progress) => {
        if (!options.quiet && !options.json && progress.conversationsDone % 50 === 0)
          err.write(
            `colloquy: verified ${progress.conversationsDone}/${progress.conversationsTotal ?? '?'} conversations, ${progress.messages} messages, ${progress.differences} differences\n`,
          )
      },
    })
    if (options.report !== undefined) await writeFile(options.report, `${JSON.stringify(report, null, 2)}\n`)
    out.write(
      options.json
        ? `${JSON.stringify({ type: 'verification', report })}\n`
        : `${formatVerification(report)}\n`,
    )
    return report
  } finally {
    await ledger.close()
  }
}
