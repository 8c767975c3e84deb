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
import { type ColloquyError, type Message, type MessagePort, type Page, unsupported } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import {
  SmoochGetMessagesResponse,
  SmoochIgnoredResponse,
  type SmoochMessage,
  SmoochMessageResponse,
} from './codecs.js'
import { refuse, type SmoochContext } from './context.js'
import { getAppUser } from './conversations.js'
import { type TimestampCursor, timestampCursor, toMessage, toVendorMessage } from './mapping.js'

const vendorPageSize = 100
/** Below the vendor's millisecond precision: moves an exclusive bound past one exact value. */
const halfMillisecond = 0.0005

// Order within a page is not documented; make it oldest first (ties keep the vendor's order).
const byReceived = (messages: readonly SmoochMessage[]): readonly SmoochMessage[] =>
  messages.every((m, i) => i === 0 || (messages[i - 1] as SmoochMessage).received <= m.received)
    ? messages
    : [...messages].sort((a, b) => a.received - b.received)

/** The cursor after `taken`, carrying forward the ids already returned at the same `received`. */
const nextCursor = (
  direction: TimestampCursor['direction'],
  edge: SmoochMessage,
  taken: readonly SmoochMessage[],
  bound?: TimestampCursor,
) =>
  timestampCursor.encode({
    direction,
    received: edge.received,
    seen: [
      ...(bound?.received === edge.received ? bound.seen : []),
      ...taken.filter((m) => m.received === edge.received).map((m) => m._id),
    ],
  })

const tooManyTies = (received: number): ColloquyError =>
  unsupported({
    provider: 'smooch-v1',
    operation: 'messages.list',
    capability: 'messages.list',
    message: `messages.list: more than ${vendorPageSize} messages share received=${received}; Smooch's exclusive timestamp paging cannot return them all`,
  })

const list = (
  context: SmoochContext,
  conversationId: string,
  direction: TimestampCursor['direction'],
  limit: number,
  bound: TimestampCursor | undefined,
): TE.TaskEither<ColloquyError, Page<Message>> => {
  const forward = direction === 'forward'
  const query = bound
    ? forward
      ? { after: bound.received - halfMillisecond }
      : { before: bound.received + halfMillisecond }
    : forward
      ? { after: 0 }
      : {}
  return pipe(
    context.client.request({
      operation: 'messages.list',
      method: 'GET',
      path: context.appUsers(conversationId, 'messages'),
      query,
      codec: SmoochGetMessagesResponse,
      resource: { name: 'conversation', id: conversationId },
    }),
    TE.orElse((error) =>
      error._tag === 'NotFound'
        ? pipe(
            getAppUser(context, 'messages.list', conversationId),
            TE.mapError((missing) => (missing._tag === 'NotFound' ? error : missing)),
            TE.map(() => ({ messages: [] as readonly SmoochMessage[] })),
          )
        : TE.left(error),
    ),
    TE.flatMap(({ messages }) => {
      const page = byReceived(messages)
      const seen = new Set(bound?.seen)
      const candidates = bound
        ? page.filter(
            (m) =>
              (forward ? m.received >= bound.received : m.received <= bound.received) &&
              !(m.received === bound.received && seen.has(m._id)),
          )
        : page
      const taken = forward ? candidates.slice(0, limit) : candidates.slice(-limit)
      const full = messages.length >= vendorPageSize
      if (bound && taken.length === 0 && full) return TE.left(tooManyTies(bound.received))
      const edge = forward ? taken.at(-1) : taken[0]
      const moreRemain = candidates.length > taken.length || full
      const items = taken.map((m) => toMessage(conversationId, m))
      const result: Page<Message> =
        edge && moreRemain ? { items, nextCursor: nextCursor(direction, edge, taken, bound) } : { items }
      if (!forward) return TE.right(result)
      // The inclusive bound with the ids seen at it stays right as messages arrive, ties included.
      const resume = edge ? nextCursor(direction, edge, taken, bound) : bound && timestampCursor.encode(bound)
      return TE.right(resume === undefined ? result : { ...result, resumeCursor: resume })
    }),
  )
}

export const createMessagePort = (context: SmoochContext): MessagePort => ({
  list: ({ conversationId, cursor, limit, direction }) => {
    const walk = direction ?? 'backward'
    const bound = cursor === undefined ? undefined : timestampCursor.decode(walk, cursor)
    if (cursor !== undefined && bound === undefined) {
      return refuse('messages.list', `cursor '${cursor}' is not a ${walk} cursor this adapter made`)
    }
    return list(context, conversationId, walk, Math.min(limit ?? vendorPageSize, vendorPageSize), bound)
  },
  send: ({ conversationId, message }) => {
    const body = toVendorMessage(message)
    if (typeof body === 'string') return refuse('messages.send', body)
    return pipe(
      context.client.request({
        operation: 'messages.send',
        method: 'POST',
        path: context.appUsers(conversationId, 'messages'),
        json: body,
        codec: SmoochMessageResponse,
        resource: { name: 'conversation', id: conversationId },
      }),
      // `extraMessages` are ones the vendor added (e.g. split by a channel); `message` is the one sent.
      TE.map(({ message: sent }) => toMessage(conversationId, sent)),
    )
  },
  delete: ({ conversationId, messageId }) =>
    pipe(
      context.client.request({
        operation: 'messages.delete',
        method: 'DELETE',
        path: context.appUsers(conversationId, 'messages', messageId),
        codec: SmoochIgnoredResponse,
        resource: { name: 'message', id: messageId },
      }),
      TE.map(() => undefined),
    ),
  deleteAll: ({ conversationId }) =>
    pipe(
      context.client.request({
        operation: 'messages.deleteAll',
        method: 'DELETE',
        path: context.appUsers(conversationId, 'messages'),
        codec: SmoochIgnoredResponse,
        resource: { name: 'conversation', id: conversationId },
      }),
      TE.map(() => undefined),
    ),
})
