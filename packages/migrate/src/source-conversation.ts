/**
 * Reading a source conversation and its people.
 *
 * @module
 */
import type { Conversation, Participant } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { type CopyFailure, port, type RunContext } from './context.js'
import { type SourceParties, sourceParties } from './drafts.js'

/** A source conversation to copy: its id, and the conversation itself when it was read already (a listing, the preflight). */
export interface SourceConversation {
  readonly id: string
  readonly listed?: Conversation
}

/** The source conversation and its people; a listed conversation with inline participants costs no read. */
export const readSource = (
  context: RunContext,
  item: SourceConversation,
): TE.TaskEither<CopyFailure, SourceParties> => {
  const { source, target, transform } = context
  const participantsOf = (conversation: Conversation): TE.TaskEither<CopyFailure, readonly Participant[]> =>
    conversation.participants !== undefined || !source.capabilities.participants.list
      ? TE.right(conversation.participants ?? [])
      : port(source.participants.list({ conversationId: conversation.id }))
  return pipe(
    item.listed === undefined
      ? port(source.conversations.get({ conversationId: item.id }))
      : TE.right(item.listed),
    TE.flatMap((conversation) =>
      pipe(
        participantsOf(conversation),
        TE.map((participants) => sourceParties(source, target, conversation, participants, transform)),
      ),
    ),
  )
}
