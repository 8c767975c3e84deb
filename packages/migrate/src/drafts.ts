/**
 * What the target is asked to create: the conversation with its customers, and each message with
 * its author and the source ids that let a later run find it.
 *
 * @module
 */
import type {
  ChatAdapter,
  Conversation,
  CreateConversation,
  DraftAuthor,
  Message,
  MessageDraft,
  Participant,
  ParticipantDraft,
} from '@colloquy/core'
import { convertContent } from './content.js'
import type { MigrationTransform } from './options.js'
import { sourceKeys } from './source-keys.js'

/** The people of a source conversation as the target will know them. */
export interface SourceParties {
  readonly conversation: Conversation
  /** The target conversation's participants: the customers, or one stand-in when there are none. */
  readonly participants: readonly ParticipantDraft[]
  /** The first customer's target `externalId`: how the target conversation is looked up. */
  readonly mainExternalId: string
  /** Whether every customer message is posted as the main customer (the target takes one participant). */
  readonly onlyOne: boolean
  readonly externalIdByUser: ReadonlyMap<string, string>
}

/** The source people of `conversation` mapped to target users. */
export const sourceParties = (
  source: ChatAdapter,
  target: ChatAdapter,
  conversation: Conversation,
  participants: readonly Participant[],
  transform: MigrationTransform | undefined,
): SourceParties => {
  const customers = participants.filter((p) => p.role === 'customer')
  const externalIdOf = (participant: Participant) =>
    transform?.externalId?.(participant, conversation) ??
    `${source.provider}:${participant.userId ?? participant.id}`
  // A target whose conversations take no further participants (Smooch v1: one appUser each) gets
  // the first customer; the others' messages are posted as that customer, names kept.
  const onlyOne = !target.capabilities.participants.join || customers.length <= 1
  const drafts: ParticipantDraft[] = (onlyOne ? customers.slice(0, 1) : customers).map((p) => ({
    externalId: externalIdOf(p),
    ...(p.displayName ? { displayName: p.displayName } : {}),
    ...(p.email ? { email: p.email } : {}),
  }))
  if (drafts.length === 0)
    drafts.push({
      externalId: `${source.provider}:conversation:${conversation.id}`,
      displayName: conversation.title ?? 'Customer',
    })
  return {
    conversation,
    participants: drafts,
    mainExternalId: drafts[0]?.externalId ?? '',
    onlyOne,
    externalIdByUser: new Map(customers.map((p) => [p.userId ?? p.id, externalIdOf(p)])),
  }
}

/** The target conversation to create for a source conversation, stamped with its source ids. */
export const conversationDraft = (source: ChatAdapter, parties: SourceParties): CreateConversation => {
  const { conversation, participants } = parties
  return {
    kind: participants.length > 1 ? 'group' : 'personal',
    participants,
    ...(conversation.title ? { title: conversation.title } : {}),
    ...(conversation.description ? { description: conversation.description } : {}),
    metadata: {
      [sourceKeys.provider]: source.provider,
      [sourceKeys.conversationId]: conversation.id,
    },
  }
}

const authorOf = (parties: SourceParties, message: Message): DraftAuthor => {
  const { author } = message
  const name = author.displayName ? { displayName: author.displayName } : {}
  if (author.role !== 'customer')
    return { role: author.role, ...name, ...(author.avatarUrl ? { avatarUrl: author.avatarUrl } : {}) }
  const own = author.userId === undefined ? undefined : parties.externalIdByUser.get(author.userId)
  return {
    role: 'customer',
    externalId: parties.onlyOne ? parties.mainExternalId : (own ?? parties.mainExternalId),
    ...name,
  }
}

const engineKeys: ReadonlySet<string> = new Set(Object.values(sourceKeys))

/** The source's own metadata, without the `colloquy.*` ids of an earlier hop (they would mislead a later run). */
const ownMetadata = (metadata: Message['metadata']) => {
  let copy: Record<string, unknown> | undefined
  for (const key in metadata) {
    if (engineKeys.has(key)) {
      copy ??= { ...metadata }
      delete copy[key]
    }
  }
  return copy ?? metadata
}

/**
 * The draft of one source message, and why its content was degraded if it was. `shared`: the
 * target conversation may hold other source conversations, so each message names its own.
 */
export const messageDraft = (
  context: {
    readonly source: ChatAdapter
    readonly target: ChatAdapter
    readonly transform?: MigrationTransform
  },
  parties: SourceParties,
  message: Message,
  shared: boolean,
): { readonly draft: MessageDraft; readonly degraded?: string } => {
  const { source, target } = context
  const { content, degraded } = convertContent(message.content, target.capabilities.messages.sendableContent)
  const base: MessageDraft = {
    author: authorOf(parties, message),
    content,
    createdAt: message.createdAt,
    metadata: {
      ...ownMetadata(message.metadata),
      ...(shared
        ? { [sourceKeys.provider]: source.provider, [sourceKeys.conversationId]: parties.conversation.id }
        : {}),
      [sourceKeys.messageId]: message.id,
      [sourceKeys.authorRole]: message.author.role,
      ...(message.author.userId ? { [sourceKeys.authorId]: message.author.userId } : {}),
      [sourceKeys.createdAt]: message.createdAt.toISOString(),
      ...(degraded ? { [sourceKeys.degraded]: degraded } : {}),
    },
  }
  const draft = context.transform?.draft?.(base, message) ?? base
  return degraded ? { draft, degraded } : { draft }
}
