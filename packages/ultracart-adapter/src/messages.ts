/**
 * The message port: history only. UltraCart has no REST endpoint to send or delete a message
 * (agents send over a websocket whose protocol is undocumented), so `send`, `delete` and
 * `deleteAll` are `Unsupported`.
 *
 * `list` walks forward (oldest first) with the messages-since endpoint. `since` is exclusive and
 * epochs can repeat, so the cursor keeps the last epoch and the ids returned with it; the next
 * request starts one millisecond earlier and skips those ids. Each page is one request; `limit`
 * is at most 200 (the vendor's `limit`).
 *
 * @module
 */
import {
  createTieGroupCursor,
  type TieGroupCursor,
  type TieGroupPosition,
  takeTieGroupPage,
} from '@colloquy/adapter-kit'
import type { ColloquyError, Message, MessagePort, Page } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { AgentDirectory } from './agents.js'
import { type UltraCartMessage, UltraCartMessagesResponse } from './codecs.js'
import type { UltraCartContext } from './context.js'
import { type RoleOf, toMessage } from './mapping.js'

/** The largest messages-since `limit`. */
const vendorPageSize = 200

const toPage = (
  context: UltraCartContext,
  cursor: TieGroupCursor,
  conversationId: string,
  answer: readonly UltraCartMessage[],
  requested: number,
  limit: number,
  bound: TieGroupPosition | undefined,
  roleOf: RoleOf,
): TE.TaskEither<ColloquyError, Page<Message>> => {
  const page = takeTieGroupPage({
    direction: 'forward',
    messages: answer,
    bound,
    limit,
    vendorPageFull: answer.length >= requested,
    positionOf: (m) => m.message_epoch,
    idOf: (m) => m.conversation_message_uuid,
  })
  if ('stuckAt' in page)
    return context.unsupported(
      'messages.list',
      `more than ${vendorPageSize} messages share message_epoch=${page.stuckAt}; messages-since cannot return them all`,
    )
  const items = page.items.map((m) => toMessage(context.provider, conversationId, m, roleOf))
  // After the last message returned (its epoch and the ids seen at it), or where the request stood:
  // messages-since from there stays right as messages arrive, so it is also the resume position.
  const encode = (at: TieGroupPosition) => cursor.encode('forward', conversationId, at)
  return TE.right({
    items,
    ...(page.next ? { nextCursor: encode(page.next) } : {}),
    ...(page.resume ? { resumeCursor: encode(page.resume) } : {}),
  })
}

export const createMessagePort = (context: UltraCartContext, agents: AgentDirectory): MessagePort => {
  // Epochs are whole milliseconds: the path takes `epoch - 1`.
  const cursor = createTieGroupCursor(context.messageCursor, Number.isSafeInteger)
  const noRestEndpoint = (operation: string) =>
    context.unsupported(
      operation,
      'UltraCart has no REST endpoint for this; agents send over the undocumented agent websocket',
    )
  return {
    list: ({ conversationId, cursor: given, limit }) => {
      const bound = given === undefined ? undefined : cursor.decode('forward', conversationId, given)
      if (given !== undefined && bound === undefined)
        return context.refuse(
          'messages.list',
          `cursor '${given}' is not one this adapter made for this conversation`,
        )
      const size = Math.min(limit ?? 100, vendorPageSize)
      // Ask for the ids to skip as well, so a page still holds `size` new messages.
      const requested = Math.min(size + (bound?.seen.length ?? 0), vendorPageSize)
      return pipe(
        TE.Do,
        TE.apS('roleOf', agents.roles('messages.list')),
        TE.apS(
          'answer',
          context.enveloped({
            operation: 'messages.list',
            method: 'GET',
            path: context.path(
              'conversations',
              conversationId,
              'messages',
              String(bound ? bound.position - 1 : 0),
            ),
            query: { limit: requested },
            codec: UltraCartMessagesResponse,
            resource: { name: 'conversation', id: conversationId },
          }),
        ),
        TE.flatMap(({ roleOf, answer }) =>
          toPage(
            context,
            cursor,
            conversationId,
            answer.conversation_messages ?? [],
            requested,
            size,
            bound,
            roleOf,
          ),
        ),
      )
    },
    send: () => noRestEndpoint('messages.send'),
    delete: () => noRestEndpoint('messages.delete'),
    deleteAll: () => noRestEndpoint('messages.deleteAll'),
  }
}
