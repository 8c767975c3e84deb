/**
 * Pure mapping between Sunshine v2 payloads and the core model.
 *
 * @module
 */

import {
  optionalDate,
  optionalNumber,
  optionalText,
  readActions,
  readSharedContent,
  withoutUndefined,
  writeFormFields,
  writeLocation,
} from '@colloquy/adapter-kit'
import type {
  Action,
  Author,
  ContentItem,
  Conversation,
  DraftAuthor,
  Message,
  MessageContent,
  MessageDraft,
  Participant,
} from '@colloquy/core'
import type { SunshineConversation, SunshineMessage, SunshineParticipant } from './codecs.js'
import type {
  SunshineAction,
  SunshineMessagePost,
  SunshinePostAuthor,
  SunshinePostContent,
} from './requests.js'

type Json = Record<string, unknown>
const noMetadata: Readonly<Record<string, unknown>> = Object.freeze({})

/** The metadata key marking a message the vendor reports as `deleted: true`. */
export const deletedMarker = 'colloquy.deleted'

// ── vendor → core ───────────────────────────────────────────────────────────

/**
 * Sunshine content → core content. Anything core does not model, or a known type missing what it
 * needs, becomes `unsupported` with the vendor's type and readable text: never a decode failure.
 */
export const toContent = (content: Json & { type: string }): MessageContent => {
  // Made only when needed: this runs for every message of every page.
  const fallback = (): MessageContent =>
    withoutUndefined({
      type: 'unsupported',
      vendorType: content.type,
      text: optionalText(content.text) ?? optionalText(content.textFallback),
    })
  switch (content.type) {
    case 'text': {
      // An empty `text` is valid when the message carries only actions.
      const value =
        optionalText(content.text) ??
        optionalText(content.markdownText) ??
        optionalText(content.htmlText) ??
        (typeof content.text === 'string' ? content.text : undefined)
      if (value === undefined) return fallback()
      const actions = readActions(content.actions)
      return actions === undefined ? { type: 'text', text: value } : { type: 'text', text: value, actions }
    }
    case 'image':
    case 'file': {
      const url = optionalText(content.mediaUrl)
      if (url === undefined) return fallback()
      const common = { url, mediaType: optionalText(content.mediaType), text: optionalText(content.text) }
      return content.type === 'image'
        ? withoutUndefined({ type: 'image', ...common, altText: optionalText(content.altText) })
        : // The vendor's own file example puts the file name in altText ("FAQ.pdf").
          withoutUndefined({
            type: 'file',
            ...common,
            name: optionalText(content.altText),
            size: optionalNumber(content.mediaSize),
          })
    }
    case 'location':
    case 'carousel':
    case 'list':
    case 'form':
    case 'formResponse':
      return readSharedContent(content.type, content) ?? fallback()
    default:
      return fallback()
  }
}

/**
 * `user` → customer; `business` → agent, or bot when its subtypes say `bot` or `AI`; a message
 * carrying `activity` (or the `activity` subtype) is the system's.
 */
export const toAuthor = (message: Pick<SunshineMessage, 'author' | 'activity'>): Author => {
  const { author } = message
  const subtypes = author.subtypes ?? []
  const role: Author['role'] =
    message.activity !== undefined || subtypes.includes('activity')
      ? 'system'
      : author.type === 'user'
        ? 'customer'
        : subtypes.includes('bot') || subtypes.includes('AI')
          ? 'bot'
          : 'agent'
  // Set field by field rather than copied without its undefined fields: this runs per message.
  const mapped: { -readonly [K in keyof Author]: Author[K] } = { role }
  if (author.type === 'user' && author.userId !== undefined) mapped.userId = author.userId
  if (author.displayName !== undefined) mapped.displayName = author.displayName
  if (author.avatarUrl !== undefined && author.avatarUrl !== null) mapped.avatarUrl = author.avatarUrl
  return mapped
}

export const toMessage = (provider: string, conversationId: string, message: SunshineMessage): Message => ({
  id: message.id,
  conversationId,
  provider,
  author: toAuthor(message),
  content: toContent(message.content),
  createdAt: new Date(message.received),
  metadata:
    message.deleted === true
      ? { ...message.metadata, [deletedMarker]: true }
      : (message.metadata ?? noMetadata),
  raw: message,
})

export const toConversation = (provider: string, conversation: SunshineConversation): Conversation =>
  withoutUndefined({
    id: conversation.id,
    provider,
    kind: conversation.type === 'sdkGroup' ? 'group' : 'personal',
    // Sunshine conversations have no closed state.
    status: 'open',
    title: conversation.displayName ?? undefined,
    description: conversation.description ?? undefined,
    createdAt: optionalDate(conversation.createdAt),
    updatedAt: optionalDate(conversation.lastUpdatedAt),
    metadata: conversation.metadata ?? {},
    raw: conversation,
  })

