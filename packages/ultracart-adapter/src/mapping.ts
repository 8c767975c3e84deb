/**
 * Pure mapping between UltraCart payloads and the core model.
 *
 * @module
 */

import { optionalDate, withoutUndefined } from '@colloquy/adapter-kit'
import type {
  Author,
  Conversation,
  Message,
  MessageContent,
  Participant,
  ParticipantRole,
} from '@colloquy/core'
import type { UltraCartConversation, UltraCartMessage, UltraCartParticipant } from './codecs.js'

/** Tells agents from customers by participant ARN (see `agents.ts`). */
export type RoleOf = (participantArn: string | undefined) => ParticipantRole

const noMetadata: Readonly<Record<string, unknown>> = Object.freeze({})
const present = (value: string | null | undefined) => (value === null || value === '' ? undefined : value)

/** Message types UltraCart itself writes (reference §1.3): the system's, not a person's. */
const systemTypes = new Set(['notice', 'engagement prompt'])
const imageExtension = /\.(png|jpe?g|gif|webp|bmp|svg|heic)(\?|#|$)/i

/**
 * A message is `body` text plus `media_urls`: no media → text; media → an image (by extension)
 * or file with the body as caption. Further media URLs stay in `metadata['ultracart.mediaUrls']`.
 */
export const toContent = (message: UltraCartMessage): MessageContent => {
  const text = present(message.body)
  const [first] = message.media_urls ?? []
  if (first === undefined) return { type: 'text', text: text ?? '' }
  return withoutUndefined({ type: imageExtension.test(first) ? 'image' : 'file', url: first, text })
}

export const toAuthor = (message: UltraCartMessage, roleOf: RoleOf): Author =>
  withoutUndefined({
    role: systemTypes.has(message.type ?? '')
      ? 'system'
      : roleOf(message.author_conversation_participant_arn),
    userId: message.author_conversation_participant_arn,
    displayName: present(message.author_conversation_participant_name),
  })

export const toMessage = (
  provider: string,
  conversationId: string,
  message: UltraCartMessage,
  roleOf: RoleOf,
): Message => ({
  id: message.conversation_message_uuid,
  conversationId,
  provider,
  author: toAuthor(message, roleOf),
  content: toContent(message),
  createdAt: new Date(message.message_epoch),
  metadata:
    (message.media_urls?.length ?? 0) > 1 ? { 'ultracart.mediaUrls': message.media_urls } : noMetadata,
  raw: message,
})

export const toParticipant = (
  conversationId: string,
  participant: UltraCartParticipant,
  roleOf: RoleOf,
): Participant =>
  withoutUndefined({
    id: participant.conversation_participant_uuid ?? participant.conversation_participant_arn,
    conversationId,
    userId: participant.conversation_participant_arn,
    role: roleOf(participant.conversation_participant_arn),
    displayName: present(participant.conversation_participant_name),
    email: present(participant.email),
    avatarUrl: present(participant.profile_image_url),
    joinedAt: optionalDate(participant.joined_dts),
    leftAt: optionalDate(participant.left_dts),
    unreadCount: participant.unread_messages ?? undefined,
    raw: participant,
  })

/** Whether a participant is still in the conversation. */
export const isPresent = (participant: UltraCartParticipant) =>
  participant.status !== 'left' && !participant.left_dts

export const toConversation = (
  provider: string,
  conversation: UltraCartConversation,
  roleOf: RoleOf,
): Conversation => {
  const participants = (conversation.participants ?? []).filter(isPresent)
  const lastText = present(conversation.last_conversation_message_body)
  const lastAt = optionalDate(conversation.last_message_dts)
  const lastAuthor = present(conversation.last_conversation_participant_name)
  return withoutUndefined({
    id: conversation.conversation_uuid,
    provider,
    kind: participants.length > 2 ? 'group' : 'personal',
    status: conversation.closed ? 'closed' : 'open',
    createdAt: optionalDate(conversation.start_dts),
    updatedAt: lastAt,
    participants: participants.map((p) => toParticipant(conversation.conversation_uuid, p, roleOf)),
    lastMessage:
      (lastText ?? lastAt ?? lastAuthor)
        ? withoutUndefined({ text: lastText, createdAt: lastAt, authorName: lastAuthor })
        : undefined,
    metadata: noMetadata,
    raw: conversation,
  })
}
