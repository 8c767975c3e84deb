/**
 * io-ts codecs of the Sunshine v2 payloads the adapter reads: only the fields it uses, unknown
 * keys kept, nullable where the spec says so. Message content is decoded only down to its `type`;
 * `mapping.ts` reads the rest defensively, so unknown content never fails decoding.
 *
 * @module
 */
import { DateString, nullable } from '@colloquy/adapter-kit'
import * as t from 'io-ts'

export const SunshineAuthor = t.intersection([
  t.type({ type: t.string }),
  t.partial({
    subtypes: t.array(t.string),
    userId: t.string,
    userExternalId: nullable(t.string),
    displayName: t.string,
    // `allOf: [icon]`, and `icon` is nullable.
    avatarUrl: nullable(t.string),
  }),
])
export type SunshineAuthor = t.TypeOf<typeof SunshineAuthor>

export const SunshineContent = t.intersection([t.type({ type: t.string }), t.UnknownRecord])
export type SunshineContent = t.TypeOf<typeof SunshineContent>

export const SunshineMessage = t.intersection([
  t.type({ id: t.string, received: DateString, author: SunshineAuthor, content: SunshineContent }),
  t.partial({
    metadata: nullable(t.UnknownRecord),
    deleted: nullable(t.boolean),
    activity: t.unknown,
    source: t.unknown,
  }),
])
export type SunshineMessage = t.TypeOf<typeof SunshineMessage>

export const SunshineConversation = t.intersection([
  t.type({ id: t.string, type: t.string }),
  t.partial({
    displayName: nullable(t.string),
    description: nullable(t.string),
    iconUrl: nullable(t.string),
    metadata: nullable(t.UnknownRecord),
    isDefault: t.boolean,
    createdAt: t.string,
    lastUpdatedAt: nullable(t.string),
    businessLastRead: nullable(t.string),
  }),
])
export type SunshineConversation = t.TypeOf<typeof SunshineConversation>

export const SunshineParticipant = t.intersection([
  t.type({ id: t.string, userId: t.string }),
  t.partial({ userExternalId: nullable(t.string), unreadCount: t.number, lastRead: nullable(t.string) }),
])
export type SunshineParticipant = t.TypeOf<typeof SunshineParticipant>

export const SunshineUser = t.intersection([
  t.type({ id: t.string }),
  t.partial({ externalId: nullable(t.string) }),
])
export type SunshineUser = t.TypeOf<typeof SunshineUser>

export const SunshinePageMeta = t.partial({
  hasMore: t.boolean,
  afterCursor: t.string,
  beforeCursor: t.string,
})
export type SunshinePageMeta = t.TypeOf<typeof SunshinePageMeta>

/** A list answer; the spec requires none of its fields, so a missing list reads as an empty one. */
const paged = <P extends t.Props>(props: P) => t.partial({ ...props, meta: SunshinePageMeta })

export const SunshineConversationResponse = t.type({ conversation: SunshineConversation })
export const SunshineConversationListResponse = paged({ conversations: t.array(SunshineConversation) })
export const SunshineMessageListResponse = paged({ messages: t.array(SunshineMessage) })
export const SunshineMessagePostResponse = t.type({ messages: t.array(SunshineMessage) })
export const SunshineParticipantResponse = t.type({ participant: SunshineParticipant })
export const SunshineParticipantListResponse = paged({ participants: t.array(SunshineParticipant) })
export const SunshineUserResponse = t.type({ user: SunshineUser })
/** The error envelope (`{ errors: [{ code, title }] }`); the first error's fields are read when strings. */
export const SunshineErrorBody = t.type({ errors: t.array(t.unknown) })

export const SunshineWebhookEvent = t.intersection([
  t.type({ id: t.string, type: t.string, createdAt: DateString }),
  t.partial({ payload: t.UnknownRecord }),
])
export type SunshineWebhookEvent = t.TypeOf<typeof SunshineWebhookEvent>

export const SunshineWebhookBody = t.type({ events: t.array(SunshineWebhookEvent) })

/** The payload parts of the webhook events that map to core events. */
export const SunshineWebhookPayload = t.partial({
  conversation: t.type({ id: t.string }),
  message: SunshineMessage,
  activity: t.partial({ type: t.string, author: t.partial({ userId: t.string }) }),
  user: t.partial({ id: t.string }),
  participant: SunshineParticipant,
})