export const toParticipant = (conversationId: string, participant: SunshineParticipant): Participant =>
  withoutUndefined({
    id: participant.id,
    conversationId,
    userId: participant.userId,
    externalId: participant.userExternalId ?? undefined,
    // Participants are users; business agents are not participants in Sunshine.
    role: 'customer',
    unreadCount: participant.unreadCount,
    raw: participant,
  })

// ── core → vendor ───────────────────────────────────────────────────────────

const toVendorAction = (action: Action): SunshineAction | string => {
  switch (action.type) {
    case 'link':
    case 'webview':
      if (action.uri === undefined) return `a ${action.type} action needs a uri`
      // webview requires a fallback URL for channels without webviews (spec: fallback*).
      return withoutUndefined({
        type: action.type,
        text: action.text,
        uri: action.uri,
        ...(action.type === 'webview' ? { fallback: action.uri } : {}),
        metadata: action.metadata,
      })
    case 'postback':
    case 'reply':
      return withoutUndefined({
        type: action.type,
        text: action.text,
        payload: action.payload ?? action.text,
        iconUrl: action.type === 'reply' ? action.iconUrl : undefined,
        metadata: action.metadata,
      })
    case 'buy':
      if (action.amount === undefined) return 'a buy action needs an amount'
      return withoutUndefined({
        type: 'buy',
        text: action.text,
        amount: action.amount,
        currency: action.currency,
        metadata: action.metadata,
      })
    case 'locationRequest':
      return withoutUndefined({ type: 'locationRequest', text: action.text, metadata: action.metadata })
    case 'share':
      return 'Sunshine v2 has no share action'
  }
}

const toVendorActions = (actions: readonly Action[] | undefined): SunshineAction[] | string | undefined => {
  if (actions === undefined) return undefined
  const mapped = actions.map(toVendorAction)
  return mapped.find((a): a is string => typeof a === 'string') ?? (mapped as SunshineAction[])
}

const toVendorItems = (items: readonly ContentItem[]): Json[] | string => {
  const mapped: Json[] = []
  for (const item of items) {
    const actions = toVendorActions(item.actions)
    if (typeof actions === 'string') return actions
    mapped.push(
      withoutUndefined({
        title: item.title,
        description: item.description,
        mediaUrl: item.mediaUrl,
        mediaType: item.mediaType,
        actions,
      }),
    )
  }
  return mapped
}

/** Core content → the PostMessage `content`, or why Sunshine cannot take it. */
export const toVendorContent = (content: MessageContent): SunshinePostContent | string => {
  switch (content.type) {
    case 'text': {
      const actions = toVendorActions(content.actions)
      return typeof actions === 'string'
        ? actions
        : withoutUndefined({ type: 'text', text: content.text, actions })
    }
    case 'image':
      return withoutUndefined({
        type: 'image',
        mediaUrl: content.url,
        text: content.text,
        altText: content.altText,
      })
    case 'file':
      return withoutUndefined({
        type: 'file',
        mediaUrl: content.url,
        text: content.text,
        altText: content.name,
      })
    case 'location':
      return writeLocation(content)
    case 'carousel':
    case 'list': {
      // Carousel items need at least one action (spec: items[].actions*).
      if (content.type === 'carousel' && content.items.some((item) => !item.actions?.length)) {
        return 'every carousel item needs at least one action'
      }
      const items = toVendorItems(content.items)
      if (typeof items === 'string') return items
      const actions = content.type === 'list' ? toVendorActions(content.actions) : undefined
      return typeof actions === 'string' ? actions : withoutUndefined({ type: content.type, items, actions })
    }
    case 'form':
      return { type: 'form', fields: writeFormFields(content.fields) }
    case 'formResponse':
    case 'unsupported':
      return `Sunshine does not accept ${content.type} content through the API`
  }
}

/**
 * The author the message is posted as: `customer` as the `user` (by user id, or external id);
 * `agent`, `bot` and `system` as `business` with name and avatar. The vendor's `bot`/`agent`
 * subtypes are set by the vendor only ("available in responses only"), so a bot's message reads
 * back as an agent's.
 */
export const toVendorAuthor = (author: DraftAuthor): SunshinePostAuthor | string => {
  if (author.role === 'customer') {
    if (author.userId === undefined && author.externalId === undefined) {
      return 'a customer message needs author.userId or author.externalId'
    }
    return withoutUndefined({
      type: 'user' as const,
      userId: author.userId,
      userExternalId: author.userId === undefined ? author.externalId : undefined,
      displayName: author.displayName,
      avatarUrl: author.avatarUrl,
    })
  }
  return withoutUndefined({
    type: 'business' as const,
    displayName: author.displayName,
    avatarUrl: author.avatarUrl ?? undefined,
  })
}

export const toVendorMessage = (draft: MessageDraft): SunshineMessagePost | string => {
  const author = toVendorAuthor(draft.author)
  if (typeof author === 'string') return author
  const content = toVendorContent(draft.content)
  if (typeof content === 'string') return content
  return withoutUndefined({ author, content, metadata: draft.metadata })
}
