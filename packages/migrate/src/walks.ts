/**
 * Walking a vendor's lists as values, in the largest pages it gives: a failed page, or paging that
 * would never end, is the last value of the walk (see `walkPages`).
 *
 * @module
 */
import { type ChatAdapter, type Direction, type ListConversationsInput, walkPages } from '@colloquy/core'

/** Page size asked for; adapters cap it at their vendor's maximum. */
export const largestPage = 1_000

/** Every page of a conversation's messages, from `from` (a cursor) or the start of `direction`. */
export const messagePages = (
  adapter: ChatAdapter,
  conversationId: string,
  direction: Direction,
  from?: string,
) =>
  walkPages(
    (cursor) =>
      adapter.messages.list({ conversationId, cursor: cursor ?? from, limit: largestPage, direction }),
    {
      provider: adapter.provider,
      operation: 'messages.list',
    },
  )

/** Every page of conversations, of one user (`userId` or `externalId`) or of all. */
export const conversationPages = (
  adapter: ChatAdapter,
  filter: Pick<ListConversationsInput, 'userId' | 'externalId'> = {},
) =>
  walkPages((cursor) => adapter.conversations.list({ ...filter, cursor, limit: largestPage }), {
    provider: adapter.provider,
    operation: 'conversations.list',
  })
