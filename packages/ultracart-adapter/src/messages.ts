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
import { type ColloquyError, type Message, type MessagePort, type Page, unsupported } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { AgentDirectory } from './agents.js'
import { type UltraCartMessage, UltraCartMessagesResponse } from './codecs.js'
import { refuse, type UltraCartContext } from './context.js'
import { conversationPath } from './conversations.js'
import { type EpochCursor, epochCursor, type RoleOf, toMessage } from './mapping.js'

const vendorMaximum = 200

const byEpoch = (messages: readonly UltraCartMessage[]): readonly UltraCartMessage[] =>
  messages.every((m, i) => i === 0 || (messages[i - 1] as UltraCartMessage).message_epoch <= m.message_epoch)
    ? messages
    : [...messages].sort((a, b) => a.message_epoch - b.message_epoch)

const noRestEndpoint = (operation: string) =>
  TE.left(
    unsupported({
      provider: 'ultracart',
      operation,
      capability: operation,
      message: `${operation}: UltraCart has no REST endpoint for this; agents send over the undocumented agent websocket`,
    }),
  )

const toPage = (
  conversationId: string,
  page: readonly UltraCartMessage[],
  requested: number,
  limit: number,
  bound: EpochCursor | undefined,
  roleOf: RoleOf,
): TE.TaskEither<ColloquyError, Page<Message>> => {
  const seen = new Set(bound?.seen)
  const candidates = bound
    ? page.filter(
        (m) =>
          m.message_epoch >= bound.epoch &&
          !(m.message_epoch === bound.epoch && seen.has(m.conversation_message_uuid)),
      )
    : page
  const taken = candidates.slice(0, limit)
  const full = page.length >= requested
  if (bound && taken.length === 0 && full) {
    return TE.left(
      unsupported({
        provider: 'ultracart',
        operation: 'messages.list',
        capability: 'messages.list',
        message: `messages.list: more than ${vendorMaximum} messages share message_epoch=${bound.epoch}; messages-since cannot return them all`,
      }),
    )
  }
  const items = taken.map((m) => toMessage(conversationId, m, roleOf))
  const last = taken.at(-1)
  // After the last message returned (its epoch and the ids seen at it), or where the request stood:
  // messages-since from there stays right as messages arrive, so it is also the resume position.
  const after = last
    ? epochCursor.encode({
        epoch: last.message_epoch,
        seen: [
          ...(bound?.epoch === last.message_epoch ? bound.seen : []),
          ...taken
            .filter((m) => m.message_epoch === last.message_epoch)
            .map((m) => m.conversation_message_uuid),
        ],
      })
    : bound && epochCursor.encode(bound)
  const resume = after === undefined ? {} : { resumeCursor: after }
  if (!last || !(candidates.length > taken.length || full)) return TE.right({ items, ...resume })
  return TE.right({ items, nextCursor: after as string, ...resume })
}

export const createMessagePort = (context: UltraCartContext, agents: AgentDirectory): MessagePort => ({
  list: ({ conversationId, cursor, limit }) => {
    const bound = cursor === undefined ? undefined : epochCursor.decode(cursor)
    if (cursor !== undefined && bound === undefined)
      return refuse('messages.list', `cursor '${cursor}' is not one this adapter made`)
    const size = Math.min(limit ?? 100, vendorMaximum)
    // Ask for the ids to skip as well, so a page still holds `size` new messages.
    const requested = Math.min(size + (bound?.seen.length ?? 0), vendorMaximum)
    return pipe(
      TE.Do,
      TE.apS('roleOf', agents.roles('messages.list')),
      TE.apS(
        'answer',
        context.enveloped({
          operation: 'messages.list',
          method: 'GET',
          path: conversationPath(conversationId, 'messages', String(bound ? bound.epoch - 1 : 0)),
          query: { limit: requested },
          codec: UltraCartMessagesResponse,
          resource: { name: 'conversation', id: conversationId },
        }),
      ),
      TE.flatMap(({ roleOf, answer }) =>
        toPage(conversationId, byEpoch(answer.conversation_messages ?? []), requested, size, bound, roleOf),
      ),
    )
  },
  send: () => noRestEndpoint('messages.send'),
  delete: () => noRestEndpoint('messages.delete'),
  deleteAll: () => noRestEndpoint('messages.deleteAll'),
})
