/**
 * Sending one message exactly once: a write whose answer is lost or garbled is checked for in the
 * target before it is sent again.
 *
 * @module
 */
import type { MessageDraft } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import {
  type CopyFailure,
  fromLedger,
  isAmbiguous,
  type RunContext,
  stopped,
  writeAttempts,
} from './context.js'
import { reconcile, type TargetView } from './reconcile.js'

/**
 * Sends `draft` and records it. An ambiguous failure (no answer, a 5xx, a malformed answer — the
 * vendor may have stored it) is followed by a reconciliation: if the message is in the target it
 * is recorded, else it is sent again, up to {@link writeAttempts} sends in all. Any other failure,
 * or the last ambiguous one, stops the conversation at this message.
 */
export const sendOnce = (
  context: RunContext,
  view: TargetView,
  sourceMessageId: string,
  draft: MessageDraft,
  attempt = 1,
): TaskEither<CopyFailure, void> =>
  pipe(
    context.target.messages.send({ conversationId: view.targetConversationId, message: draft }),
    TE.mapError((error) => ({ error, retry: isAmbiguous(error) && attempt < writeAttempts })),
    TE.foldW(
      ({ error, retry }) =>
        retry
          ? pipe(
              reconcile(context, view, sourceMessageId),
              TE.flatMap((present) =>
                present ? TE.right(undefined) : sendOnce(context, view, sourceMessageId, draft, attempt + 1),
              ),
            )
          : TE.left(stopped(error, sourceMessageId)),
      (sent) =>
        fromLedger(() =>
          context.ledger.record({
            ...context.scope,
            kind: 'message',
            sourceConversationId: view.sourceConversationId,
            sourceMessageId,
            targetConversationId: view.targetConversationId,
            targetMessageId: sent.id,
          }),
        ),
    ),
  )
