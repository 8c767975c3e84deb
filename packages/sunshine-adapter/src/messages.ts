/**
 * The message port.
 *
 * Sunshine's ListMessages pages are fixed at 100 and go backwards natively. The adapter honours
 * any `limit` ≤ 100 by taking part of a vendor page; its cursors name the last message returned,
 * so they stay valid while new messages arrive:
 * - **backward**: `page[before]=<oldest returned id>`; one request per page.
 * - **forward**: the first call walks back to the oldest vendor page (one request per 100
 *   messages of history, holding one vendor page — at most 100 messages — in memory at a time),
 *   then each later page is one request with `page[after]=<newest returned id>`. The walk back
 *   stops with `Decode` past 300 pages (the vendor keeps at most 30,000 messages) or at a cursor
 *   it already followed.
 *
 * @module
 */
import { sortIfUnsorted } from '@colloquy/adapter-kit'
import { type ColloquyError, decodeError, type Message, type MessagePort, type Page } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { type SunshineMessage, SunshineMessageListResponse, SunshineMessagePostResponse } from './codecs.js'
import type { SunshineContext } from './context.js'
import { toMessage, toVendorMessage } from './mapping.js'
import { walkGuard } from './walk-guard.js'

const vendorPageSize = 100

type VendorPage = {
  readonly messages: readonly SunshineMessage[]
  readonly hasMore: boolean
  readonly beforeCursor?: string
}

// The vendor does not state the order within a page; make it oldest first. Pages normally come
// in order already, which one pass over the ISO timestamps (comparable as strings) confirms.
const byReceived = (messages: readonly SunshineMessage[]): readonly SunshineMessage[] =>
  sortIfUnsorted(
    messages,
    (earlier, later) => earlier.received <= later.received,
    (a, b) => Date.parse(a.received) - Date.parse(b.received),
  )

const fetchPage = (
  context: SunshineContext,
  conversationId: string,
  cursor: { readonly before?: string; readonly after?: string },
): TE.TaskEither<ColloquyError, VendorPage> =>
  pipe(
    context.client.request({
      operation: 'messages.list',
      method: 'GET',
      path: context.path('conversations', conversationId, 'messages'),
      query: { 'page[before]': cursor.before, 'page[after]': cursor.after },
      codec: SunshineMessageListResponse,
      resource: { name: 'conversation', id: conversationId },
    }),
    TE.map(({ messages = [], meta }) => ({
      messages: byReceived(messages),
      hasMore: meta?.hasMore === true,
      ...(meta?.beforeCursor ? { beforeCursor: meta.beforeCursor } : {}),
    })),
  )

/** Sunshine keeps at most 30,000 messages per conversation (reference §2.1): 300 pages of 100. */
const maximumVendorPages = 30_000 / vendorPageSize

/** Follows `beforeCursor` from the newest page to the oldest one, within {@link maximumVendorPages}. */
const oldestPage = (
  context: SunshineContext,
  conversationId: string,
  page: VendorPage,
  guard = walkGuard(
    context.provider,
    'messages.list',
    'meta.beforeCursor',
    maximumVendorPages,
    'Sunshine keeps at most 30,000 messages per conversation',
  ),
): TE.TaskEither<ColloquyError, VendorPage> => {
  if (!(page.hasMore && page.beforeCursor)) return TE.right(page)
  const stop = guard.step(page.beforeCursor)
  return stop
    ? TE.left(stop)
    : pipe(
        fetchPage(context, conversationId, { before: page.beforeCursor }),
        TE.flatMap((older) => oldestPage(context, conversationId, older, guard)),
      )
}

const toPage = (
  context: SunshineContext,
  conversationId: string,
  messages: readonly SunshineMessage[],
  next: string | undefined,
  resume?: string,
): Page<Message> => {
  const items = messages.map((m) => toMessage(context.provider, conversationId, m))
  const page = next === undefined ? { items } : { items, nextCursor: next }
  return resume === undefined ? page : { ...page, resumeCursor: resume }
}

