/**
 * The memory adapter's message port.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { notFound } from '../errors.js'
import type { MessagePort } from '../ports.js'
import { withConversation } from './conversations.js'
import type { createPaging } from './pages.js'
import { messageJson, toMessage } from './records.js'
import type { MemoryStore } from './store.js'

export const createMessagePort = (
  store: MemoryStore,
  paging: ReturnType<typeof createPaging>,
): MessagePort => ({
  list: (input) => withConversation(store, 'messages.list', (c) => paging.messages(c, input))(input),
  send: (input) =>
    withConversation(store, 'messages.send', (c) => {
      const message = store.appendMessage(c, input.message)
      store.emit({ type: 'message.created', conversationId: c.id, message: messageJson(c.id, message) })
      return E.right(toMessage(store.provider, c.id, message))
    })(input),
  delete: (input) =>
    withConversation(store, 'messages.delete', (c) => {
      const index = c.messages.findIndex((m) => m.id === input.messageId)
      if (index === -1) {
        return E.left(
          notFound({
            provider: store.provider,
            operation: 'messages.delete',
            resource: 'message',
            id: input.messageId,
          }),
        )
      }
      c.messages.splice(index, 1)
      return E.right(undefined)
    })(input),
  deleteAll: withConversation(store, 'messages.deleteAll', (c) => {
    c.messages = []
    return E.right(undefined)
  }),
})
