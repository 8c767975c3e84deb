/**
 * The vendor-neutral chat model. Every adapter translates its vendor's payloads into these types;
 * nothing vendor-shaped crosses into them except `raw`, the undecoded payload a model came from.
 *
 * @module
 */

/** Which adapter produced a value: `'sunshine' | 'smooch-v1' | 'ultracart' | 'memory'` or a third-party name. */
export type ProviderName = 'sunshine' | 'smooch-v1' | 'ultracart' | 'memory' | (string & {})

/** Free-form key/value data the vendor stores with a conversation or message. */
export type Metadata = Readonly<Record<string, unknown>>

/** Who a message or participant is, from the application's point of view. */
export type AuthorRole = 'customer' | 'agent' | 'bot' | 'system'

/** A participant is never `system`: system messages have no participant behind them. */
export type ParticipantRole = Exclude<AuthorRole, 'system'>

/** The author of a message, as far as the vendor tells. */
export interface Author {
  readonly role: AuthorRole
  readonly userId?: string
  readonly participantId?: string
  readonly displayName?: string
  readonly avatarUrl?: string
}

/** A button or quick reply attached to a message. */
export interface Action {
  readonly type: 'link' | 'postback' | 'reply' | 'buy' | 'webview' | 'locationRequest' | 'share'
  readonly text: string
  /** Target of `link`, `webview` and `buy` actions. */
  readonly uri?: string
  /** Opaque value sent back for `postback` and `reply` actions. */
  readonly payload?: string
  /** Amount in minor units (cents) for `buy` actions. */
  readonly amount?: number
  readonly currency?: string
  readonly iconUrl?: string
  readonly metadata?: Metadata
}

/** One card of a carousel or one row of a list. */
export interface ContentItem {
  readonly title: string
  readonly description?: string
  readonly mediaUrl?: string
  readonly mediaType?: string
  readonly actions?: readonly Action[]
}

/** One field of a form or of a form response. */
export interface FormField {
  readonly type: 'text' | 'email' | 'select'
  readonly name: string
  readonly label: string
  readonly placeholder?: string
  /** Choices of a `select` field. */
  readonly options?: readonly { readonly name: string; readonly label: string }[]
  /** What the customer entered (form responses only). */
  readonly value?: string
}

/** Plain text, optionally with buttons or quick replies. */
export interface TextContent {
  readonly type: 'text'
  readonly text: string
  readonly actions?: readonly Action[]
}
/** An image by URL, with an optional caption (`text`). */
export interface ImageContent {
  readonly type: 'image'
  readonly url: string
  readonly mediaType?: string
  readonly text?: string
  readonly altText?: string
}
/** A file by URL, with an optional caption (`text`). */
export interface FileContent {
  readonly type: 'file'
  readonly url: string
  readonly mediaType?: string
  readonly name?: string
  /** Size in bytes. */
  readonly size?: number
  readonly text?: string
}
/** A point on the map, in decimal degrees. */
export interface LocationContent {
  readonly type: 'location'
  readonly latitude: number
  readonly longitude: number
  readonly name?: string
  readonly address?: string
}
/** Horizontally scrolling cards. */
export interface CarouselContent {
  readonly type: 'carousel'
  readonly items: readonly ContentItem[]
}
/** A vertical list of rows, with optional list-wide actions. */
export interface ListContent {
  readonly type: 'list'
  readonly items: readonly ContentItem[]
  readonly actions?: readonly Action[]
}
/** A form the customer is asked to fill in. */
export interface FormContent {
  readonly type: 'form'
  readonly fields: readonly FormField[]
}
/** The customer's answers to a form (`fields[].value`). */
export interface FormResponseContent {
  readonly type: 'formResponse'
  readonly fields: readonly FormField[]
}
/**
 * Content the core model has no type for. It is kept, never dropped and never a decode failure:
 * `vendorType` names what the vendor sent, `text` is its readable fallback where there is one.
 */
export interface UnsupportedContent {
  readonly type: 'unsupported'
  readonly vendorType: string
  readonly text?: string
}

/** What a message says, discriminated on `type`. */
export type MessageContent =
  | TextContent
  | ImageContent
  | FileContent
  | LocationContent
  | CarouselContent
  | ListContent
  | FormContent
  | FormResponseContent
  | UnsupportedContent