const listBackward = (
  context: SunshineContext,
  conversationId: string,
  limit: number,
  before: string | undefined,
) =>
  pipe(
    fetchPage(context, conversationId, before === undefined ? {} : { before }),
    TE.map((page) => {
      const taken = page.messages.slice(-limit)
      const olderRemain = page.messages.length > taken.length || page.hasMore
      const oldest = taken[0]
      return toPage(
        context,
        conversationId,
        taken,
        olderRemain && oldest
          ? context.messageCursor.encode('backward', conversationId, oldest.id)
          : undefined,
      )
    }),
  )

const listForward = (
  context: SunshineContext,
  conversationId: string,
  limit: number,
  after: string | undefined,
) =>
  pipe(
    after === undefined
      ? pipe(
          fetchPage(context, conversationId, {}),
          TE.flatMap((newest) =>
            pipe(
              oldestPage(context, conversationId, newest),
              // Newer messages remain beyond the oldest page whenever it is not the newest one.
              TE.map((oldest) => ({ page: oldest, newerPages: oldest !== newest })),
            ),
          ),
        )
      : pipe(
          fetchPage(context, conversationId, { after }),
          TE.map((page) => ({ page, newerPages: page.hasMore })),
        ),
    TE.map(({ page, newerPages }) => {
      const taken = page.messages.slice(0, limit)
      const newerRemain = page.messages.length > taken.length || newerPages
      const newest = taken.at(-1)
      // `page[after]=<id>` keeps working as messages arrive: the position a delta copy resumes from.
      const resumeAfter = newest?.id ?? after
      const cursorAfter = (id: string) => context.messageCursor.encode('forward', conversationId, id)
      return toPage(
        context,
        conversationId,
        taken,
        newerRemain && newest ? cursorAfter(newest.id) : undefined,
        resumeAfter === undefined ? undefined : cursorAfter(resumeAfter),
      )
    }),
  )

export const createMessagePort = (context: SunshineContext): MessagePort => ({
  list: ({ conversationId, cursor, limit, direction }) => {
    const walk = direction ?? 'backward'
    const bound =
      cursor === undefined ? undefined : context.messageCursor.decode(walk, conversationId, cursor)
    if (cursor !== undefined && bound === undefined) {
      return context.refuse(
        'messages.list',
        `cursor '${cursor}' is not a ${walk} cursor this adapter made for this conversation`,
      )
    }
    const size = Math.min(limit ?? vendorPageSize, vendorPageSize)
    return walk === 'forward'
      ? listForward(context, conversationId, size, bound)
      : listBackward(context, conversationId, size, bound)
  },
  send: ({ conversationId, message }) => {
    const body = toVendorMessage(message)
    if (typeof body === 'string') return context.refuse('messages.send', body)
    return pipe(
      context.client.request({
        operation: 'messages.send',
        method: 'POST',
        path: context.path('conversations', conversationId, 'messages'),
        json: body,
        codec: SunshineMessagePostResponse,
        resource: { name: 'conversation', id: conversationId },
      }),
      // The vendor may answer several messages (e.g. a split long text); the first is the one sent.
      TE.flatMap(({ messages }) => {
        const [first] = messages
        return first
          ? TE.right(toMessage(context.provider, conversationId, first))
          : TE.left(
              decodeError({
                provider: context.provider,
                operation: 'messages.send',
                issues: ['messages: expected at least one message'],
              }),
            )
      }),
    )
  },
  delete: ({ conversationId, messageId }) =>
    context.requestVoid({
      operation: 'messages.delete',
      method: 'DELETE',
      path: context.path('conversations', conversationId, 'messages', messageId),
      resource: { name: 'message', id: messageId },
    }),
  deleteAll: ({ conversationId }) =>
    context.requestVoid({
      operation: 'messages.deleteAll',
      method: 'DELETE',
      path: context.path('conversations', conversationId, 'messages'),
      resource: { name: 'conversation', id: conversationId },
    }),
})
