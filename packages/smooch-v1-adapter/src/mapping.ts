/**
 * Pure mapping between Smooch v1/v1.1 payloads and the core model, and the adapter's cursors.
 *
 * @module
 */
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
import {
  decodeBase64,
  encodeBase64,
  optionalDate,
  optionalText,
  readActions,
  readSharedContent,
  withoutUndefined,
} from '@colloquy/http'
import type { SmoochAppUser, SmoochConversation, SmoochMessage } from './codecs.js'
import type { SmoochMessagePost } from './requests.js'

const noMetadata: Readonly<Record<string, unknown>> = Object.freeze({})

/** `received` is Unix seconds as a float: a Date at millisecond precision. */
export const receivedToDate = (received: number): Date => new Date(Math.round(received * 1000))

// ── vendor → core ───────────────────────────────────────────────────────────

/**
 * Smooch message fields → core content. Unknown types, or a known type missing what it needs,
 * become `unsupported` with the vendor's type and text: never a decode failure.
 */
export const toContent = (message: SmoochMessage): MessageContent => {
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
export const toAuthor = (message: SmoochMessage): Author => {
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

export const toMessage = (conversationId: string, message: SmoochMessage): Message => ({
  id: message._id,
  conversationId,
  provider: 'smooch-v1',
  author: toAuthor(message),
  content: toContent(message),
  createdAt: receivedToDate(message.received),
  metadata: message.metadata ?? noMetadata,
  raw: message,
})

const fullName = (appUser: SmoochAppUser) =>
  [appUser.givenName, appUser.surname].filter(Boolean).join(' ') || undefined

/** The appUser is its conversation's one participant, the customer. */
export const toParticipant = (conversationId: string, appUser: SmoochAppUser): Participant =>
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
  conversationId: string,
  appUser: SmoochAppUser,
  conversation?: SmoochConversation,
): Conversation =>
  withoutUndefined({
    id: conversationId,
    provider: 'smooch-v1',
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
export const toVendorContent = (content: MessageContent): Omit<SmoochMessagePost, 'role'> | string => {
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
      return withoutUndefined({
        type: 'location' as const,
        coordinates: { lat: content.latitude, long: content.longitude },
        location:
          content.name === undefined && content.address === undefined
            ? undefined
            : withoutUndefined({ name: content.name, address: content.address }),
      })
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
      return {
        type: 'form',
        fields: content.fields.map((f) =>
          withoutUndefined({
            type: f.type,
            name: f.name,
            label: f.label,
            placeholder: f.placeholder,
            options: f.options,
          }),
        ),
      }
    case 'formResponse':
    case 'unsupported':
      return `Smooch does not accept ${content.type} content through the API`
  }
}

/** `customer` posts as the `appUser`; `agent`, `bot` and `system` as the `appMaker`. */
export const toVendorRole = (author: DraftAuthor): 'appUser' | 'appMaker' =>
  author.role === 'customer' ? 'appUser' : 'appMaker'

export const toVendorMessage = (draft: MessageDraft): SmoochMessagePost | string => {
  const content = toVendorContent(draft.content)
  if (typeof content === 'string') return content
  return withoutUndefined({
    role: toVendorRole(draft.author),
    ...content,
    name: draft.author.displayName,
    avatarUrl: draft.author.avatarUrl,
    metadata: draft.metadata,
  }) as SmoochMessagePost
}

// ── cursors ─────────────────────────────────────────────────────────────────

/**
 * Where a walk stopped: the `received` value of the last message returned and the ids returned
 * with exactly that value. Smooch's bounds are exclusive and several messages can share one
 * `received`, so the next request asks from that value inclusive and skips those ids: no gap, no
 * repeat.
 */
export interface TimestampCursor {
  readonly direction: 'backward' | 'forward'
  readonly received: number
  readonly seen: readonly string[]
}

export const timestampCursor = {
  encode: (cursor: TimestampCursor): string =>
    `${cursor.direction === 'backward' ? 'b' : 'f'}${encodeBase64(JSON.stringify([cursor.received, cursor.seen]), { url: true })}`,
  decode: (direction: 'backward' | 'forward', cursor: string): TimestampCursor | undefined => {
    if (cursor[0] !== (direction === 'backward' ? 'b' : 'f')) return undefined
    try {
      const [received, seen] = JSON.parse(decodeBase64(cursor.slice(1))) as unknown[]
      return typeof received === 'number' &&
        Number.isFinite(received) &&
        Array.isArray(seen) &&
        seen.every((id) => typeof id === 'string')
        ? { direction, received, seen }
        : undefined
    } catch {
      return undefined
    }
  },
}
