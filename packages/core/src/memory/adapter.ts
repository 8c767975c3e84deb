/**
 * `createMemoryAdapter`: every port, in memory, behaving like a careful vendor.
 *
 * @module
 */
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { Capabilities } from '../capabilities.js'
import { defineAdapter } from '../define-adapter.js'
import { contentTypes } from '../model.js'
import { adapterSpecificationVersion, type ChatAdapter } from '../ports.js'
import { createConversationPort } from './conversations.js'
import { type MemoryEventBody, parseMemoryEvents } from './events.js'
import { createMessagePort } from './messages.js'
import { createPaging } from './pages.js'
import { createParticipantPort } from './participants.js'
import { activeParticipants } from './records.js'
import { createMemoryStore, type MemorySeedConversation } from './store.js'

export type { MemorySeedConversation } from './store.js'

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

/**
 * An in-memory {@link ChatAdapter} with every capability: the test double for applications and the
 * reference implementation of the port contract. Ids are unique per adapter; cursors stay valid
 * while messages are added and belong to one list; unknown ids give `NotFound`. Writes also queue
 * events in the adapter's own webhook format (see {@link MemoryExtras.takeEvents}).
 *
 * @throws Error at creation only, when the seed repeats an id.
 */
export const createMemoryAdapter = (options: MemoryAdapterOptions = {}): MemoryAdapter => {
  const provider = options.provider ?? 'memory'
  const store = createMemoryStore(provider, options.clock ?? (() => new Date()))
  const paging = createPaging(provider, {
    pageSize: options.pageSize ?? 50,
    maxPageSize: options.maxPageSize ?? 1000,
  })
  for (const conversation of options.seed?.conversations ?? []) store.seed(conversation)
  return defineAdapter({
    specificationVersion: adapterSpecificationVersion,
    provider,
    capabilities: options.capabilities ?? memoryCapabilities,
    conversations: createConversationPort(store, paging),
    messages: createMessagePort(store, paging),
    participants: createParticipantPort(store),
    events: { parse: (input) => TE.fromEither(parseMemoryEvents(provider, input.body)) },
    memory: {
      seed: store.seed,
      snapshot: () => ({
        conversations: [...store.conversations.values()].map((c) => ({
          id: c.id,
          typing: c.typing,
          messageCount: c.messages.length,
          participantIds: activeParticipants(c).map((p) => p.id),
        })),
        pendingEvents: store.pendingEvents(),
      }),
      takeEvents: () => ({ events: store.takeEvents() }),
    },
  })
}
