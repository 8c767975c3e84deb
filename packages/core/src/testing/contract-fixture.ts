/**
 * What an adapter's test gives the conformance suite, and the sizes the suite walks.
 *
 * @module
 */
import type { CreateConversation, DraftAuthor } from '../model.js'
import type { ChatAdapter, ParseEventsInput } from '../ports.js'

/** A conversation the fixture seeded for the suite. */
export interface SeededConversation {
  readonly conversationId: string
  /** A user in the conversation, for adapters that list conversations per user. */
  readonly userId?: string
  /** Ids of the seeded messages, oldest first, when the fixture knows them. */
  readonly messageIds?: readonly string[]
}

/** What a setup gives the suite. */
export interface ContractFixture {
  readonly adapter: ChatAdapter
  /**
   * Creates a conversation holding exactly `messageCount` messages with strictly increasing
   * timestamps, through the vendor (an emulator's seed) or the adapter itself. Every call makes a
   * new conversation.
   */
  readonly seedConversation: (input: { readonly messageCount: number }) => Promise<SeededConversation>
  /** Requests sent to the vendor so far; when given, the suite proves refused input sends none. */
  readonly requestCount?: () => number
  /** The author `messages.send` posts as. Default `{ role: 'agent', displayName: 'Contract Agent' }`. */
  readonly sendAuthor?: DraftAuthor
  /** Input of `conversations.create`. Default: one participant with a fresh `externalId`. */
  readonly createInput?: () => CreateConversation
  /** The `userId` that `participants.join` adds. Default `'contract-joiner'`. */
  readonly joinUserId?: string
  /** An id that names no conversation. Default `'contract-missing-conversation'`. */
  readonly missingConversationId?: string
  /** A webhook body (and headers) the adapter parses into at least one event. */
  readonly sampleEvent?: ParseEventsInput
  /**
   * Adds `count` messages to a seeded conversation, newer than every message in it, through the
   * vendor (e.g. an emulator's simulated customer). Default: `messages.send`, where declared.
   */
  readonly appendMessages?: (conversationId: string, count: number) => Promise<void>
  /** Called once after the suite. */
  readonly close?: () => Promise<void>
}

/** Sizes the suite walks; the defaults are what the contract requires. */
export interface ContractOptions {
  /** Default `[0, 1, 250]`. */
  readonly histories?: readonly number[]
  /** Default `[1, 7, 100]`. */
  readonly pageSizes?: readonly number[]
}