/** The `type` tags of {@link MessageContent}. */
export type ContentType = MessageContent['type']

/** Every content type, in declaration order. */
export const contentTypes: readonly ContentType[] = [
  'text',
  'image',
  'file',
  'location',
  'carousel',
  'list',
  'form',
  'formResponse',
  'unsupported',
]

/** A message as stored by the vendor. */
export interface Message {
  readonly id: string
  readonly conversationId: string
  readonly provider: ProviderName
  readonly author: Author
  readonly content: MessageContent
  readonly createdAt: Date
  readonly metadata: Metadata
  readonly raw: unknown
}

/** Someone in a conversation. */
export interface Participant {
  readonly id: string
  readonly conversationId?: string
  readonly userId?: string
  /** The application's own id for the user, where the vendor stores one. */
  readonly externalId?: string
  readonly role: ParticipantRole
  readonly displayName?: string
  readonly email?: string
  readonly avatarUrl?: string
  readonly joinedAt?: Date
  readonly leftAt?: Date
  readonly unreadCount?: number
  readonly raw: unknown
}

/** A conversation as stored by the vendor. */
export interface Conversation {
  readonly id: string
  readonly provider: ProviderName
  readonly kind: 'personal' | 'group'
  readonly status: 'open' | 'closed'
  readonly title?: string
  readonly description?: string
  readonly createdAt?: Date
  readonly updatedAt?: Date
  readonly unreadCount?: number
  /** Present when the vendor returns participants inline. */
  readonly participants?: readonly Participant[]
  readonly lastMessage?: { readonly text?: string; readonly createdAt?: Date; readonly authorName?: string }
  readonly metadata: Metadata
  readonly raw: unknown
}

/** Who sends a message: `send` posts it as this author. */
export interface DraftAuthor {
  readonly role: AuthorRole
  readonly userId?: string
  readonly externalId?: string
  readonly displayName?: string
  readonly avatarUrl?: string
}

/** A message to send. */
export interface MessageDraft {
  readonly author: DraftAuthor
  /** Must be one of the adapter's `capabilities.messages.sendableContent`. */
  readonly content: MessageContent
  readonly metadata?: Metadata
  /**
   * The original time of the message, for migrations. Honoured only where
   * `capabilities.messages.preservesTimestamps` is true; other adapters ignore it.
   */
  readonly createdAt?: Date
}

/** A participant to create a conversation with. */
export interface ParticipantDraft {
  readonly userId?: string
  readonly externalId?: string
  readonly displayName?: string
  readonly email?: string
}

/** What `conversations.create` takes. */
export interface CreateConversation {
  /** Default `'personal'`. */
  readonly kind?: 'personal' | 'group'
  readonly participants: readonly ParticipantDraft[]
  readonly title?: string
  readonly description?: string
  readonly metadata?: Metadata
}

/** The fields every {@link InboundEvent} has. */
export interface InboundEventBase {
  /** Stable across redelivery of the same vendor event, for de-duplication. */
  readonly id: string
  readonly provider: ProviderName
  readonly conversationId?: string
  readonly occurredAt: Date
  readonly raw: unknown
}

/** Something that happened at the vendor, delivered by webhook or websocket. Discriminated on `type`. */
export type InboundEvent =
  | (InboundEventBase & { readonly type: 'message.created'; readonly message: Message })
  | (InboundEventBase & { readonly type: 'message.updated'; readonly message: Message })
  | (InboundEventBase & { readonly type: 'conversation.created' })
  | (InboundEventBase & { readonly type: 'conversation.closed' })
  | (InboundEventBase & {
      readonly type: 'conversation.read'
      readonly participantId?: string
      readonly userId?: string
    })
  | (InboundEventBase & {
      readonly type: 'typing'
      readonly typing: boolean
      readonly participantId?: string
      /** Who reads, types, joins or leaves, where the vendor names the user. */
      readonly userId?: string
    })
  | (InboundEventBase & {
      readonly type: 'participant.joined'
      readonly participant?: Participant
      readonly userId?: string
    })
  | (InboundEventBase & {
      readonly type: 'participant.left'
      readonly participant?: Participant
      readonly userId?: string
    })
  | (InboundEventBase & { readonly type: 'unknown'; readonly vendorType: string })

/** The `type` tags of {@link InboundEvent}. */
export type InboundEventType = InboundEvent['type']
