/**
 * Pure mapping between Sunshine v2 payloads and the core model, and the adapter's cursors.
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
import type { SunshineConversation, SunshineMessage, SunshineParticipant } from './codecs.js'
import type {
  SunshineAction,
  SunshineMessagePost,
  SunshinePostAuthor,
  SunshinePostContent,
} from './requests.js'

type Json = Record<string, unknown>
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
const number = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined
/** Drops `undefined` fields so models compare and print cleanly (a plain loop: this runs per message). */
const defined = <T extends object>(value: T): T => {
  const copy: Record<string, unknown> = {}
  for (const key in value) {
    const field = value[key]
    if (field !== undefined) copy[key] = field
  }
  return copy as T
}
const noMetadata: Readonly<Record<string, unknown>> = Object.freeze({})

/** The metadata key marking a message the vendor reports as `deleted: true`. */
export const deletedMarker = 'colloquy.deleted'

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
            // The vendor's examples carry `uri: ""` on postbacks: an empty uri is no uri.
            uri: text(a.uri) || undefined,
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
 * Sunshine content → core content. Anything core does not model, or a known type missing what it
 * needs, becomes `unsupported` with the vendor's type and readable text: never a decode failure.
 */
export const toContent = (content: Json & { type: string }): MessageContent => {
  const fallback: MessageContent = defined({
    type: 'unsupported',
    vendorType: content.type,
    text: text(content.text) ?? text(content.textFallback),
  })
  switch (content.type) {
    case 'text': {
      const value = text(content.text) ?? text(content.markdownText) ?? text(content.htmlText)
      return value === undefined
        ? fallback
        : defined({ type: 'text', text: value, actions: toActions(content.actions) })
    }
    case 'image':
    case 'file': {
      const url = text(content.mediaUrl)
      if (url === undefined) return fallback
      const common = { url, mediaType: text(content.mediaType), text: text(content.text) }
      return content.type === 'image'
        ? defined({ type: 'image', ...common, altText: text(content.altText) })
        : // The vendor's own file example puts the file name in altText ("FAQ.pdf").
          defined({ type: 'file', ...common, name: text(content.altText), size: number(content.mediaSize) })
    }
    case 'location': {
      const coordinates = isRecord(content.coordinates) ? content.coordinates : {}
      const latitude = number(coordinates.lat)
      const longitude = number(coordinates.long)
      const place = isRecord(content.location) ? content.location : {}
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
      const items = toItems(content.items)
      if (items === undefined) return fallback
      return content.type === 'carousel'
        ? { type: 'carousel', items }
        : defined({ type: 'list', items, actions: toActions(content.actions) })
    }
    case 'form':
    case 'formResponse': {
      const fields = toFields(content.fields)
      return fields === undefined ? fallback : { type: content.type, fields }
    }
    default:
      return fallback
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
  return defined({
    role,
    userId: author.type === 'user' ? author.userId : undefined,
    displayName: author.displayName,
    avatarUrl: author.avatarUrl,
  })
}

export const toMessage = (conversationId: string, message: SunshineMessage): Message => ({
  id: message.id,
  conversationId,
  provider: 'sunshine',
  author: toAuthor(message),
  content: toContent(message.content),
  createdAt: new Date(message.received),
  metadata:
    message.deleted === true
      ? { ...message.metadata, [deletedMarker]: true }
      : (message.metadata ?? noMetadata),
  raw: message,
})

const date = (value: string | null | undefined) => (value ? new Date(value) : undefined)

export const toConversation = (conversation: SunshineConversation): Conversation =>
  defined({
    id: conversation.id,
    provider: 'sunshine',
    kind: conversation.type === 'sdkGroup' ? 'group' : 'personal',
    // Sunshine conversations have no closed state.
    status: 'open',
    title: conversation.displayName ?? undefined,
    description: conversation.description ?? undefined,
    createdAt: date(conversation.createdAt),
    updatedAt: date(conversation.lastUpdatedAt),
    metadata: conversation.metadata ?? {},
    raw: conversation,
  })

export const toParticipant = (conversationId: string, participant: SunshineParticipant): Participant =>
  defined({
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
      return defined({
        type: action.type,
        text: action.text,
        uri: action.uri,
        ...(action.type === 'webview' ? { fallback: action.uri } : {}),
        metadata: action.metadata,
      })
    case 'postback':
    case 'reply':
      return defined({
        type: action.type,
        text: action.text,
        payload: action.payload ?? action.text,
        iconUrl: action.type === 'reply' ? action.iconUrl : undefined,
        metadata: action.metadata,
      })
    case 'buy':
      if (action.amount === undefined) return 'a buy action needs an amount'
      return defined({
        type: 'buy',
        text: action.text,
        amount: action.amount,
        currency: action.currency,
        metadata: action.metadata,
      })
    case 'locationRequest':
      return defined({ type: 'locationRequest', text: action.text, metadata: action.metadata })
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
      defined({
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
      return typeof actions === 'string' ? actions : defined({ type: 'text', text: content.text, actions })
    }
    case 'image':
      return defined({ type: 'image', mediaUrl: content.url, text: content.text, altText: content.altText })
    case 'file':
      return defined({ type: 'file', mediaUrl: content.url, text: content.text, altText: content.name })
    case 'location':
      return defined({
        type: 'location',
        coordinates: { lat: content.latitude, long: content.longitude },
        location:
          content.name === undefined && content.address === undefined
            ? undefined
            : defined({ name: content.name, address: content.address }),
      })
    case 'carousel':
    case 'list': {
      // Carousel items need at least one action (spec: items[].actions*).
      if (content.type === 'carousel' && content.items.some((item) => !item.actions?.length)) {
        return 'every carousel item needs at least one action'
      }
      const items = toVendorItems(content.items)
      if (typeof items === 'string') return items
      const actions = content.type === 'list' ? toVendorActions(content.actions) : undefined
      return typeof actions === 'string' ? actions : defined({ type: content.type, items, actions })
    }
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
    return defined({
      type: 'user' as const,
      userId: author.userId,
      userExternalId: author.userId === undefined ? author.externalId : undefined,
      displayName: author.displayName,
      avatarUrl: author.avatarUrl,
    })
  }
  return defined({ type: 'business' as const, displayName: author.displayName, avatarUrl: author.avatarUrl })
}

export const toVendorMessage = (draft: MessageDraft): SunshineMessagePost | string => {
  const author = toVendorAuthor(draft.author)
  if (typeof author === 'string') return author
  const content = toVendorContent(draft.content)
  if (typeof content === 'string') return content
  return defined({ author, content, metadata: draft.metadata })
}

// ── cursors ─────────────────────────────────────────────────────────────────

/**
 * Message cursors name the message a page ends at: `b<id>` (older than it) or `f<id>` (newer
 * than it). Vendor cursors are message ids of exactly 24 characters.
 */
export const messageCursor = {
  encode: (direction: 'backward' | 'forward', messageId: string) =>
    `${direction === 'backward' ? 'b' : 'f'}${messageId}`,
  decode: (direction: 'backward' | 'forward', cursor: string): string | undefined =>
    cursor.length === 25 && cursor[0] === (direction === 'backward' ? 'b' : 'f')
      ? cursor.slice(1)
      : undefined,
}

/** Conversation list cursors wrap the vendor's `afterCursor`. */
export const conversationCursor = {
  encode: (afterCursor: string) => `c${afterCursor}`,
  decode: (cursor: string): string | undefined =>
    cursor.length === 25 && cursor[0] === 'c' ? cursor.slice(1) : undefined,
}
