/**
 * io-ts codecs of the Smooch v1/v1.1 payloads the adapter reads: only the fields it uses, unknown
 * keys kept. A message is decoded down to id, role, type and `received`; `mapping.ts` reads the
 * content fields defensively, so unknown content never fails decoding.
 *
 * @module
 */
import { EpochSeconds } from '@colloquy/adapter-kit'
import * as t from 'io-ts'

export const SmoochV1Message = t.intersection([
  t.type({ _id: t.string, role: t.string, received: EpochSeconds }),
  t.partial({
    type: t.string,
    authorId: t.string,
    name: t.string,
    avatarUrl: t.string,
    text: t.string,
    metadata: t.union([t.UnknownRecord, t.null]),
  }),
  t.UnknownRecord,
])
export type SmoochV1Message = t.TypeOf<typeof SmoochV1Message>

export const SmoochV1Conversation = t.type({ _id: t.string, unreadCount: t.number })
export type SmoochV1Conversation = t.TypeOf<typeof SmoochV1Conversation>

export const SmoochV1AppUser = t.intersection([
  t.type({ _id: t.string }),
  t.partial({
    userId: t.string,
    givenName: t.string,
    surname: t.string,
    email: t.string,
    signedUpAt: t.string,
    conversationStarted: t.boolean,
    properties: t.UnknownRecord,
  }),
])
export type SmoochV1AppUser = t.TypeOf<typeof SmoochV1AppUser>

export const SmoochV1AppUserResponse = t.type({ appUser: SmoochV1AppUser })
export const SmoochV1GetMessagesResponse = t.intersection([
  t.type({ messages: t.array(SmoochV1Message) }),
  t.partial({ conversation: SmoochV1Conversation, next: t.string }),
])
export const SmoochV1MessageResponse = t.intersection([
  t.type({ message: SmoochV1Message }),
  t.partial({ extraMessages: t.array(SmoochV1Message), conversation: SmoochV1Conversation }),
])
/** The error envelope (`{ error: { code, description } }`); its fields are read when strings. */
export const SmoochV1ErrorBody = t.type({ error: t.UnknownRecord })

/** The v1 / v1.1 webhook payload parts the adapter maps. */
export const SmoochV1WebhookBody = t.intersection([
  t.type({ trigger: t.string }),
  t.partial({
    app: t.partial({ _id: t.string }),
    version: t.string,
    messages: t.array(SmoochV1Message),
    appUser: SmoochV1AppUser,
    conversation: t.partial({ _id: t.string }),
    activity: t.partial({ type: t.string }),
    timestamp: EpochSeconds,
    postbacks: t.array(
      t.partial({
        message: SmoochV1Message,
        action: t.partial({ type: t.string, text: t.string, payload: t.string }),
      }),
    ),
  }),
])
export type SmoochV1WebhookBody = t.TypeOf<typeof SmoochV1WebhookBody>
