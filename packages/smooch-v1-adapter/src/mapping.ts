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
  FormField,
  Message,
  MessageContent,
  MessageDraft,
  Participant,
} from '@colloquy/core'
import type { SmoochAppUser, SmoochConversation, SmoochMessage } from './codecs.js'
import type { SmoochMessagePost } from './requests.js'

type Json = Record<string, unknown>
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
/** A non-empty string (Smooch fills required `text` with '' for media messages), else undefined. */
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined
const number = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined
/** Drops `undefined` fields (a plain loop: this runs per message). */
const defined = <T extends object>(value: T): T => {
  const copy: Record<string, unknown> = {}
  for (const key in value) {
    const field = value[key]
    if (field !== undefined) copy[key] = field
  }
  return copy as T
}
const noMetadata: Readonly<Record<string, unknown>> = Object.freeze({})

/** `received` is Unix seconds as a float: a Date at millisecond precision. */
export const receivedToDate = (received: number): Date => new Date(Math.round(received * 1000))

// ── vendor → core ───────────────────────────────────────────────────────────

const actionTypes = new Set<Action['type']>([
  'link',
  'postback',
  'reply',
  'buy',
  'webview',
  'locationRequest',
  'share',
])

const toActions = (value: unknown): Action[] | undefined => {
  if (!Array.isArray(value)) return undefined
  const actions = value.filter(isRecord).flatMap((a): Action[] =>
    actionTypes.has(a.type as Action['type']) && typeof a.text === 'string'
      ? [
          defined({
            type: a.type as Action['type'],
            text: a.text,
            uri: text(a.uri),
            payload: text(a.payload),
            amount: number(a.amount),
            currency: text(a.currency),
            iconUrl: text(a.iconUrl),
            metadata: isRecord(a.metadata) ? a.metadata : undefined,
          }),
        ]
      : [],
  )
  return actions.length > 0 ? actions : undefined
}

const toItems = (value: unknown): ContentItem[] | undefined => {
  if (!Array.isArray(value)) return undefined
  const items = value.filter(isRecord).filter((item) => typeof item.title === 'string')
  return items.length === 0
    ? undefined
    : items.map((item) =>
        defined({
          title: item.title as string,
          description: text(item.description),
          mediaUrl: text(item.mediaUrl),
          mediaType: text(item.mediaType),
          actions: toActions(item.actions),
        }),
      )
}

const fieldTypes = new Set(['text', 'email', 'select'])

const toFields = (value: unknown): FormField[] | undefined => {
  if (!Array.isArray(value)) return undefined
  const fields = value
    .filter(isRecord)
    .filter(
      (f) => fieldTypes.has(f.type as string) && typeof f.name === 'string' && typeof f.label === 'string',
    )
  return fields.length === 0
    ? undefined
    : fields.map((f) =>
        defined({
          type: f.type as FormField['type'],
          name: f.name as string,
          label: f.label as string,
          placeholder: text(f.placeholder),
          options: Array.isArray(f.options)
            ? f.options
                .filter(isRecord)
                .map((o) => ({ name: String(o.name ?? ''), label: String(o.label ?? '') }))
            : undefined,
          // A form response carries the answer under the field's type (text / email / select).
          value:
            text(f[f.type as string]) ??
            (Array.isArray(f.select) ? f.select.map(String).join(', ') : undefined),
        }),
      )
}

/**
 * Smooch message fields → core content. Unknown types, or a known type missing what it needs,
 * become `unsupported` with the vendor's type and text: never a decode failure.
 */
