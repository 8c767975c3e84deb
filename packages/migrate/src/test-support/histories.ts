/**
 * Source histories for migration tests, seeded into each vendor's emulator (or the memory
 * adapter), and the check that a target holds exactly the source's history.
 */
import { type ChatAdapter, collect, type Message, paginate } from '@colloquy/core'
import { createMemoryAdapter } from '@colloquy/core/memory'
import {
  type SmoochV1Emulator,
  type SunshineEmulator,
  startSmoochV1Emulator,
  startSunshineEmulator,
  startUltraCartEmulator,
  type UltraCartEmulator,
} from '@colloquy/emulators'
import { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import { expect } from 'vitest'
import { contentText, sourceKeys } from '../index.js'

const start = Date.parse('2025-06-01T09:00:00Z')
const action = { type: 'link', text: 'Track', uri: 'https://example.com/track' }

export interface Vendor {
  readonly adapter: ChatAdapter
  /** Seeds one conversation of `count` messages (mixed content) and returns its id. */
  readonly seed: (count: number) => string
  readonly close: () => Promise<void>
  /** The emulator, for fault injection. */
  readonly emulator?: SunshineEmulator | SmoochV1Emulator | UltraCartEmulator
}

let seeded = 0

export const sunshineVendor = async (): Promise<Vendor> => {
  const emulator = await startSunshineEmulator()
  return {
    emulator,
    adapter: createSunshineAdapter({
      ...emulator.credentials,
      baseUrl: emulator.url,
      retry: { limit: 2, backoffLimitMs: 20 },
    }),
    seed: (count) => {
      const externalId = `sun-customer-${++seeded}`
      const { conversations } = emulator.seed({
        users: [{ externalId, profile: { givenName: 'Ada' } }],
        conversations: [
          {
            displayName: 'Order 1001',
            participants: [{ userExternalId: externalId }],
            messages: Array.from({ length: count }, (_, i) => ({
              received: new Date(start + i * 1000),
              author:
                i % 3 === 1
                  ? { type: 'business' as const, displayName: 'Grace' }
                  : { type: 'user' as const, userExternalId: externalId, displayName: 'Ada' },
              content:
                i % 10 === 4
                  ? { type: 'carousel', items: [{ title: `Item ${i}`, actions: [action] }] }
                  : i % 10 === 7
                    ? { type: 'template', template: { name: 'hello' } }
                    : { type: 'text', text: `sunshine message ${i}` },
            })),
          },
        ],
      })
      return conversations[0]?.id ?? ''
    },
    close: () => emulator.close(),
  }
}

export const smoochVendor = async (): Promise<Vendor> => {
  const emulator = await startSmoochV1Emulator()
  return {
    emulator,
    adapter: createSmoochV1Adapter({
      ...emulator.credentials,
      baseUrl: emulator.url,
      retry: { limit: 2, backoffLimitMs: 20 },
    }),
    seed: (count) => {
      const [appUser] = emulator.seed({
        appUsers: [
          {
            userId: `smooch-customer-${++seeded}`,
            givenName: 'Steve',
            conversationStarted: true,
            messages: Array.from({ length: count }, (_, i) => ({
              role: i % 3 === 1 ? ('appMaker' as const) : ('appUser' as const),
              name: i % 3 === 1 ? 'Support' : 'Steve',
              // Runs of two share a `received` value, as Smooch allows.
              received: start / 1000 + Math.floor(i / 2),
              ...(i % 10 === 5
                ? { type: 'image', mediaUrl: 'https://example.com/photo.png', text: `photo ${i}` }
                : i % 10 === 8
                  ? {
                      type: 'location',
                      coordinates: { lat: 45.5, long: -73.5 },
                      location: { name: `Place ${i}` },
                    }
                  : { type: 'text', text: `smooch message ${i}` }),
            })),
          },
        ],
      })
      return appUser?._id ?? ''
    },
    close: () => emulator.close(),
  }
}

export const ultraCartVendor = async (): Promise<Vendor> => {
  const emulator = await startUltraCartEmulator()
  return {
    emulator,
    adapter: createUltraCartAdapter({
      ...emulator.credentials,
      baseUrl: emulator.url,
      retry: { limit: 2, backoffLimitMs: 20 },
      rateLimit: false,
    }),
    seed: (count) => {
      const customer = { arn: `arn:ultracart:DEMO:participant/customer-${++seeded}`, name: 'Jane' }
      const [conversation] = emulator.seed({
        conversations: [
          {
            participants: [customer],
            messages: Array.from({ length: count }, (_, i) => ({
              authorArn: i % 3 === 1 ? emulator.agent.arn : customer.arn,
              body: `ultracart message ${i}`,
              // Runs of three share an epoch.
              messageEpoch: start + Math.floor(i / 3),
              ...(i % 10 === 6 ? { mediaUrls: ['https://example.com/receipt.jpg'] } : {}),
              ...(i === 0 ? { type: 'notice' as const } : {}),
            })),
          },
        ],
      })
      return conversation?.uuid ?? ''
    },
    close: () => emulator.close(),
  }
}

export const memoryVendor = async (): Promise<Vendor> => {
  const adapter = createMemoryAdapter()
  return {
    adapter,
    seed: (count) => {
      const userId = `memory-customer-${++seeded}`
      return adapter.memory.seed({
        title: 'Memory chat',
        participants: [{ userId, displayName: 'Max' }],
        messages: Array.from({ length: count }, (_, i) => ({
          author:
            i % 4 === 1
              ? { role: 'agent' as const, displayName: 'Ann' }
              : i % 4 === 3
                ? { role: 'bot' as const, displayName: 'Bot' }
                : { role: 'customer' as const, userId, displayName: 'Max' },
          createdAt: new Date(start + i * 1000),
          content:
            i % 10 === 2
              ? {
                  type: 'list' as const,
                  items: [
                    { title: 'One', actions: [{ type: 'postback' as const, text: 'Pick', payload: 'one' }] },
                  ],
                }
              : i % 10 === 9
                ? {
                    type: 'formResponse' as const,
                    fields: [{ type: 'text' as const, name: 'n', label: 'Name', value: 'Max' }],
                  }
                : { type: 'text' as const, text: `memory message ${i}` },
        })),
      }).conversationId
    },
    close: async () => undefined,
  }
}

export const everyMessage = (adapter: ChatAdapter, conversationId: string): Promise<Message[]> =>
  collect(paginate((cursor) => adapter.messages.list({ conversationId, cursor, direction: 'forward' })))

/**
 * The target conversation holds the source history exactly once and in order: source ids,
 * original author roles and texts (converted content compared as its readable text).
 */
export const expectSameHistory = async (
  source: ChatAdapter,
  sourceId: string,
  target: ChatAdapter,
  targetId: string,
) => {
  const [original, copied] = await Promise.all([
    everyMessage(source, sourceId),
    everyMessage(target, targetId),
  ])
  expect(copied.map((m) => m.metadata[sourceKeys.messageId])).toEqual(original.map((m) => m.id))
  copied.forEach((copy, index) => {
    const from = original[index] as Message
    expect(copy.metadata[sourceKeys.authorRole]).toBe(from.author.role)
    expect(copy.author.role === 'customer').toBe(from.author.role === 'customer')
    expect(copy.metadata[sourceKeys.createdAt]).toBe(from.createdAt.toISOString())
    const text = (content: Message['content']) => contentText(content).trim()
    if (copy.content.type === from.content.type) expect(text(copy.content)).toBe(text(from.content))
    else
      expect(copy.content).toEqual({
        type: 'text',
        text: expect.stringContaining(text(from.content).split('\n')[0] ?? ''),
      })
  })
  return copied
}
