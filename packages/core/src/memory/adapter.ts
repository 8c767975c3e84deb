/**
 * `createMemoryAdapter`: every port, in memory, behaving like a careful vendor.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { Capabilities } from '../capabilities.js'
import { defineAdapter } from '../define-adapter.js'
import { type ColloquyError, invalidRequest, notFound } from '../errors.js'
import { type CreateConversation, contentTypes, type MessageDraft } from '../model.js'
import type { Page } from '../pagination.js'
import type { ChatAdapter, Result } from '../ports.js'
import { type MemoryEventBody, type MemoryEventJson, parseMemoryEvents } from './events.js'
import {
  activeParticipants,
  messageJson,
  type StoredConversation,
  type StoredMessage,
  type StoredParticipant,
  toConversation,
  toMessage,
  toParticipant,
} from './records.js'

/** A conversation to start the adapter with; ids are generated where omitted. */
export interface MemorySeedConversation extends CreateConversation {
  readonly id?: string
  readonly status?: 'open' | 'closed'
  readonly createdAt?: Date
  /** Oldest first; `createdAt` defaults to the clock. */
  readonly messages?: readonly (MessageDraft & { readonly id?: string })[]
}

/** Options of {@link createMemoryAdapter}. */
export interface MemoryAdapterOptions {
  /** Conversations present from the start. Duplicate ids throw at creation. */
  readonly seed?: { readonly conversations?: readonly MemorySeedConversation[] }
  /** Page size when a list call gives no `limit`. Default 50. */
  readonly pageSize?: number
  /** Largest `limit` honoured; larger ones are capped, as vendors do. Default 1000. */
  readonly maxPageSize?: number
  /** Source of "now" for every timestamp. Default `() => new Date()`. */
  readonly clock?: () => Date
  /** The `provider` name on every model and error. Default `'memory'`. */
  readonly provider?: string
  /**
   * What the adapter declares, to simulate a less capable vendor: methods, directions and content
   * types left out return `Unsupported`. Default {@link memoryCapabilities} (everything).
   */
  readonly capabilities?: Capabilities
}

/** A read-only view of the adapter's state, for assertions in tests. */
export interface MemorySnapshot {
  readonly conversations: readonly {
    readonly id: string
    readonly typing: boolean
    readonly messageCount: number
    readonly participantIds: readonly string[]
  }[]
  /** Events produced and not yet taken with `takeEvents()`. */
  readonly pendingEvents: number
}

/** Operations of the memory adapter that are no port's business. */
export interface MemoryExtras {
  /** Counts and flags of the current state. */
  readonly snapshot: () => MemorySnapshot
  /**
   * Adds a conversation with its messages directly, as a vendor's existing history would be: no
   * capability check and no events. Returns the conversation with its message ids, oldest first.
   *
   * @throws Error when an id is already used.
   */
  readonly seed: (conversation: MemorySeedConversation) => {
    readonly conversationId: string
    readonly messageIds: readonly string[]
  }
  /**
   * Every event the adapter's writes produced since the last call, as the webhook body a vendor
   * would deliver; `adapter.events.parse({ body })` turns it into `InboundEvent`s.
   */
  readonly takeEvents: () => MemoryEventBody
}

/** The memory adapter: a {@link ChatAdapter} plus {@link MemoryExtras} under `memory`. */
export type MemoryAdapter = ChatAdapter & { readonly memory: MemoryExtras }

/** Everything: the memory adapter's default capabilities. */
export const memoryCapabilities: Capabilities = {
  conversations: {
    list: 'all',
    listByExternalId: true,
    get: true,
    create: true,
    update: true,
    delete: true,
    markRead: true,
    setTyping: true,
  },
  messages: {
    list: true,
    directions: ['backward', 'forward'],
    send: true,
    delete: true,
    deleteAll: true,
    sendableContent: contentTypes.filter((type) => type !== 'unsupported'),
    preservesTimestamps: true,
    metadata: true,
  },
  participants: { list: true, join: true, leave: true },
  events: { webhooks: true, verification: 'none' },
}

// Cursors name a sequence number, not a position, so they stay valid while messages are added or deleted.
const encodeCursor = (kind: 'b' | 'f' | 'c', seq: number) => `${kind}${seq}`
const decodeCursor = (cursor: string, kind: 'b' | 'f' | 'c'): number | undefined => {
  const match = /^([bfc])(\d{1,15})$/.exec(cursor)
  return match && match[1] === kind ? Number(match[2]) : undefined
}

/** Index of the first item whose `seq` is greater than `seq` (items ascending by `seq`). */
const indexAfter = (items: readonly { readonly seq: number }[], seq: number): number => {
  let low = 0
  let high = items.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((items[middle]?.seq ?? 0) <= seq) low = middle + 1
    else high = middle
  }
  return low
}

