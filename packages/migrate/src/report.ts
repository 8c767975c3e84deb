/**
 * @module
 */

/** What happened to one source conversation. */
export interface ConversationReport {
  readonly sourceConversationId: string
  readonly targetConversationId?: string
  /** `failed`: stopped at an error (see `errors`); a re-run continues from there. */
  readonly status: 'migrated' | 'failed' | 'interrupted'
  readonly messages: {
    /** Copied now (or, in a dry run, that would be). */
    readonly migrated: number
    /** Already copied by an earlier run. */
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
    readonly migrated: number
    readonly skipped: number
    readonly degraded: number
    readonly failed: number
  }
  readonly conversations: readonly ConversationReport[]
}

/** Running totals passed to `onProgress`. */
export interface MigrationProgress {
  readonly conversations: number
  readonly conversationsDone: number
  readonly migrated: number
  readonly skipped: number
  readonly degraded: number
  readonly failed: number
  /** The source conversation being copied, for message events. */
  readonly current?: string
}
