/**
 * What `migrate` takes.
 *
 * @module
 */
import type { ChatAdapter, Conversation, Message, MessageDraft, Participant } from '@colloquy/core'
import type { Ledger } from './ledger.js'
import type { MigrationProgress } from './report.js'

/** Hooks to change how source people and messages appear in the target. */
export interface MigrationTransform {
  /**
   * The target user's `externalId` for a source customer. Default `<source provider>:<user id>`.
   * It is also how a later run finds the target conversation again, so keep it stable across runs.
   */
  readonly externalId?: (participant: Participant, conversation: Conversation) => string
  /** Last word on each draft before it is sent (e.g. to rename agents or add metadata). */
  readonly draft?: (draft: MessageDraft, source: Message) => MessageDraft
}

/** The options of {@link migrate} (and of `verifyMigration`, which reads the same selection). */
export interface MigrateOptions {
  readonly source: ChatAdapter
  readonly target: ChatAdapter
  /** Source conversation ids to copy; needed when the source cannot list (Smooch v1). Not with `users`. */
  readonly conversations?: readonly string[] | AsyncIterable<string>
  /**
   * Source user ids: copies the conversations each of them is in. Needed when the source lists per
   * user (Sunshine); on a source that lists everything it selects those users' conversations. A
   * user the source does not know, or who is in no conversation, is a `MigrationPlanError`.
   */
  readonly users?: readonly string[]
  /** Where progress is recorded, so re-runs are fast. Default: a memory ledger. */
  readonly ledger?: Ledger
  /** Conversations copied at once, 1 to 256. Default 4. Messages within one are always in order. */
  readonly concurrency?: number
  /**
   * Plans, checks both ends, reads the ledger and the target, and writes nothing: the report says
   * what a real run would copy (`migrated`), skip and degrade.
   */
  readonly dryRun?: boolean
  /**
   * Reads every conversation from its first message, ignoring where the ledger says earlier copies
   * stopped (what every run did before positions; nothing is copied twice either way). Positions
   * are recorded again. Default `false`: a conversation with a recorded position is continued from
   * it, or not read at all when the source's listing shows nothing new.
   */
  readonly full?: boolean
  readonly transform?: MigrationTransform
  /** Called after every message and conversation with the running totals. */
  readonly onProgress?: (progress: MigrationProgress) => void
  /** Stops cleanly: sends in flight finish and are recorded; the report says `interrupted`. */
  readonly signal?: AbortSignal
}
