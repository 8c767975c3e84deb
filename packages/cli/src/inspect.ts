/**
 * `colloquy conversations list|get` and `colloquy messages list|send`, for looking at a vendor
 * through the ports.
 *
 * @module
 */
import { asPromises, type ChatAdapter, type Message } from '@colloquy/core'

const line = (message: Message) => {
  const body = message.content.type === 'text' ? message.content.text : `[${message.content.type}]`
  return `${message.createdAt.toISOString()}  ${message.id}  ${message.author.role.padEnd(8)} ${message.author.displayName ?? ''}: ${body}`
}

export const inspect = (adapter: ChatAdapter, out: NodeJS.WritableStream, json: boolean) => {
  const chat = asPromises(adapter)
  const print = (value: unknown, human: () => string) =>
    out.write(`${json ? JSON.stringify(value) : human()}\n`)
  return {
    listConversations: async (options: { userId?: string; cursor?: string; limit?: number }) => {
      const page = await chat.conversations.list(options)
      print(page, () =>
        [
          ...page.items.map(
            (c) =>
              `${c.id}  ${c.status.padEnd(6)} ${c.title ?? ''}${c.lastMessage?.text ? `  — ${c.lastMessage.text}` : ''}`,
          ),
          ...(page.nextCursor ? [`(more: --cursor ${page.nextCursor})`] : []),
        ].join('\n'),
      )
    },
    getConversation: async (conversationId: string) => {
      const conversation = await chat.conversations.get({ conversationId })
      print(conversation, () => JSON.stringify({ ...conversation, raw: undefined }, null, 2))
    },
    listMessages: async (options: {
      conversationId: string
      cursor?: string
      limit?: number
      direction?: 'backward' | 'forward'
    }) => {
      const page = await chat.messages.list(options)
      print(page, () =>
        [...page.items.map(line), ...(page.nextCursor ? [`(more: --cursor ${page.nextCursor})`] : [])].join(
          '\n',
        ),
      )
    },
    sendMessage: async (options: {
      conversationId: string
      text: string
      role: 'customer' | 'agent' | 'bot'
      name?: string
      userId?: string
    }) => {
      const message = await chat.messages.send({
        conversationId: options.conversationId,
        message: {
          author: {
            role: options.role,
            ...(options.name ? { displayName: options.name } : {}),
            ...(options.userId ? { userId: options.userId } : {}),
          },
          content: { type: 'text', text: options.text },
        },
      })
      print(message, () => line(message))
    },
  }
}
