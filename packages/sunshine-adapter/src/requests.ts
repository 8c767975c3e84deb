/**
 * Request bodies the adapter builds (reference §2.2–2.3).
 *
 * @module
 */

export type SunshinePostAuthor =
  | {
      readonly type: 'user'
      readonly userId?: string
      readonly userExternalId?: string
      readonly displayName?: string
      readonly avatarUrl?: string
    }
  | { readonly type: 'business'; readonly displayName?: string; readonly avatarUrl?: string }

export interface SunshineAction {
  readonly type: string
  readonly text: string
  readonly uri?: string
  readonly payload?: string
  readonly amount?: number
  readonly currency?: string
  readonly iconUrl?: string
  readonly fallback?: string
  readonly metadata?: Readonly<Record<string, unknown>>
}

export type SunshinePostContent = Readonly<Record<string, unknown>> & { readonly type: string }

export interface SunshineMessagePost {
  readonly author: SunshinePostAuthor
  readonly content: SunshinePostContent
  readonly metadata?: Readonly<Record<string, unknown>>
}

export interface SunshineConversationCreate {
  readonly type: 'personal' | 'sdkGroup'
  readonly participants: readonly { readonly userId: string }[]
  readonly displayName?: string
  readonly description?: string
  readonly metadata?: Readonly<Record<string, unknown>>
}
