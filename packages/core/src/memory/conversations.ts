/**
 * The memory adapter's conversation port.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { type ColloquyError, notFound } from '../errors.js'
import type { ConversationPort, Result } from '../ports.js'
import type { createPaging } from './pages.js'
import {
  activeParticipants,
  type StoredConversation,
  type StoredParticipant,
  toConversation,
} from './records.js'
import type { MemoryStore } from './store.js'

/** Runs `run` on the conversation the input names, or answers `NotFound` naming `operation`. */
export const withConversation =
  <A>(
    store: MemoryStore,
    operation: string,
    run: (conversation: StoredConversation) => E.Either<ColloquyError, A>,
  ) =>
  (input: { readonly conversationId: string }): Result<A> =>
    TE.fromEither(E.flatMap(store.find(operation, input.conversationId), run))

/** The active participant named by participant id, else by user id, or `NotFound`. */
export const findParticipant = (
  store: MemoryStore,
  operation: string,
  conversation: StoredConversation,
  by: { readonly participantId?: string; readonly userId?: string },
): E.Either<ColloquyError, StoredParticipant> => {
  const participant = activeParticipants(conversation).find((p) =>
    by.participantId !== undefined ? p.id === by.participantId : p.userId === by.userId,
  )
  return participant
    ? E.right(participant)
    : E.left(
        notFound({
          provider: store.provider,
          operation,
          resource: 'participant',
          id: by.participantId ?? by.userId ?? '',
        }),
      )
}

export const createConversationPort = (
  store: MemoryStore,
  paging: ReturnType<typeof createPaging>,
): ConversationPort => {
  const { provider, clock } = store
  return {
    list: (input) => TE.fromEither(paging.conversations(store.conversations.values(), input)),
    get: withConversation(store, 'conversations.get', (c) => E.right(toConversation(provider, c))),
    create: (input) => {
      const conversation = store.createConversation(input)
      store.emit({ type: 'conversation.created', conversationId: conversation.id })
      return TE.right(toConversation(provider, conversation))
    },
    update: (input) =>
      withConversation(store, 'conversations.update', (c) => {
        if (input.title !== undefined) c.title = input.title
        if (input.description !== undefined) c.description = input.description
        // Metadata is replaced, not merged, as the vendors' PUT-like updates do.
        if (input.metadata !== undefined) c.metadata = input.metadata
        c.updatedAt = clock()
        return E.right(toConversation(provider, c))
      })(input),
    delete: withConversation(store, 'conversations.delete', (c) => {
      store.conversations.delete(c.id)
      return E.right(undefined)
    }),
    markRead: (input) =>
      withConversation(store, 'conversations.markRead', (c) => {
        const latest = c.nextMessageSeq - 1
        if (input.participantId === undefined) {
          c.readUpTo = latest
        } else {
          const participant = findParticipant(store, 'conversations.markRead', c, input)
          if (E.isLeft(participant)) return participant
          participant.right.readUpTo = latest
        }
        store.emit({
          type: 'conversation.read',
          conversationId: c.id,
          ...(input.participantId === undefined ? {} : { participantId: input.participantId }),
        })
        return E.right(undefined)
      })(input),
    setTyping: (input) =>
      withConversation(store, 'conversations.setTyping', (c) => {
        c.typing = input.typing
        store.emit({ type: 'typing', conversationId: c.id, typing: input.typing })
        return E.right(undefined)
      })(input),
  }
}
