/**
 * Request bodies the adapter builds (v1.1 swagger `MessagePost`, `AppUserPreCreate`, `ConversationActivity`).
 *
 * @module
 */

export interface SmoochV1MessagePost extends Readonly<Record<string, unknown>> {
  readonly role: 'appUser' | 'appMaker'
  readonly type: 'text' | 'image' | 'file' | 'location' | 'carousel' | 'list' | 'form'
  readonly text?: string
  readonly name?: string
  readonly avatarUrl?: string
  readonly metadata?: Readonly<Record<string, unknown>>
}

export interface SmoochV1AppUserPreCreate {
  readonly userId: string
  readonly givenName?: string
  readonly email?: string
}
