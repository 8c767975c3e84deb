/**
 * What an adapter can do, declared at run time so callers (and the migration engine) can plan
 * without trial calls. A method whose capability is `false` returns `Left(Unsupported)`.
 *
 * @module
 */
import type { ContentType } from './model.js'

/** A direction `messages.list` can walk: `backward` from the newest page, `forward` from the oldest. */
export type Direction = 'backward' | 'forward'

/** The run-time description of an adapter's abilities. */
export interface Capabilities {
  readonly conversations: {
    /** `'all'`: every conversation; `'byUser'`: only with `userId`; `false`: cannot list. */
    readonly list: 'all' | 'byUser' | false
    /**
     * Whether `list` also takes `externalId` (the business's own id for a user) in place of
     * `userId`, and lists that user's conversations. Absent means `false`.
     */
    readonly listByExternalId?: boolean
    readonly get: boolean
    readonly create: boolean
    readonly update: boolean
    readonly delete: boolean
    readonly markRead: boolean
    readonly setTyping: boolean
  }
  readonly messages: {
    readonly list: boolean
    /** The directions `messages.list` honours; the first is used when none is asked for. */
    readonly directions: readonly Direction[]
    readonly send: boolean
    readonly delete: boolean
    readonly deleteAll: boolean
    /** Content types `messages.send` accepts. */
    readonly sendableContent: readonly ContentType[]
    /** Whether `MessageDraft.createdAt` becomes the stored message's `createdAt`. */
    readonly preservesTimestamps: boolean
    /** Whether `MessageDraft.metadata` is stored and read back. */
    readonly metadata: boolean
  }
  readonly participants: {
    readonly list: boolean
    readonly join: boolean
    readonly leave: boolean
  }
  readonly events: {
    readonly webhooks: boolean
    readonly verification: 'api-key-header' | 'none'
  }
}
