/**
 * One pass over a selection of source conversations — what `migrate` is, and each round of a
 * sync — and the report it makes.
 *
 * @module
 */
import type { ChatAdapter } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import type { Counters } from './context.js'
import type { CopyOutcome } from './copy-queue.js'
import type { ConversationReport, MigrationReport, RunError } from './report.js'
import type { SourceStream } from './selection.js'
import type { SourceConversation } from './source-conversation.js'
import { drain } from './worker-pool.js'

/** What a pass found: a report per conversation it reached, and why it ended early, if it did. */
export interface PassResult {
  readonly reports: readonly ConversationReport[]
  readonly errors: readonly RunError[]
}

/**
 * Copies every conversation of `stream` with `copyOne`, `concurrency` at a time, until the stream
 * ends or breaks off, or `stopped()`. A ledger failure (a `Left` of `copyOne`) stops the pass and
 * is its `Left`.
 */
export const runPass = async (
  stream: SourceStream,
  concurrency: number,
  stopped: () => boolean,
  copyOne: (item: SourceConversation) => Promise<CopyOutcome>,
): Promise<E.Either<unknown, PassResult>> => {
  const reports: ConversationReport[] = []
  let fatal: { readonly cause: unknown } | undefined
  const errors = await drain(
    stream,
    concurrency,
    () => stopped() || fatal !== undefined,
    async (item) => {
      const outcome = await copyOne(item)
      if (E.isLeft(outcome)) fatal ??= { cause: outcome.left }
      else reports.push(outcome.right)
    },
  )
  return fatal === undefined ? E.right({ reports, errors }) : E.left(fatal.cause)
}

/** The report of a pass, from its results and the run's counters. */
export const passReport = (input: {
  readonly source: ChatAdapter
  readonly target: ChatAdapter
  readonly dryRun: boolean
  readonly interrupted: boolean
  readonly startedAt: Date
  readonly counters: Omit<Counters, 'conversationsDone' | 'messagesSeen' | 'conversationsTotal'>
  readonly result: PassResult
}): MigrationReport => {
  const { reports, errors } = input.result
  const { counters } = input
  return {
    source: input.source.provider,
    target: input.target.provider,
    dryRun: input.dryRun,
    interrupted: input.interrupted,
    startedAt: input.startedAt,
    finishedAt: new Date(),
    totals: {
      conversations: counters.conversations,
      conversationsFailed: reports.filter((r) => r.status === 'failed').length,
      conversationsResumed: reports.filter((r) => r.walk === 'resumed').length,
      conversationsUnchanged: reports.filter((r) => r.walk === 'unchanged').length,
      migrated: counters.migrated,
      skipped: counters.skipped,
      degraded: counters.degraded,
      failed: counters.failed,
    },
    conversations: reports,
    errors,
  }
}
