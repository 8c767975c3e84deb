import type { Capabilities } from '@colloquy/core'
import { createMemoryAdapter, memoryCapabilities } from '@colloquy/core/memory'
import { describeAdapterContract } from '@colloquy/core/testing'

const setup = (capabilities?: Capabilities) => async () => {
  const start = Date.parse('2026-01-01T00:00:00Z')
  const adapter = createMemoryAdapter({ capabilities })
  let seeded = 0
  return {
    adapter,
    seedConversation: async ({ messageCount }: { messageCount: number }) => {
      const userId = `seed-user-${++seeded}`
      const { conversationId, messageIds } = adapter.memory.seed({
        participants: [{ userId }],
        messages: Array.from({ length: messageCount }, (_, index) => ({
          author: { role: 'customer' as const, userId },
          content: { type: 'text' as const, text: `message ${index + 1}` },
          createdAt: new Date(start + index * 1000),
        })),
      })
      return { conversationId, userId, messageIds }
    },
    sampleEvent: {
      body: JSON.stringify({
        events: [
          {
            id: 'evt_a',
            type: 'typing',
            conversationId: 'conv_x',
            occurredAt: '2026-01-01T00:00:00Z',
            typing: true,
          },
        ],
      }),
    },
  }
}

describeAdapterContract('memory adapter', setup())

// The capabilities of a vendor like Smooch v1: no listing, no update/delete, backward paging only,
// text and image only. Proves the suite's Unsupported checks against real refusals.
describeAdapterContract(
  'memory adapter restricted like a smaller vendor',
  setup({
    ...memoryCapabilities,
    conversations: {
      ...memoryCapabilities.conversations,
      list: false,
      listByExternalId: false,
      update: false,
      delete: false,
    },
    messages: {
      ...memoryCapabilities.messages,
      directions: ['backward'],
      sendableContent: ['text', 'image'],
      deleteAll: false,
    },
    participants: { list: true, join: false, leave: false },
  }),
  { histories: [0, 250] },
)

describeAdapterContract(
  'memory adapter listing conversations per user',
  setup({ ...memoryCapabilities, conversations: { ...memoryCapabilities.conversations, list: 'byUser' } }),
  { histories: [1], pageSizes: [7] },
)
