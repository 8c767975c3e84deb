/**
 * io-ts codecs of the UltraCart payloads the adapter reads. The vendor marks no field required;
 * the adapter requires only what it cannot work without (ids, a message's epoch) and keeps
 * unknown keys.
 *
 * @module
 */
import { EpochMillis, nullable } from '@colloquy/adapter-kit'
import * as t from 'io-ts'

export const UltraCartMessage = t.intersection([
  t.type({ conversation_message_uuid: t.string, message_epoch: EpochMillis }),
  t.partial({
    author_conversation_participant_arn: t.string,
    author_conversation_participant_name: t.string,
    body: nullable(t.string),
    message_dts: t.string,
    media_urls: nullable(t.array(t.string)),
    type: t.string,
    message_type: nullable(t.string),
    language_iso_code: nullable(t.string),
  }),
])
export type UltraCartMessage = t.TypeOf<typeof UltraCartMessage>

export const UltraCartParticipant = t.intersection([
  t.type({ conversation_participant_arn: t.string }),
  t.partial({
    conversation_participant_uuid: t.string,
    conversation_participant_name: t.string,
    email: nullable(t.string),
    profile_image_url: nullable(t.string),
    joined_dts: nullable(t.string),
    left_dts: nullable(t.string),
    status: nullable(t.string),
    unread_messages: nullable(t.number),
  }),
])
export type UltraCartParticipant = t.TypeOf<typeof UltraCartParticipant>

export const UltraCartConversation = t.intersection([
  t.type({ conversation_uuid: t.string }),
  t.partial({
    conversation_arn: t.string,
    medium: t.string,
    closed: t.boolean,
    visible: t.boolean,
    start_dts: nullable(t.string),
    last_message_dts: nullable(t.string),
    last_conversation_message_body: nullable(t.string),
    last_conversation_participant_name: nullable(t.string),
    message_count: t.number,
    unread_messages: t.boolean,
    participants: t.array(UltraCartParticipant),
    messages: t.array(UltraCartMessage),
  }),
])
export type UltraCartConversation = t.TypeOf<typeof UltraCartConversation>

/** The envelope most answers share; `success: false` means an error even with status 200. */
const Envelope = t.partial({
  success: t.boolean,
  error: t.unknown,
  metadata: t.partial({
    result_set: t.partial({
      count: t.number,
      limit: t.number,
      offset: t.number,
      next_offset: t.number,
      more: t.boolean,
      total_records: nullable(t.number),
    }),
  }),
})
export type UltraCartEnvelope = t.TypeOf<typeof Envelope>

const enveloped = <P extends t.Props>(props: P) => t.intersection([Envelope, t.partial(props)])

export const UltraCartConversationsResponse = enveloped({ conversations: t.array(UltraCartConversation) })
export const UltraCartConversationResponse = enveloped({ conversation: UltraCartConversation })
/** ConversationStartResponse has no envelope. */
export const UltraCartStartResponse = t.type({ conversation: UltraCartConversation })
export const UltraCartMessagesResponse = enveloped({ conversation_messages: t.array(UltraCartMessage) })
export const UltraCartAgentAuthResponse = enveloped({
  agent_auth: t.partial({
    conversation_participant_arn: t.string,
    conversation_participant_name: t.string,
    jwt: t.string,
    websocket_url: t.string,
    merchant_id: t.string,
    user_id: t.number,
  }),
})
export const UltraCartUploadUrlResponse = enveloped({
  conversation_multimedia_upload_url: t.partial({ key: t.string, url: t.string }),
})

export const UltraCartQueueStatus = t.intersection([
  t.type({ queue_name: t.string }),
  t.partial({
    agent_available_count: t.number,
    agent_busy_count: t.number,
    agent_unavailable_count: t.number,
    customer_waiting_count: t.number,
    customer_active_count: t.number,
    agents: t.array(
      t.partial({
        conversation_participant_arn: t.string,
        conversation_participant_name: t.string,
        agent_status: t.string,
      }),
    ),
  }),
])
export type UltraCartQueueStatus = t.TypeOf<typeof UltraCartQueueStatus>
export const UltraCartQueueStatusesResponse = enveloped({ queue_statuses: t.array(UltraCartQueueStatus) })

/** The error envelope (`{ error: { developer_message, user_message, error_code } }`); fields read when strings. */
export const UltraCartErrorBody = t.type({ error: t.UnknownRecord })

/** A `ConversationWebsocketMessage` frame (the agent websocket's envelope). */
export const UltraCartWebsocketFrame = t.intersection([
  t.type({ type: t.string }),
  t.partial({
    event_type: t.string,
    conversation_uuid: t.string,
    conversation_arn: t.string,
    message: UltraCartMessage,
    event_updated_message: UltraCartMessage,
    event_participant_join_participant: UltraCartParticipant,
    event_participant_left_participant: UltraCartParticipant,
    event_typing: t.partial({ author_conversation_participant_arn: t.string, value: t.boolean }),
    event_read_message: t.partial({ conversation_message_uuid: t.string, message_epoch: EpochMillis }),
  }),
])
export type UltraCartWebsocketFrame = t.TypeOf<typeof UltraCartWebsocketFrame>
