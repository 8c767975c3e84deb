/**
 * `@colloquy/core`: the vendor-neutral chat model, the ports every adapter implements, the error
 * union, capabilities, pagination helpers and the Promise facade.
 *
 * @packageDocumentation
 */
export type { Capabilities, Direction } from './capabilities.js'
export { type CursorCodec, createCursorCodec } from './cursor.js'
export {
  createEventDeduper,
  type DedupeStore,
  type EventDeduper,
  type EventDeduperOptions,
  memoryDedupeStore,
} from './dedupe.js'
export { defineAdapter } from './define-adapter.js'
export {
  type ColloquyError,
  type ColloquyErrorTag,
  ColloquyException,
  type Decode,
  decodeError,
  type ErrorInput,
  type Http,
  httpError,
  type InvalidRequest,
  invalidRequest,
  isColloquyError,
  isRetryable,
  type Network,
  type NotFound,
  networkError,
  notFound,
  type Operation,
  type RateLimited,
  type ResponseEvidence,
  rateLimited,
  type Unauthorized,
  type Unsupported,
  unauthorized,
  unsupported,
} from './errors.js'
export { headerValue } from './headers.js'
export { readJsonBody } from './json-body.js'
export { isRecord } from './json-object.js'
export type {
  Action,
  Author,
  AuthorRole,
  CarouselContent,
  ContentItem,
  ContentType,
  Conversation,
  CreateConversation,
  DraftAuthor,
  FileContent,
  FormContent,
  FormField,
  FormResponseContent,
  ImageContent,
  InboundEvent,
  InboundEventBase,
  InboundEventType,
  ListContent,
  LocationContent,
  Message,
  MessageContent,
  MessageDraft,
  Metadata,
  Participant,
  ParticipantDraft,
  ParticipantRole,
  ProviderName,
  TextContent,
  UnsupportedContent,
} from './model.js'
export { contentTypes } from './model.js'
export {
  collect,
  defaultMaxPages,
  type FetchPage,
  type Page,
  paginate,
  type WalkOptions,
  walkPages,
} from './pagination.js'
export {
  type AdapterSpecificationVersion,
  adapterSpecificationVersion,
  type ChatAdapter,
  type ConversationPort,
  type ConversationRef,
  type EventPort,
  type InboundHeaders,
  type JoinInput,
  type LeaveInput,
  type ListConversationsInput,
  type ListMessagesInput,
  type MarkReadInput,
  type MessagePort,
  type MessageRef,
  type ParseEventsInput,
  type ParticipantPort,
  type PortName,
  type Result,
  type SendMessageInput,
  type SetTypingInput,
  type UpdateConversationInput,
} from './ports.js'
export { asPromises, type PromiseChatAdapter, type PromisePort } from './promises.js'
export {
  createWebhookHandler,
  type WebhookEventContext,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from './webhook-handler.js'
