/**
 * The memory adapter's state: conversations with their participants and messages, the ids it has
 * handed out, the users it knows by `externalId`, and the events its writes produced.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { type ColloquyError, notFound } from '../errors.js'
import type { CreateConversation, MessageDraft } from '../model.js'
import type { MemoryEventJson } from './events.js'
import {
  activeParticipants,
  type StoredConversation,
  type StoredMessage,
  type StoredParticipant,
} from './records.js'

/** A conversation to start the adapter with; ids are generated where omitted. */
export interface MemorySeedConversation extends CreateConversation {
  readonly id?: string
  readonly status?: 'open' | 'closed'
  readonly createdAt?: Date
  /** Oldest first; `createdAt` defaults to the clock. */
  readonly messages?: readonly (MessageDraft & { readonly id?: string })[]
}

/** Who a participant is, as a draft names them. */
type PersonDraft = {
  readonly userId?: string
  readonly externalId?: string
  readonly displayName?: string
  readonly email?: string
}

/** The state of one memory adapter and the changes its ports make. */
export interface MemoryStore {
  readonly provider: string
  readonly clock: () => Date
  readonly conversations: Map<string, StoredConversation>
  /** The conversation, or `NotFound` naming `operation`. */
  readonly find: (operation: string, conversationId: string) => E.Either<ColloquyError, StoredConversation>
  readonly createConversation: (input: MemorySeedConversation) => StoredConversation
  readonly addParticipant: (
    conversation: StoredConversation,
    draft: PersonDraft,
    role: StoredParticipant['role'],
  ) => StoredParticipant
  /** Stores a message as the newest of the conversation; the author's read position moves to it. */
  readonly appendMessage: (
    conversation: StoredConversation,
    draft: MessageDraft,
    id?: string,
  ) => StoredMessage
  /** Adds a conversation with its history; throws when an id is used twice. */
  readonly seed: (input: MemorySeedConversation) => {
    readonly conversationId: string
    readonly messageIds: readonly string[]
  }
  /** Queues an event in the adapter's webhook format. */
  readonly emit: (event: Omit<MemoryEventJson, 'id' | 'occurredAt'>) => void
  /** The queued events, emptying the queue. */
  readonly takeEvents: () => MemoryEventJson[]
  readonly pendingEvents: () => number
}

export const createMemoryStore = (provider: string, clock: () => Date): MemoryStore => {
  const conversations = new Map<string, StoredConversation>()
  const usedIds = new Set<string>()
  const userIdsByExternalId = new Map<string, string>()
  let outbox: MemoryEventJson[] = []
  let counter = 0
  let conversationSeq = 0

  const newId = (prefix: string): string => {
    let id: string
    do id = `${prefix}_${++counter}`
    while (usedIds.has(id))
    usedIds.add(id)
    return id
  }
  const claimId = (id: string | undefined, prefix: string): string => {
    if (id === undefined) return newId(prefix)
    if (usedIds.has(id)) throw new Error(`createMemoryAdapter: seed id '${id}' is used twice`)
    usedIds.add(id)
    return id
  }
  const userIdFor = (draft: { userId?: string; externalId?: string }): string | undefined => {
    if (draft.userId !== undefined) return draft.userId
    if (draft.externalId === undefined) return undefined
    const known = userIdsByExternalId.get(draft.externalId)
    if (known !== undefined) return known
    const created = newId('user')
    userIdsByExternalId.set(draft.externalId, created)
    return created
  }

  const addParticipant: MemoryStore['addParticipant'] = (conversation, draft, role) => {
    const participant: StoredParticipant = {
      id: newId('part'),
      userId: userIdFor(draft) ?? newId('user'),
      role,
      joinedAt: clock(),
      readUpTo: conversation.nextMessageSeq - 1,
      ...(draft.externalId === undefined ? {} : { externalId: draft.externalId }),
      ...(draft.displayName === undefined ? {} : { displayName: draft.displayName }),
      ...(draft.email === undefined ? {} : { email: draft.email }),
    }
    conversation.participants.push(participant)
    return participant
  }

  const appendMessage: MemoryStore['appendMessage'] = (conversation, draft, id) => {
    const userId = userIdFor(draft.author)
    const participant = activeParticipants(conversation).find(
      (p) => p.userId === userId && userId !== undefined,
    )
    const author = {
      role: draft.author.role,
      ...(userId === undefined ? {} : { userId }),
      ...(participant === undefined ? {} : { participantId: participant.id }),
      ...(draft.author.displayName === undefined ? {} : { displayName: draft.author.displayName }),
      ...(draft.author.avatarUrl === undefined ? {} : { avatarUrl: draft.author.avatarUrl }),
    }
    const message: StoredMessage = {
      id: claimId(id, 'msg'),
      seq: conversation.nextMessageSeq++,
      author,
      content: draft.content,
      createdAt: draft.createdAt ?? clock(),
      metadata: draft.metadata ?? {},
    }
    conversation.messages.push(message)
    conversation.updatedAt = clock()
    if (participant) participant.readUpTo = message.seq
    return message
  }

  const createConversation: MemoryStore['createConversation'] = (input) => {
    const now = clock()
    const conversation: StoredConversation = {
      id: claimId(input.id, 'conv'),
      seq: conversationSeq++,
      kind: input.kind ?? 'personal',
      status: input.status ?? 'open',
      metadata: input.metadata ?? {},
      createdAt: input.createdAt ?? now,
      updatedAt: now,
      messages: [],
      nextMessageSeq: 1,
      participants: [],
      readUpTo: 0,
      typing: false,
      ...(input.title === undefined ? {} : { title: input.title }),
      ...(input.description === undefined ? {} : { description: input.description }),
    }
    for (const draft of input.participants) addParticipant(conversation, draft, 'customer')
    conversations.set(conversation.id, conversation)
    return conversation
  }

  return {
    provider,
    clock,
    conversations,
    find: (operation, conversationId) => {
      const conversation = conversations.get(conversationId)
      return conversation
        ? E.right(conversation)
        : E.left(notFound({ provider, operation, resource: 'conversation', id: conversationId }))
    },
    createConversation,
    addParticipant,
    appendMessage,
    seed: (input) => {
      const conversation = createConversation(input)
      const messageIds = (input.messages ?? []).map(
        (message) => appendMessage(conversation, message, message.id).id,
      )
      return { conversationId: conversation.id, messageIds }
    },
    emit: (event) => {
      outbox.push({ id: newId('evt'), occurredAt: clock().toISOString(), ...event })
    },
    takeEvents: () => {
      const events = outbox
      outbox = []
      return events
    },
    pendingEvents: () => outbox.length,
  }
}
