/**
 * Reconciliation: what the target already holds of a source conversation, read from the source
 * ids stamped on its messages. It closes the window between a send and its ledger entry, and
 * stands in for a ledger that is new, lost or someone else's.
 *
 * @module
 */
import type { Message } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { type CopyFailure, fromLedger, type RunContext, stopped } from './context.js'
import { sourceKeys } from './source-keys.js'
import { messagePages } from './walks.js'

/** One source conversation's target, as a copy sees it. */
export interface TargetView {
  readonly sourceConversationId: string
  readonly targetConversationId: string
  /** The target conversation may hold other source conversations: match each message's own ids. */
  readonly shared: boolean
  /** In a dry run, the source message ids found in the target (a real run records them in the ledger). */
  readonly known: Set<string>
}

/** The source id a target message carries for this conversation, if any. */
export const copiedFrom = (context: RunContext, view: TargetView, message: Message): string | undefined => {
  const sourceId = message.metadata[sourceKeys.messageId]
  if (typeof sourceId !== 'string') return undefined
  if (view.shared) {
    const { [sourceKeys.provider]: provider, [sourceKeys.conversationId]: conversationId } = message.metadata
    if (provider !== context.source.provider || conversationId !== view.sourceConversationId) return undefined
  }
  return sourceId
}

/**
 * Reads the target conversation newest first and notes every source message it holds that is not
 * known yet: outside a dry run it is recorded in the ledger, oldest first, so the ledger always
 * holds a prefix of the history (messages are sent in order, so the walk stops at the first
 * message already known). A target that pages only forward is read whole. Resolves whether
 * `wanted` is in the target (or the ledger).
 */
export const reconcile =
  (context: RunContext, view: TargetView, wanted?: string): TaskEither<CopyFailure, boolean> =>
  async () => {
    const { target, ledger, scope } = context
    const backward = target.capabilities.messages.directions.includes('backward')
    const isKnown = (sourceId: string) =>
      view.known.has(sourceId)
        ? Promise.resolve(true)
        : ledger.hasMessage(scope, view.sourceConversationId, sourceId)
    const unrecorded: { sourceId: string; targetId: string }[] = []
    const seen = new Set<string>()
    walk: for await (const page of messagePages(
      target,
      view.targetConversationId,
      backward ? 'backward' : 'forward',
    )) {
      if (E.isLeft(page)) return E.left(stopped(page.left))
      const items = page.right.items
      for (
        let i = backward ? items.length - 1 : 0;
        backward ? i >= 0 : i < items.length;
        backward ? i-- : i++
      ) {
        const message = items[i] as Message
        const sourceId = copiedFrom(context, view, message)
        if (sourceId === undefined || seen.has(sourceId)) continue
        seen.add(sourceId)
        const known = await fromLedger(() => isKnown(sourceId))()
        if (E.isLeft(known)) return known
        if (known.right) {
          if (backward) break walk
          continue
        }
        unrecorded.push({ sourceId, targetId: message.id })
      }
    }
    if (backward) unrecorded.reverse()
    for (const { sourceId, targetId } of unrecorded) {
      if (context.dryRun) view.known.add(sourceId)
      else {
        const recorded = await fromLedger(() =>
          ledger.record({
            ...scope,
            kind: 'message',
            sourceConversationId: view.sourceConversationId,
            sourceMessageId: sourceId,
            targetConversationId: view.targetConversationId,
            targetMessageId: targetId,
          }),
        )()
        if (E.isLeft(recorded)) return recorded
      }
    }
    if (wanted === undefined) return E.right(false)
    return fromLedger(() => isKnown(wanted))()
  }
