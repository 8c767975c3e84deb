/**
 * io-ts codecs of the Smooch v1/v1.1 payloads the adapter reads: only the fields it uses, unknown
 * keys kept. A message is decoded down to id, role, type and `received`; `mapping.ts` reads the
 * content fields defensively, so unknown content never fails decoding.
 *
 * @module
 */
import { EpochSeconds } from '@colloquy/http'
import * as t from 'io-ts'

export const SmoochMessage = t.intersection([
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
export type SmoochMessage = t.TypeOf<typeof SmoochMessage>

export const SmoochConversation = t.type({ _id: t.string, unreadCount: t.number })
export type SmoochConversation = t.TypeOf<typeof SmoochConversation>

export const SmoochAppUser = t.intersection([
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
export type SmoochAppUser = t.TypeOf<typeof SmoochAppUser>

export const SmoochAppUserResponse = t.type({ appUser: SmoochAppUser })
export const SmoochGetMessagesResponse = t.intersection([
  t.type({ messages: t.array(SmoochMessage) }),
  t.partial({ conversation: SmoochConversation, next: t.string }),
])
export const SmoochMessageResponse = t.intersection([
  t.type({ message: SmoochMessage }),
  t.partial({ extraMessages: t.array(SmoochMessage), conversation: SmoochConversation }),
])
/** Answers the adapter does not read (v1's body-less 200s, `{conversation}` of activity). */
export const SmoochIgnoredResponse = t.unknown

/** The v1 / v1.1 webhook payload parts the adapter maps. */
export const SmoochWebhookBody = t.intersection([
  t.type({ trigger: t.string }),
  t.partial({
    app: t.partial({ _id: t.string }),
    version: t.string,
    messages: t.array(SmoochMessage),
    appUser: SmoochAppUser,
    conversation: t.partial({ _id: t.string }),
    activity: t.partial({ type: t.string }),
    timestamp: EpochSeconds,
    postbacks: t.array(
      t.partial({
        message: SmoochMessage,
        action: t.partial({ type: t.string, text: t.string, payload: t.string }),
      }),
    ),
  }),
])
export type SmoochWebhookBody = t.TypeOf<typeof SmoochWebhookBody>