export const toContent = (message: SmoochMessage): MessageContent => {
  const type = message.type ?? 'text'
  const fallback: MessageContent = defined({
    type: 'unsupported',
    vendorType: type,
    text: text(message.text) ?? text(message.textFallback),
  })
  switch (type) {
    case 'text':
      return typeof message.text === 'string'
        ? defined({ type: 'text', text: message.text, actions: toActions(message.actions) })
        : fallback
    case 'image':
    case 'file': {
      const url = text(message.mediaUrl)
      if (url === undefined) return fallback
      return defined({ type, url, mediaType: text(message.mediaType), text: text(message.text) })
    }
    case 'location': {
      const coordinates = isRecord(message.coordinates) ? message.coordinates : {}
      const latitude = number(coordinates.lat)
      const longitude = number(coordinates.long)
      const place = isRecord(message.location) ? message.location : {}
      return latitude === undefined || longitude === undefined
        ? fallback
        : defined({
            type: 'location',
            latitude,
            longitude,
            name: text(place.name),
            address: text(place.address),
          })
    }
    case 'carousel':
    case 'list': {
      const items = toItems(message.items)
      if (items === undefined) return fallback
      return type === 'carousel'
        ? { type, items }
        : defined({ type, items, actions: toActions(message.actions) })
    }
    case 'form':
    case 'formResponse': {
      const fields = toFields(message.fields)
      return fields === undefined ? fallback : { type, fields }
    }
    default:
      return fallback
  }
}

/** `appUser` → customer (its `authorId` is the appUser id); `appMaker` → agent; `whisper` → system. */
export const toAuthor = (message: SmoochMessage): Author =>
  defined({
    role: message.role === 'appUser' ? 'customer' : message.role === 'whisper' ? 'system' : 'agent',
    userId: message.role === 'appUser' ? message.authorId : undefined,
    displayName: text(message.name),
    avatarUrl: text(message.avatarUrl),
  })

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
  defined({
    id: appUser._id,
    conversationId,
    userId: appUser._id,
    externalId: appUser.userId,
    role: 'customer',
    displayName: fullName(appUser),
    email: appUser.email,
    joinedAt: appUser.signedUpAt ? new Date(appUser.signedUpAt) : undefined,
    raw: appUser,
  })

/** An appUser's one conversation; its `id` is the appUser id. */
export const toConversation = (
  conversationId: string,
  appUser: SmoochAppUser,
  conversation?: SmoochConversation,
): Conversation =>
  defined({
    id: conversationId,
    provider: 'smooch-v1',
    kind: 'personal',
    // Smooch v1 conversations cannot be closed.
    status: 'open',
    title: fullName(appUser),
    createdAt: appUser.signedUpAt ? new Date(appUser.signedUpAt) : undefined,
    unreadCount: conversation?.unreadCount ?? 0,
    participants: [toParticipant(conversationId, appUser)],
    metadata: appUser.properties ?? noMetadata,
    raw: { appUser, ...(conversation ? { conversation } : {}) },
  })

// ── core → vendor ───────────────────────────────────────────────────────────

const toVendorActions = (actions: readonly Action[] | undefined) =>
  actions?.map((action) =>
    defined({
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
    defined({
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
      return defined({ type: 'text' as const, text: content.text, actions: toVendorActions(content.actions) })
    case 'image':
    case 'file':
      return defined({
        type: content.type,
        mediaUrl: content.url,
        mediaType: content.mediaType,
        text: content.text,
      })
    case 'location':
      return defined({
        type: 'location' as const,
        coordinates: { lat: content.latitude, long: content.longitude },
        location:
          content.name === undefined && content.address === undefined
            ? undefined
            : defined({ name: content.name, address: content.address }),
      })
    case 'carousel':
    case 'list':
      // Items require at least one action (swagger `MessageItem`: actions*).
      if (content.items.some((item) => !item.actions?.length))
        return `every ${content.type} item needs at least one action`
      return defined({
        type: content.type,
        items: toVendorItems(content.items),
        actions: content.type === 'list' ? toVendorActions(content.actions) : undefined,
      })
    case 'form':
      return {
        type: 'form',
        fields: content.fields.map((f) =>
          defined({
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
  return defined({
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
    `${cursor.direction === 'backward' ? 'b' : 'f'}${Buffer.from(JSON.stringify([cursor.received, cursor.seen])).toString('base64url')}`,
  decode: (direction: 'backward' | 'forward', cursor: string): TimestampCursor | undefined => {
    if (cursor[0] !== (direction === 'backward' ? 'b' : 'f')) return undefined
    try {
      const [received, seen] = JSON.parse(
        Buffer.from(cursor.slice(1), 'base64url').toString('utf8'),
      ) as unknown[]
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
