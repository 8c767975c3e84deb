/**
 * Pure mapping between Smooch v1/v1.1 payloads and the core model.
 *
 * @module
 */

import {
  optionalDate,
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
import type { SmoochV1AppUser, SmoochV1Conversation, SmoochV1Message } from './codecs.js'
import type { SmoochV1MessagePost } from './requests.js'

const noMetadata: Readonly<Record<string, unknown>> = Object.freeze({})

/** `received` is Unix seconds as a float: a Date at millisecond precision. */
export const receivedToDate = (received: number): Date => new Date(Math.round(received * 1000))

// ── vendor → core ───────────────────────────────────────────────────────────

/**
 * Smooch message fields → core content. Unknown types, or a known type missing what it needs,
 * become `unsupported` with the vendor's type and text: never a decode failure.
 */
export const toContent = (message: SmoochV1Message): MessageContent => {
  const type = message.type ?? 'text'
  // Made only when needed: this runs for every message of every page.
  const fallback = (): MessageContent =>
    withoutUndefined({
      type: 'unsupported',
      vendorType: type,
      text: optionalText(message.text) ?? optionalText(message.textFallback),
    })
  switch (type) {
    case 'text': {
      if (typeof message.text !== 'string') return fallback()
      const actions = readActions(message.actions)
      return actions === undefined
        ? { type: 'text', text: message.text }
        : { type: 'text', text: message.text, actions }
    }
    case 'image':
    case 'file': {
      const url = optionalText(message.mediaUrl)
      if (url === undefined) return fallback()
      return withoutUndefined({
        type,
        url,
        mediaType: optionalText(message.mediaType),
        text: optionalText(message.text),
      })
    }
    case 'location':
    case 'carousel':
    case 'list':
    case 'form':
    case 'formResponse':
      return readSharedContent(type, message) ?? fallback()
    default:
      return fallback()
  }
}

/** `appUser` → customer (its `authorId` is the appUser id); `appMaker` → agent; `whisper` → system. */
export const toAuthor = (message: SmoochV1Message): Author => {
  const author: { -readonly [K in keyof Author]: Author[K] } = {
    role: message.role === 'appUser' ? 'customer' : message.role === 'whisper' ? 'system' : 'agent',
  }
  // Set field by field rather than copied without its undefined fields: this runs per message.
  if (message.role === 'appUser' && message.authorId !== undefined) author.userId = message.authorId
  const displayName = optionalText(message.name)
  if (displayName !== undefined) author.displayName = displayName
  const avatarUrl = optionalText(message.avatarUrl)
  if (avatarUrl !== undefined) author.avatarUrl = avatarUrl
  return author
}

export const toMessage = (provider: string, conversationId: string, message: SmoochV1Message): Message => ({
  id: message._id,
  conversationId,
  provider,
  author: toAuthor(message),
  content: toContent(message),
  createdAt: receivedToDate(message.received),
  metadata: message.metadata ?? noMetadata,
  raw: message,
})

const fullName = (appUser: SmoochV1AppUser) =>
  [appUser.givenName, appUser.surname].filter(Boolean).join(' ') || undefined

/** The appUser is its conversation's one participant, the customer. */
export const toParticipant = (conversationId: string, appUser: SmoochV1AppUser): Participant =>
  withoutUndefined({
    id: appUser._id,
    conversationId,
    userId: appUser._id,
    externalId: appUser.userId,
    role: 'customer',
    displayName: fullName(appUser),
    email: appUser.email,
    joinedAt: optionalDate(appUser.signedUpAt),
    raw: appUser,
  })

/** An appUser's one conversation; its `id` is the appUser id. */
export const toConversation = (
  provider: string,
  conversationId: string,
  appUser: SmoochV1AppUser,
  conversation?: SmoochV1Conversation,
): Conversation =>
  withoutUndefined({
    id: conversationId,
    provider,
    kind: 'personal',
    // Smooch v1 conversations cannot be closed.
    status: 'open',
    title: fullName(appUser),
    createdAt: optionalDate(appUser.signedUpAt),
    unreadCount: conversation?.unreadCount ?? 0,
    participants: [toParticipant(conversationId, appUser)],
    metadata: appUser.properties ?? noMetadata,
    raw: { appUser, ...(conversation ? { conversation } : {}) },
  })

// ── core → vendor ───────────────────────────────────────────────────────────

const toVendorActions = (actions: readonly Action[] | undefined) =>
  actions?.map((action) =>
    withoutUndefined({
      type: action.type,
      text: action.text,
      uri: action.uri,
      // Smooch requires a payload on postback and reply actions.
      payload:
        action.type === 'postback' || action.type === 'reply'
          ? (action.payload ?? action.text)
          : action.payload,
      amount: action.amount,
      currency: action.currency,
      iconUrl: action.iconUrl,
      // webview needs a fallback URL for channels without webviews.
      fallback: action.type === 'webview' ? action.uri : undefined,
      metadata: action.metadata,
    }),
  )

const toVendorItems = (items: readonly ContentItem[]) =>
  items.map((item) =>
    withoutUndefined({
      title: item.title,
      description: item.description,
      mediaUrl: item.mediaUrl,
      mediaType: item.mediaType,
      actions: toVendorActions(item.actions) ?? [],
    }),
  )

/** The content part of a `MessagePost`, or why Smooch cannot take it. */
export const toVendorContent = (content: MessageContent): Omit<SmoochV1MessagePost, 'role'> | string => {
  switch (content.type) {
    case 'text':
      return withoutUndefined({
        type: 'text' as const,
        text: content.text,
        actions: toVendorActions(content.actions),
      })
    case 'image':
    case 'file':
      return withoutUndefined({
        type: content.type,
        mediaUrl: content.url,
        mediaType: content.mediaType,
        text: content.text,
      })
    case 'location':
      return writeLocation(content)
    case 'carousel':
    case 'list':
      // Items require at least one action (swagger `MessageItem`: actions*).
      if (content.items.some((item) => !item.actions?.length))
        return `every ${content.type} item needs at least one action`
      return withoutUndefined({
        type: content.type,
        items: toVendorItems(content.items),
        actions: content.type === 'list' ? toVendorActions(content.actions) : undefined,
      })
    case 'form':
      return { type: 'form', fields: writeFormFields(content.fields) }
    case 'formResponse':
    case 'unsupported':
      return `Smooch does not accept ${content.type} content through the API`
  }
}

/** `customer` posts as the `appUser`; `agent`, `bot` and `system` as the `appMaker`. */
export const toVendorRole = (author: DraftAuthor): 'appUser' | 'appMaker' =>
  author.role === 'customer' ? 'appUser' : 'appMaker'

export const toVendorMessage = (draft: MessageDraft): SmoochV1MessagePost | string => {
  const content = toVendorContent(draft.content)
  if (typeof content === 'string') return content
  return withoutUndefined({
    role: toVendorRole(draft.author),
    ...content,
    name: draft.author.displayName,
    avatarUrl: draft.author.avatarUrl,
    metadata: draft.metadata,
  }) as SmoochV1MessagePost
}
