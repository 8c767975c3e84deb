/**
 * The memory adapter's pages and cursors. A cursor names a sequence number, not a position, so it
 * stays valid while messages are added or deleted; it is bound to its conversation (or to the
 * conversation list) and to the provider name, so another list's cursor is refused.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Direction } from '../capabilities.js'
import { createCursorCodec } from '../cursor.js'
import { type ColloquyError, invalidRequest } from '../errors.js'
import type { Conversation, Message } from '../model.js'
import type { Page } from '../pagination.js'
import type { ListConversationsInput } from '../ports.js'
import { activeParticipants, type StoredConversation, toConversation, toMessage } from './records.js'

/** The page sizes of one adapter. */
export interface PageSizes {
  /** When a list call gives no `limit`. */
  readonly pageSize: number
  /** Larger limits are capped to it. */
  readonly maxPageSize: number
}

const sequenceOf = (position: string | undefined) =>
  position !== undefined && /^\d{1,15}$/.test(position) ? Number(position) : undefined

/** Index of the first item whose `seq` is greater than `seq` (items ascending by `seq`). */
const indexAfter = (items: readonly { readonly seq: number }[], seq: number): number => {
  let low = 0
  let high = items.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((items[middle]?.seq ?? 0) <= seq) low = middle + 1
    else high = middle
  }
  return low
}

export const createPaging = (provider: string, sizes: PageSizes) => {
  const cursors = createCursorCodec(provider)
  const size = (limit: number | undefined) => Math.min(limit ?? sizes.pageSize, sizes.maxPageSize)
  const badCursor = (operation: string, cursor: string) =>
    E.left(
      invalidRequest({
        provider,
        operation,
        message: `${operation}: cursor '${cursor}' is not one this adapter made for this list`,
      }),
    )

  const messages = (
    conversation: StoredConversation,
    input: { readonly cursor?: string; readonly limit?: number; readonly direction?: Direction },
  ): E.Either<ColloquyError, Page<Message>> => {
    const all = conversation.messages
    const forward = input.direction === 'forward'
    const kind = forward ? 'f' : 'b'
    const bound =
      input.cursor === undefined ? undefined : sequenceOf(cursors.decode(kind, conversation.id, input.cursor))
    if (input.cursor !== undefined && bound === undefined) return badCursor('messages.list', input.cursor)
    const count = size(input.limit)
    let start: number
    let end: number
    if (forward) {
      start = bound === undefined ? 0 : indexAfter(all, bound)
      end = Math.min(start + count, all.length)
    } else {
      end = bound === undefined ? all.length : indexAfter(all, bound - 1)
      start = Math.max(0, end - count)
    }
    const items = all.slice(start, end).map((m) => toMessage(provider, conversation.id, m))
    const edge = forward ? all[end - 1] : all[start]
    const more = forward ? end < all.length : start > 0
    const encode = (seq: number) => cursors.encode(kind, conversation.id, String(seq))
    const page = more && edge ? { items, nextCursor: encode(edge.seq) } : { items }
    if (!forward) return E.right(page)
    // After the last item returned, or where the request stood (or before everything) when none was.
    const resumeAt = edge?.seq ?? bound
    return E.right(resumeAt === undefined ? page : { ...page, resumeCursor: encode(resumeAt) })
  }

  const conversations = (
    all: Iterable<StoredConversation>,
    input: ListConversationsInput,
  ): E.Either<ColloquyError, Page<Conversation>> => {
    const after = input.cursor === undefined ? -1 : sequenceOf(cursors.decode('c', '', input.cursor))
    if (after === undefined) return badCursor('conversations.list', input.cursor ?? '')
    const matching = [...all].filter(
      (c) =>
        c.seq > after &&
        (input.userId === undefined || activeParticipants(c).some((p) => p.userId === input.userId)) &&
        (input.externalId === undefined ||
          activeParticipants(c).some((p) => p.externalId === input.externalId)),
    )
    const page = matching.slice(0, size(input.limit))
    const last = page.at(-1)
    const items = page.map((c) => toConversation(provider, c))
    return E.right(
      last && matching.length > page.length
        ? { items, nextCursor: cursors.encode('c', '', String(last.seq)) }
        : { items },
    )
  }

  return { messages, conversations }
}
