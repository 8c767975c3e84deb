/**
 * What a sync reports: while it runs (its status, with the lag), and when it ends (the cutover
 * report).
 *
 * @module
 */
import type { LagFigures } from './lag.js'
import type { MigrationReport } from './report.js'

/** Message counts of the copies made after the first pass. */
export interface LiveTotals {
  readonly migrated: number
  readonly skipped: number
  readonly degraded: number
  readonly failed: number
  /** Passes after the first: poll rounds and the last pass of an idle sync. */
  readonly passes: number
  /** Webhook events that asked for a copy (new messages, new conversations). */
  readonly events: number
}

/** A sync while it runs. */
export interface SyncStatus {
  readonly source: string
  readonly target: string
  /** `first pass` (the bulk or delta copy of the selection), `following`, `last pass` (before ending idle), `done`. */
  readonly phase: 'first pass' | 'following' | 'last pass' | 'done'
  /** The first pass's running totals. */
  readonly firstPass: {
    readonly conversations: number
    readonly conversationsDone: number
    readonly conversationsTotal?: number
    readonly messagesSeen: number
    readonly migrated: number
    readonly skipped: number
    readonly failed: number
  }
  readonly live: LiveTotals
  /** The oldest uncopied message's age (`currentMs`) and the delays of live copies so far. */
  readonly lag: LagFigures
  /** Conversations with a copy running or waiting. */
  readonly copying: number
}

/** One thing that failed during a sync. */
export interface SyncFailure {
  /** `copy` (a conversation stopped), `listing` (a pass's listing broke off or could not start), `event` (a webhook named a message the source never listed). */
  readonly stage: 'copy' | 'listing' | 'event'
  readonly sourceConversationId?: string
  readonly sourceMessageId?: string
  readonly tag: string
  readonly message: string
}

/** The cutover report: how the sync ended and what it leaves behind. */
export interface SyncReport {
  readonly source: string
  readonly target: string
  readonly startedAt: Date
  readonly finishedAt: Date
  /**
   * `idle`: nothing new arrived for `untilIdleMs` and a last pass found nothing either;
   * `interrupted`: `signal` aborted; `done`: one pass only (`follow: false`).
   */
  readonly ended: 'idle' | 'interrupted' | 'done'
  /** The first pass (bulk or delta), as `migrate` reports it; copies made while it ran are in it. */
  readonly firstPass: MigrationReport
  readonly live: LiveTotals
  /** `currentMs` is the lag at the end: the age of the oldest message known and not copied (0: none). */
  readonly lag: LagFigures
  /** Conversations first named by a webhook (not in the selection), the first 100; copy their ids into the selection for later runs. */
  readonly discovered: readonly string[]
  readonly discoveredCount: number
  /** Conversations whose latest copy failed, at the end: a re-run continues them. */
  readonly unresolved: readonly SyncFailure[]
  /** Everything that failed along the way (the first 100), also what later copies mended. */
  readonly failures: readonly SyncFailure[]
  readonly failureCount: number
}