/**
 * An in-memory {@link ChatAdapter} with every capability: the test double for applications and the
 * reference implementation of the port contract. Ids are unique per adapter; cursors stay valid
 * while messages are added; unknown ids give `NotFound`. Writes also queue events in the adapter's
 * own webhook format (see {@link MemoryExtras.takeEvents}).
 *
 * @throws Error at creation only, when the seed repeats an id.
 */
export const createMemoryAdapter = (options: MemoryAdapterOptions = {}): MemoryAdapter => {
  const provider = options.provider ?? 'memory'
  const capabilities = options.capabilities ?? memoryCapabilities
  const clock = options.clock ?? (() => new Date())
  const defaultPageSize = options.pageSize ?? 50
  const maxPageSize = options.maxPageSize ?? 1000
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
  const emit = (event: Omit<MemoryEventJson, 'id' | 'occurredAt'>) => {
    outbox.push({ id: newId('evt'), occurredAt: clock().toISOString(), ...event })
  }

  const find = (operation: string, conversationId: string): E.Either<ColloquyError, StoredConversation> => {
    const conversation = conversations.get(conversationId)
    return conversation
      ? E.right(conversation)
      : E.left(notFound({ provider, operation, resource: 'conversation', id: conversationId }))
  }
  const withConversation =
    <A>(operation: string, run: (conversation: StoredConversation) => E.Either<ColloquyError, A>) =>
    (input: { conversationId: string }): Result<A> =>
      TE.fromEither(E.flatMap(find(operation, input.conversationId), run))

  const pageSize = (limit: number | undefined) => Math.min(limit ?? defaultPageSize, maxPageSize)
  const badCursor = (operation: string, cursor: string) =>
    E.left(
      invalidRequest({
        provider,
        operation,
        message: `${operation}: cursor '${cursor}' is not one this adapter made`,
      }),
    )

  const addParticipant = (
    conversation: StoredConversation,
    draft: { userId?: string; externalId?: string; displayName?: string; email?: string },
    role: StoredParticipant['role'],
  ): StoredParticipant => {
    const userId = userIdFor(draft) ?? newId('user')
    const participant: StoredParticipant = {
      id: newId('part'),
      userId,
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

  const appendMessage = (
    conversation: StoredConversation,
    draft: MessageDraft,
    id?: string,
  ): StoredMessage => {
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

  const createConversation = (input: MemorySeedConversation): StoredConversation => {
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

  const seed = (input: MemorySeedConversation) => {
    const conversation = createConversation(input)
    const messageIds = (input.messages ?? []).map(
      (message) => appendMessage(conversation, message, message.id).id,
    )
    return { conversationId: conversation.id, messageIds }
  }
  for (const conversation of options.seed?.conversations ?? []) seed(conversation)

  const listMessages = (
    conversation: StoredConversation,
    input: { cursor?: string; limit?: number; direction?: 'backward' | 'forward' },
  ): E.Either<ColloquyError, Page<ReturnType<typeof toMessage>>> => {
    const size = pageSize(input.limit)
    const messages = conversation.messages
    const forward = input.direction === 'forward'
    const bound = input.cursor === undefined ? undefined : decodeCursor(input.cursor, forward ? 'f' : 'b')
    if (input.cursor !== undefined && bound === undefined) return badCursor('messages.list', input.cursor)
    let start: number
    let end: number
    if (forward) {
      start = bound === undefined ? 0 : indexAfter(messages, bound)
      end = Math.min(start + size, messages.length)
    } else {
      end = bound === undefined ? messages.length : indexAfter(messages, bound - 1)
      start = Math.max(0, end - size)
    }
    const items = messages.slice(start, end).map((m) => toMessage(provider, conversation.id, m))
    const edge = forward ? messages[end - 1] : messages[start]
    const more = forward ? end < messages.length : start > 0
    const page = more && edge ? { items, nextCursor: encodeCursor(forward ? 'f' : 'b', edge.seq) } : { items }
    if (!forward) return E.right(page)
    // After the last item returned, or where the request stood (or before everything) when none was.
    const resumeAt = edge?.seq ?? bound
    return E.right(resumeAt === undefined ? page : { ...page, resumeCursor: encodeCursor('f', resumeAt) })
  }

  const findParticipant = (
    operation: string,
    conversation: StoredConversation,
    by: { participantId?: string; userId?: string },
  ): E.Either<ColloquyError, StoredParticipant> => {
    const participant = activeParticipants(conversation).find((p) =>
      by.participantId !== undefined ? p.id === by.participantId : p.userId === by.userId,
    )
    return participant
      ? E.right(participant)
      : E.left(
          notFound({ provider, operation, resource: 'participant', id: by.participantId ?? by.userId ?? '' }),
        )
  }

  const adapter: MemoryAdapter = {
    provider,
    capabilities,
    conversations: {
      list: (input) => {
        const all = [...conversations.values()]
        const after = input.cursor === undefined ? -1 : decodeCursor(input.cursor, 'c')
        if (after === undefined) return TE.fromEither(badCursor('conversations.list', input.cursor ?? ''))
        const matching = all.filter(
          (c) =>
            c.seq > after &&
            (input.userId === undefined || activeParticipants(c).some((p) => p.userId === input.userId)) &&
            (input.externalId === undefined ||
              activeParticipants(c).some((p) => p.externalId === input.externalId)),
        )
        const page = matching.slice(0, pageSize(input.limit))
        const last = page.at(-1)
        const items = page.map((c) => toConversation(provider, c))
        return TE.right(
          last && matching.length > page.length
            ? { items, nextCursor: encodeCursor('c', last.seq) }
            : { items },
        )
      },
      get: withConversation('conversations.get', (c) => E.right(toConversation(provider, c))),
      create: (input) => {
        const conversation = createConversation(input)
        emit({ type: 'conversation.created', conversationId: conversation.id })
        return TE.right(toConversation(provider, conversation))
      },
      update: (input) =>
        withConversation('conversations.update', (c) => {
          if (input.title !== undefined) c.title = input.title
          if (input.description !== undefined) c.description = input.description
          // Metadata is replaced, not merged, as the vendors' PUT-like updates do.
          if (input.metadata !== undefined) c.metadata = input.metadata
          c.updatedAt = clock()
          return E.right(toConversation(provider, c))
        })(input),
      delete: withConversation('conversations.delete', (c) => {
        conversations.delete(c.id)
        return E.right(undefined)
      }),
      markRead: (input) =>
        withConversation('conversations.markRead', (c) => {
          const latest = c.nextMessageSeq - 1
          if (input.participantId === undefined) {
            c.readUpTo = latest
          } else {
            const participant = findParticipant('conversations.markRead', c, input)
            if (E.isLeft(participant)) return participant
            participant.right.readUpTo = latest
          }
          emit({
            type: 'conversation.read',
            conversationId: c.id,
            ...(input.participantId === undefined ? {} : { participantId: input.participantId }),
          })
          return E.right(undefined)
        })(input),
      setTyping: (input) =>
        withConversation('conversations.setTyping', (c) => {
          c.typing = input.typing
          emit({ type: 'typing', conversationId: c.id, typing: input.typing })
          return E.right(undefined)
        })(input),
    },
    messages: {
      list: (input) => withConversation('messages.list', (c) => listMessages(c, input))(input),
      send: (input) =>
        withConversation('messages.send', (c) => {
          const message = appendMessage(c, input.message)
          emit({ type: 'message.created', conversationId: c.id, message: messageJson(c.id, message) })
          return E.right(toMessage(provider, c.id, message))
        })(input),
      delete: (input) =>
        withConversation('messages.delete', (c) => {
          const index = c.messages.findIndex((m) => m.id === input.messageId)
          if (index === -1) {
            return E.left(
              notFound({ provider, operation: 'messages.delete', resource: 'message', id: input.messageId }),
            )
          }
          c.messages.splice(index, 1)
          return E.right(undefined)
        })(input),
      deleteAll: withConversation('messages.deleteAll', (c) => {
        c.messages = []
        return E.right(undefined)
      }),
    },
    participants: {
      list: withConversation('participants.list', (c) =>
        E.right(activeParticipants(c).map((p) => toParticipant(c, p))),
      ),
      join: (input) =>
        withConversation('participants.join', (c) => {
          const existing = activeParticipants(c).find((p) => p.userId === input.userId)
          const participant = existing ?? addParticipant(c, { userId: input.userId }, 'customer')
          if (!existing)
            emit({ type: 'participant.joined', conversationId: c.id, participantId: participant.id })
          return E.right(toParticipant(c, participant))
        })(input),
      leave: (input) =>
        withConversation('participants.leave', (c) => {
          if (input.participantId === undefined && input.userId === undefined) {
            return E.left(
              invalidRequest({
                provider,
                operation: 'participants.leave',
                message: 'participants.leave: the memory adapter needs participantId or userId',
              }),
            )
          }
          const participant = findParticipant('participants.leave', c, input)
          if (E.isLeft(participant)) return participant
          participant.right.leftAt = clock()
          emit({ type: 'participant.left', conversationId: c.id, participantId: participant.right.id })
          return E.right(undefined)
        })(input),
    },
    events: {
      parse: (input) => TE.fromEither(parseMemoryEvents(provider, input.body)),
    },
    memory: {
      seed,
      snapshot: () => ({
        conversations: [...conversations.values()].map((c) => ({
          id: c.id,
          typing: c.typing,
          messageCount: c.messages.length,
          participantIds: activeParticipants(c).map((p) => p.id),
        })),
        pendingEvents: outbox.length,
      }),
      takeEvents: () => {
        const events = outbox
        outbox = []
        return { events }
      },
    },
  }
  return defineAdapter(adapter)
}
