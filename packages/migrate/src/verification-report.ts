/**
 * What `verifyMigration` takes and reports.
 *
 * @module
 */
import type { DifferenceCounts, MessageDifference } from './compare-histories.js'
import type { MigrateOptions } from './options.js'
import type { RunError } from './report.js'

/** What `verifyMigration` takes: the migration's own selection, ledger and transform. */
export type VerifyOptions = Pick<
  MigrateOptions,
  'source' | 'target' | 'conversations' | 'users' | 'ledger' | 'transform' | 'concurrency' | 'signal'
> & {
  /** Called after every conversation with the running totals. */
  readonly onProgress?: (progress: VerificationProgress) => void
}

/** Running totals passed to `onProgress`. */
export interface VerificationProgress {
  readonly conversations: number
  readonly conversationsDone: number
  readonly conversationsTotal?: number
  readonly messages: number
  readonly differences: number
}

/** The verification of one source conversation. */
export interface ConversationVerification {
  readonly sourceConversationId: string
  /** Every target conversation found for it (more than one is itself a fault: see the differences). */
  readonly targetConversationIds: readonly string[]
  /** `failed`: a read failed (see `error`), so nothing is proven. */
  readonly status: 'verified' | 'differs' | 'failed'
  readonly messages: number
  readonly differences: DifferenceCounts
  /** The first 100 differences. */
  readonly details: readonly MessageDifference[]
  readonly error?: { readonly tag: string; readonly message: string }
}

/** The outcome of `verifyMigration`. */
export interface VerificationReport {
  readonly source: string
  readonly target: string
  readonly interrupted: boolean
  readonly startedAt: Date
  readonly finishedAt: Date
  readonly totals: {
    readonly conversations: number
    readonly verified: number
    readonly differing: number
    readonly failed: number
    /** Source messages checked. */
    readonly messages: number
  } & DifferenceCounts
  readonly conversations: readonly ConversationVerification[]
  /** The source listing broke off: conversations after it were not checked. */
  readonly errors: readonly RunError[]
}
