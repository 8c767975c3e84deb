/**
 * What a migration reports, and the running report of one conversation.
 *
 * @module
 */
import type { ColloquyError } from '@colloquy/core'

/** What happened to one source conversation. */
export interface ConversationReport {
  readonly sourceConversationId: string
  /** Absent when none exists yet (creating it failed, or a dry run would create it). */
  readonly targetConversationId?: string
  /**
   * How the target conversation was found: `ledger` (recorded by an earlier run), `found` (looked
   * up in the target, e.g. after the ledger was lost), `created` (by this run), `toCreate` (a dry
   * run would create it).
   */
  readonly target?: 'ledger' | 'found' | 'created' | 'toCreate'
  /**
   * How the source was read: `full` from its first message; `resumed` from where the ledger says
   * the last copy stopped (only what came since is read); `unchanged`: not read at all, as the
   * source's listing shows the same last message as when it was last copied to its end.
   */
  readonly walk: 'full' | 'resumed' | 'unchanged'
  /**
   * `failed`: stopped at an error (see `errors`); a re-run continues from there. `busy`: another
   * run sharing the ledger (`Ledger.claimConversation`) was copying it, so this run left it alone.
   */
  readonly status: 'migrated' | 'failed' | 'interrupted' | 'busy'
  readonly messages: {
    /** Copied now (or, in a dry run, that would be). */
    readonly migrated: number
    /** Already in the target (recorded in the ledger, or found there). */
    readonly skipped: number
    /** Copied in a converted form (also counted in `migrated`). */
    readonly degraded: number
    readonly failed: number
  }
  /** Why messages were degraded (the first 50). */
  readonly degraded: readonly { readonly sourceMessageId: string; readonly reason: string }[]
  readonly errors: readonly {
    readonly sourceMessageId?: string
    readonly tag: string
    readonly message: string
  }[]
}

/** A failure of the run itself rather than of one conversation: the source's listing broke off. */
export interface RunError {
  readonly stage: 'listing'
  readonly tag: string
  readonly message: string
}

/** The outcome of {@link migrate}. */
export interface MigrationReport {
  readonly source: string
  readonly target: string
  readonly dryRun: boolean
  readonly interrupted: boolean
  readonly startedAt: Date
  readonly finishedAt: Date
  readonly totals: {
    readonly conversations: number
    readonly conversationsFailed: number
    /** Conversations continued from their recorded position (a delta): only what came since was read. */
    readonly conversationsResumed: number
    /** Conversations not read at all: the source's listing shows nothing new since their last copy. */
    readonly conversationsUnchanged: number
    readonly migrated: number
    readonly skipped: number
    readonly degraded: number
    readonly failed: number
  }
  readonly conversations: readonly ConversationReport[]
  /** Failures that ended the run early (conversations not reached are in no report); a re-run continues. */
  readonly errors: readonly RunError[]
}

/** Running totals passed to `onProgress`. */
export interface MigrationProgress {
  /** Conversations started. */
  readonly conversations: number
  readonly conversationsDone: number
  /** Conversations to copy in all, once known (ids given, users resolved, or the listing read to its end). */
  readonly conversationsTotal?: number
  /** Source messages read so far: the known total of messages to go through. */
  readonly messagesSeen: number
  readonly migrated: number
  readonly skipped: number
  readonly degraded: number
  readonly failed: number
  /** The source conversation being copied, for message events. */
  readonly current?: string
}

/** Detail lines kept per conversation in the report (counts are always complete). */
const detailLimit = 50

/** A conversation's report while it is being copied. */
export interface WorkingReport {
  sourceConversationId: string
  targetConversationId?: string
  target?: ConversationReport['target']
  walk: ConversationReport['walk']
  status: ConversationReport['status']
  readonly messages: { migrated: number; skipped: number; degraded: number; failed: number }
  readonly degraded: { sourceMessageId: string; reason: string }[]
  readonly errors: { sourceMessageId?: string; tag: string; message: string }[]
}

export const newReport = (sourceConversationId: string): WorkingReport => ({
  sourceConversationId,
  walk: 'full',
  status: 'migrated',
  messages: { migrated: 0, skipped: 0, degraded: 0, failed: 0 },
  degraded: [],
  errors: [],
})

/** A conversation another run sharing the ledger was copying: left to it. */
export const busyReport = (sourceConversationId: string): ConversationReport => ({
  ...newReport(sourceConversationId),
  status: 'busy',
})

/** Marks the conversation failed with `error`; a re-run continues where it stopped. */
export const failReport = (report: WorkingReport, error: ColloquyError, sourceMessageId?: string): void => {
  report.status = 'failed'
  if (sourceMessageId !== undefined) report.messages.failed++
  report.errors.push({
    ...(sourceMessageId === undefined ? {} : { sourceMessageId }),
    tag: error._tag,
    message: error.message,
  })
}

/** Notes a degraded message (the reason is kept for the first {@link detailLimit}). */
export const noteDegraded = (report: WorkingReport, sourceMessageId: string, reason: string): void => {
  report.messages.degraded++
  if (report.degraded.length < detailLimit) report.degraded.push({ sourceMessageId, reason })
}
