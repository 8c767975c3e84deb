/**
 * The ports an adapter implements. Every method takes one object parameter and returns a
 * `TaskEither<ColloquyError, A>`: it never throws and never rejects.
 *
 * @module
 */
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type { Capabilities, Direction } from './capabilities.js'
import type { ColloquyError } from './errors.js'
import type {
  Conversation,
  CreateConversation,
  InboundEvent,
  Message,
  MessageDraft,
  Metadata,
  Participant,
  ProviderName,
} from './model.js'
import type { Page } from './pagination.js'

/** The result of every port method. */
export type Result<A> = TaskEither<ColloquyError, A>

/** Input of `conversations.list`. */
export interface ListConversationsInput {
  /**
   * Lists only this user's conversations. Adapters whose `capabilities.conversations.list` is
   * `'byUser'` need it, or `externalId`.
   */
  readonly userId?: string
  /**
   * Lists only the conversations of the user with this `externalId` (the id the business gave the
   * user, as in `ParticipantDraft.externalId`); an unknown `externalId` lists nothing. Only where
   * `capabilities.conversations.listByExternalId` is `true` (else `Unsupported`); not with `userId`.
   */
  readonly externalId?: string
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string
  /** Page size, a positive integer; adapters cap it at their vendor's maximum. */
  readonly limit?: number
}
/** Names one conversation. */
export interface ConversationRef {
  readonly conversationId: string
}
/** Input of `conversations.update`; omitted fields stay as they are, `metadata` replaces the old. */
export interface UpdateConversationInput extends ConversationRef {
  readonly title?: string
  readonly description?: string
  readonly metadata?: Metadata
}
/** Input of `conversations.markRead`. */
export interface MarkReadInput extends ConversationRef {
  /** Whose read state to reset; the adapter's own identity when absent. */
  readonly participantId?: string
}
/** Input of `conversations.setTyping`: start (`true`) or stop (`false`) the typing indicator. */
export interface SetTypingInput extends ConversationRef {
  readonly typing: boolean
}

/** Conversations: list, read, create, change and remove them. */
export interface ConversationPort {
  readonly list: (input: ListConversationsInput) => Result<Page<Conversation>>
  readonly get: (input: ConversationRef) => Result<Conversation>
  readonly create: (input: CreateConversation) => Result<Conversation>
  readonly update: (input: UpdateConversationInput) => Result<Conversation>
  readonly delete: (input: ConversationRef) => Result<void>
  readonly markRead: (input: MarkReadInput) => Result<void>
  readonly setTyping: (input: SetTypingInput) => Result<void>
}

/** Input of `messages.list`. */
export interface ListMessagesInput extends ConversationRef {
  readonly cursor?: string
  /** Page size, a positive integer; adapters cap it at their vendor's maximum. */
  readonly limit?: number
  /** Default `'backward'` (newest page first). Items are oldest first within every page. */
  readonly direction?: Direction
}
/** Input of `messages.send`. */
export interface SendMessageInput extends ConversationRef {
  readonly message: MessageDraft
}
/** Names one message of a conversation. */
export interface MessageRef extends ConversationRef {
  readonly messageId: string
}

/** Messages of one conversation. */
export interface MessagePort {
  readonly list: (input: ListMessagesInput) => Result<Page<Message>>
  readonly send: (input: SendMessageInput) => Result<Message>
  readonly delete: (input: MessageRef) => Result<void>
  readonly deleteAll: (input: ConversationRef) => Result<void>
}

/** Input of `participants.join`. */
export interface JoinInput extends ConversationRef {
  readonly userId: string
}
/** Input of `participants.leave`: who leaves, by participant or user id (adapters say which they need). */
export interface LeaveInput extends ConversationRef {
  readonly participantId?: string
  readonly userId?: string
}

/** Who is in a conversation. */
export interface ParticipantPort {
  readonly list: (input: ConversationRef) => Result<readonly Participant[]>
  readonly join: (input: JoinInput) => Result<Participant>
  readonly leave: (input: LeaveInput) => Result<void>
}

/** Header values as Node, fetch or a framework hands them over. */
export type InboundHeaders =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | { get(name: string): string | null }

/** Input of `events.parse`: an inbound webhook request or websocket frame. */
export interface ParseEventsInput {
  readonly headers?: InboundHeaders
  /** The request body: the raw string or bytes (preferred), or already-parsed JSON. */
  readonly body: unknown
}

/** Inbound traffic: webhook bodies or websocket frames into {@link InboundEvent}s. */
export interface EventPort {
  readonly parse: (input: ParseEventsInput) => Result<readonly InboundEvent[]>
}

/**
 * The version of the port contract this release of `@colloquy/core` defines: the shape of
 * {@link ChatAdapter}, its ports and their inputs, and what the conformance suite checks. It
 * changes only when an adapter written for the old contract would no longer fit the new one.
 */
export const adapterSpecificationVersion = 'colloquy.v1'

/** A port contract version; see {@link adapterSpecificationVersion}. */
export type AdapterSpecificationVersion = typeof adapterSpecificationVersion

/** One vendor behind the four ports. */
export interface ChatAdapter {
  /**
   * The port contract this adapter implements, as the AI SDK's `LanguageModelV2` carries
   * `specificationVersion: 'v2'`: `defineAdapter` refuses an adapter built for another one (or
   * for none), so a third-party adapter written against an older port shape cannot be mistaken
   * for a current one.
   */
  readonly specificationVersion: AdapterSpecificationVersion
  readonly provider: ProviderName
  readonly capabilities: Capabilities
  readonly conversations: ConversationPort
  readonly messages: MessagePort
  readonly participants: ParticipantPort
  readonly events: EventPort
}

/** The port names of a {@link ChatAdapter}. */
export type PortName = 'conversations' | 'messages' | 'participants' | 'events'
