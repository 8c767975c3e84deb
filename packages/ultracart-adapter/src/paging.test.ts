import { collect, paginate } from '@colloquy/core'
import { startUltraCartEmulator } from '@colloquy/emulators'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import nock from 'nock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

describe('UltraCart messages-since paging with equal epochs across page edges', () => {
  let emulator: Awaited<ReturnType<typeof startUltraCartEmulator>>
  let conversationId: string
  let expected: readonly string[]
  const jane = { arn: 'arn:ultracart:DEMO:participant/jane', name: 'Jane' }

  beforeAll(async () => {
    nock.enableNetConnect('127.0.0.1')
    emulator = await startUltraCartEmulator()
    // Runs of 3 messages share one epoch, so page edges (7, 100, 200) cut through runs.
    const [conversation] = emulator.seed({
      conversations: [
        {
          participants: [jane],
          messages: Array.from({ length: 250 }, (_, i) => ({
            authorArn: i % 5 === 0 ? emulator.agent.arn : jane.arn,
            body: `m${i}`,
            messageEpoch: 1_714_586_591_000 + Math.floor(i / 3),
            ...(i === 249 ? { type: 'notice' as const } : {}),
          })),
        },
      ],
    })
    conversationId = conversation?.uuid ?? ''
    expected = conversation?.messageUuids ?? []
  })
  afterAll(() => emulator.close())

  const adapter = () =>
    createUltraCartAdapter({ ...emulator.credentials, baseUrl: emulator.url, retry: false, rateLimit: false })

  it.each([1, 7, 100, 200])('pages of %i: every message exactly once, oldest first', async (limit) => {
    const messages = await collect(
      paginate((cursor) => adapter().messages.list({ conversationId, cursor, limit })),
    )
    expect(messages.map((m) => m.id)).toEqual(expected)
  })

  it('tells agents (from the queue statuses), customers and system notices apart', async () => {
    const messages = await collect(
      paginate((cursor) => adapter().messages.list({ conversationId, cursor, limit: 200 })),
    )
    expect(messages[0]?.author).toMatchObject({ role: 'agent', userId: emulator.agent.arn })
    expect(messages[1]?.author).toMatchObject({ role: 'customer', userId: jane.arn, displayName: 'Jane' })
    expect(messages[249]?.author.role).toBe('system')
  })

  it('reports backward paging as Unsupported', async () => {
    const result = await adapter().messages.list({ conversationId, direction: 'backward' })()
    expect(result).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'Unsupported', capability: 'messages.directions.backward' },
    })
  })
})
