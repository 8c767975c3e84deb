/**
 * What every step of a run shares, and the one error channel of a conversation's copy.
 *
 * @module
 */
import type { ChatAdapter, ColloquyError, Message } from '@colloquy/core'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { Prepared } from './copy-messages.js'
import type { Ledger, LedgerScope } from './ledger.js'
import type { MigrationTransform } from './options.js'
import type { TargetLookup } from './plan.js'

/**
 * Why a conversation's copy stopped: `Stopped` ends that conversation (a re-run continues it);
 * `LedgerFailed` ends the whole run, since nothing more can be recorded.
 */
export type CopyFailure =
  | { readonly _tag: 'Stopped'; readonly error: ColloquyError; readonly sourceMessageId?: string }
  | { readonly _tag: 'LedgerFailed'; readonly cause: unknown }

/** Running totals, shared by the conversations of a run. */
export interface Counters {
  conversations: number
  conversationsDone: number
  conversationsTotal?: number
  messagesSeen: number
  migrated: number
  skipped: number
  degraded: number
  failed: number
}

/** Counters at zero. */
export const newCounters = (): Counters => ({
  conversations: 0,
  conversationsDone: 0,
  messagesSeen: 0,
  migrated: 0,
  skipped: 0,
  degraded: 0,
  failed: 0,
})

/**
 * A source message's step in a copy: `read` (not in the target yet, about to be copied), then
 * `copied`, or `skipped` when it was there already. A message of a conversation that stops stays
 * at `read`.
 */
export interface MessageStep {
  readonly sourceConversationId: string
  readonly message: Message
  readonly step: 'read' | 'copied' | 'skipped'
}

export interface RunContext {
  readonly source: ChatAdapter
  readonly target: ChatAdapter
  readonly ledger: Ledger
  readonly scope: LedgerScope
  readonly lookup: TargetLookup
  readonly dryRun: boolean
  /** Read every conversation from its start, ignoring recorded positions. */
  readonly full: boolean
  /** Milliseconds since the epoch, for the settling of listed summaries. */
  readonly now: () => number
  readonly transform?: MigrationTransform
  readonly signal?: AbortSignal
  readonly counters: Counters
  /** Reports the counters to `onProgress`; `current` names the conversation of a message event. */
  readonly progress: (current?: string) => void
  /** Told of every source message a copy reads and settles (a sync measures its lag with it). */
  readonly observe?: (step: MessageStep) => void
  /**
   * Conversations this process has prepared (source people read, target found and reconciled),
   * by source conversation id: a sync copies the same conversation again and again, and within
   * one process the ledger already holds everything it sent, so a later copy skips those reads.
   */
  readonly prepared?: Map<string, Prepared>
}

export const stopped = (error: ColloquyError, sourceMessageId?: string): CopyFailure => ({
  _tag: 'Stopped',
  error,
  ...(sourceMessageId === undefined ? {} : { sourceMessageId }),
})

/** A port call in the copy's error channel: its failure stops the conversation. */
export const port = <A>(task: TE.TaskEither<ColloquyError, A>, sourceMessageId?: string) =>
  TE.mapError((error: ColloquyError) => stopped(error, sourceMessageId))(task)

/** A ledger call in the copy's error channel: the ledger's promise rejecting ends the run. */
export const fromLedger = <A>(call: () => Promise<A>): TE.TaskEither<CopyFailure, A> =>
  TE.tryCatch(call, (cause): CopyFailure => ({ _tag: 'LedgerFailed', cause }))

/** Errors that may mean the target stored the message anyway (its answer was lost or garbled). */
export const isAmbiguous = (error: ColloquyError) =>
  error._tag === 'Network' || error._tag === 'Decode' || (error._tag === 'Http' && error.status >= 500)

/** How often an ambiguous write is re-checked and re-sent before the conversation stops. */
export const writeAttempts = 3
