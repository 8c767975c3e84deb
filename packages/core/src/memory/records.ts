/**
 * The memory adapter's stored records and their JSON form. The JSON form is the adapter's "vendor
 * payload": it is what `raw` holds and what its webhook-style event bodies carry.
 *
 * @module
 */
import type {
  Author,
  Conversation,
  Message,
  MessageContent,
  Metadata,
  Participant,
  ParticipantRole,
} from '../model.js'

export interface StoredParticipant {
  readonly id: string
  readonly userId: string
  externalId?: string
  readonly role: ParticipantRole
  displayName?: string
  email?: string
  avatarUrl?: string
  readonly joinedAt: Date
  leftAt?: Date
  /** Sequence number of the last message this participant has read. */
  readUpTo: number
}

export interface StoredMessage {
  readonly id: string
  /** Position in the conversation, strictly increasing in the order messages were sent. */
  readonly seq: number
  readonly author: Author
  readonly content: MessageContent
  readonly createdAt: Date
  readonly metadata: Metadata
}

export interface StoredConversation {
  readonly id: string
  /** Position in the adapter, strictly increasing in creation order. */
  readonly seq: number
  readonly kind: 'personal' | 'group'
  status: 'open' | 'closed'
  title?: string
  description?: string
  metadata: Metadata
  readonly createdAt: Date
  updatedAt: Date
  /** Messages in the order they were sent (ascending `seq`). */
  messages: StoredMessage[]
  nextMessageSeq: number
  readonly participants: StoredParticipant[]
  /** Sequence number of the last message the application side has read. */
  readUpTo: number
  typing: boolean
}

/** The JSON form of a message, as `raw` and event bodies carry it. */
export interface MemoryMessageJson {
  readonly id: string
  readonly conversationId: string
  readonly seq: number
  readonly author: Author
  readonly content: MessageContent
  readonly createdAt: string
  readonly metadata: Metadata
}

const definedOnly = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T

export const messageJson = (conversationId: string, message: StoredMessage): MemoryMessageJson => ({
  id: message.id,
  conversationId,
  seq: message.seq,
  author: definedOnly(message.author),
  content: message.content,
  createdAt: message.createdAt.toISOString(),
  metadata: message.metadata,
})

export const toMessage = (provider: string, conversationId: string, message: StoredMessage): Message => ({
  id: message.id,
  conversationId,
  provider,
  author: message.author,
  content: message.content,
  createdAt: message.createdAt,
  metadata: message.metadata,
  raw: messageJson(conversationId, message),
})

/** Messages after `readUpTo` that someone other than `userId` wrote. */
const unreadFor = (conversation: StoredConversation, readUpTo: number, userId?: string): number =>
  conversation.messages.filter(
    (m) => m.seq > readUpTo && (userId === undefined || m.author.userId !== userId),
  ).length

export const toParticipant = (
  conversation: StoredConversation,
  participant: StoredParticipant,
): Participant => {
  const fields = definedOnly({
    id: participant.id,
    conversationId: conversation.id,
    userId: participant.userId,
    externalId: participant.externalId,
    role: participant.role,
    displayName: participant.displayName,
    email: participant.email,
    avatarUrl: participant.avatarUrl,
    joinedAt: participant.joinedAt,
    leftAt: participant.leftAt,
    unreadCount: unreadFor(conversation, participant.readUpTo, participant.userId),
  })
  // The JSON form (dates as ISO strings) is this adapter's "vendor payload".
  return { ...fields, raw: JSON.parse(JSON.stringify(fields)) }
}

export const activeParticipants = (conversation: StoredConversation): StoredParticipant[] =>
  conversation.participants.filter((p) => p.leftAt === undefined)

const textOf = (content: MessageContent): string | undefined => {
  switch (content.type) {
    case 'text':
      return content.text
    case 'image':
    case 'file':
    case 'unsupported':
      return content.text
    case 'location':
      return content.name ?? content.address
    case 'carousel':
    case 'list':
      return content.items[0]?.title
    case 'form':
    case 'formResponse':
      return content.fields[0]?.label
  }
}

export const toConversation = (provider: string, conversation: StoredConversation): Conversation => {
  const last = conversation.messages.at(-1)
  const participants = activeParticipants(conversation).map((p) => toParticipant(conversation, p))
  const unreadCount = unreadFor(conversation, conversation.readUpTo)
  const lastMessage = last && {
    text: textOf(last.content),
    createdAt: last.createdAt,
    authorName: last.author.displayName,
  }
  return definedOnly({
    id: conversation.id,
    provider,
    kind: conversation.kind,
    status: conversation.status,
    title: conversation.title,
    description: conversation.description,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    unreadCount,
    participants,
    lastMessage: lastMessage && definedOnly(lastMessage),
    metadata: conversation.metadata,
    raw: definedOnly({
      id: conversation.id,
      kind: conversation.kind,
      status: conversation.status,
      title: conversation.title,
      description: conversation.description,
      createdAt: conversation.createdAt.toISOString(),
      updatedAt: conversation.updatedAt.toISOString(),
      unreadCount,
      typing: conversation.typing,
      participants: participants.map((p) => p.raw),
      lastMessage: last && messageJson(conversation.id, last),
      metadata: conversation.metadata,
    }),
  })
}
