/**
 * The message port.
 *
 * Smooch pages by `received` only: `before`/`after` are exclusive bounds in Unix seconds, 100
 * messages per call, and several messages can share one `received` value. A naive walk
 * (`before = oldest received`) silently skips the rest of a tie group cut by a page edge. The
 * adapter's cursor therefore keeps the last `received` value and the ids already returned with
 * it; the next request asks from that value *inclusive* (the bound moved by half a millisecond,
 * below the vendor's precision) and drops those ids. Each page is one request; any `limit` ≤ 100
 * is honoured. Only a run of more than 100 messages sharing one `received` value cannot be paged
 * (the vendor cannot return them): that is reported as `Unsupported`, never skipped silently.
 *
 * An appUser's conversation exists only from its first message; before that getMessages answers
 * 404 (reference §3.2). That appUser has an empty history, not a missing one: a 404 is checked
 * against the appUser, and only a missing appUser is `NotFound`.
 *
 * @module
 */
import {
  createTieGroupCursor,
  type TieGroupCursor,
  type TieGroupPosition,
  takeTieGroupPage,
} from '@colloquy/adapter-kit'
import type { ColloquyError, Direction, Message, MessagePort, Page } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { SmoochV1GetMessagesResponse, type SmoochV1Message, SmoochV1MessageResponse } from './codecs.js'
import type { SmoochV1Context } from './context.js'
import { getAppUser } from './conversations.js'
import { toMessage, toVendorMessage } from './mapping.js'

const vendorPageSize = 100
/** Below the vendor's millisecond precision: moves an exclusive bound past one exact value. */
const halfMillisecond = 0.0005

const list = (
  context: SmoochV1Context,
  cursor: TieGroupCursor,
  conversationId: string,
  direction: Direction,
  limit: number,
  bound: TieGroupPosition | undefined,
): TE.TaskEither<ColloquyError, Page<Message>> => {
  const forward = direction === 'forward'
  const query = bound
    ? forward
      ? { after: bound.position - halfMillisecond }
      : { before: bound.position + halfMillisecond }
    : forward
      ? { after: 0 }
      : {}
  return pipe(
    context.client.request({
      operation: 'messages.list',
      method: 'GET',
      path: context.path('appusers', conversationId, 'messages'),
      query,
      codec: SmoochV1GetMessagesResponse,
      resource: { name: 'conversation', id: conversationId },
    }),
    TE.orElse((error) =>
      error._tag === 'NotFound'
        ? pipe(
            getAppUser(context, 'messages.list', conversationId),
            TE.mapError((missing) => (missing._tag === 'NotFound' ? error : missing)),
            TE.map(() => ({ messages: [] as readonly SmoochV1Message[] })),
          )
        : TE.left(error),
    ),
    TE.flatMap(({ messages }) => {
      const page = takeTieGroupPage({
        direction,
        messages,
        bound,
        limit,
        vendorPageFull: messages.length >= vendorPageSize,
        positionOf: (m) => m.received,
        idOf: (m) => m._id,
      })
      if ('stuckAt' in page)
        return context.unsupported(
          'messages.list',
          `more than ${vendorPageSize} messages share received=${page.stuckAt}; Smooch's exclusive timestamp paging cannot return them all`,
        )
      const items = page.items.map((m) => toMessage(context.provider, conversationId, m))
      const result: Page<Message> = page.next
        ? { items, nextCursor: cursor.encode(direction, conversationId, page.next) }
        : { items }
      // The inclusive bound with the ids seen at it stays right as messages arrive, ties included.
      return TE.right(
        forward && page.resume
          ? { ...result, resumeCursor: cursor.encode(direction, conversationId, page.resume) }
          : result,
      )
    }),
  )
}

export const createMessagePort = (context: SmoochV1Context): MessagePort => {
  const tieGroupCursor = createTieGroupCursor(context.messageCursor)
  return {
    list: ({ conversationId, cursor, limit, direction }) => {
      const walk = direction ?? 'backward'
      const bound = cursor === undefined ? undefined : tieGroupCursor.decode(walk, conversationId, cursor)
      if (cursor !== undefined && bound === undefined) {
        return context.refuse(
          'messages.list',
          `cursor '${cursor}' is not a ${walk} cursor this adapter made for this conversation`,
        )
      }
      return list(
        context,
        tieGroupCursor,
        conversationId,
        walk,
        Math.min(limit ?? vendorPageSize, vendorPageSize),
        bound,
      )
    },
    send: ({ conversationId, message }) => {
      const body = toVendorMessage(message)
      if (typeof body === 'string') return context.refuse('messages.send', body)
      return pipe(
        context.client.request({
          operation: 'messages.send',
          method: 'POST',
          path: context.path('appusers', conversationId, 'messages'),
          json: body,
          codec: SmoochV1MessageResponse,
          resource: { name: 'conversation', id: conversationId },
        }),
        // `extraMessages` are ones the vendor added (e.g. split by a channel); `message` is the one sent.
        TE.map(({ message: sent }) => toMessage(context.provider, conversationId, sent)),
      )
    },
    delete: ({ conversationId, messageId }) =>
      context.requestVoid({
        operation: 'messages.delete',
        method: 'DELETE',
        path: context.path('appusers', conversationId, 'messages', messageId),
        resource: { name: 'message', id: messageId },
      }),
    deleteAll: ({ conversationId }) =>
      context.requestVoid({
        operation: 'messages.deleteAll',
        method: 'DELETE',
        path: context.path('appusers', conversationId, 'messages'),
        resource: { name: 'conversation', id: conversationId },
      }),
  }
}
