import { collect, type Message, paginate } from '@colloquy/core'
import { expectRight } from '@colloquy/core/testing'
import { startSmoochV1Emulator } from '@colloquy/emulators'
import { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'
import nock from 'nock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

describe('Smooch paging through 250 messages with runs of equal `received`', () => {
  let emulator: Awaited<ReturnType<typeof startSmoochV1Emulator>>
  let conversationId: string
  let expected: readonly string[]

  beforeAll(async () => {
    nock.enableNetConnect('127.0.0.1')
    emulator = await startSmoochV1Emulator()
    const start = 1_700_000_000.123
    // Runs of 3, 4 and 5 messages share one `received` value; with 250 messages the vendor's
    // 100-message pages cut through runs (e.g. the run holding messages 98–101).
    const runLengths = [3, 4, 5]
    const received: number[] = []
    let run = 0
    while (received.length < 250) {
      const length = runLengths[run % 3] ?? 3
      for (let i = 0; i < length && received.length < 250; i++)
        received.push(Number((start + run * 0.5).toFixed(3)))
      run++
    }
    const [appUser] = emulator.seed({
      appUsers: [
        {
          userId: 'ties',
          messages: received.map((value, i) => ({
            role: 'appUser' as const,
            text: `m${i}`,
            received: value,
          })),
        },
      ],
    })
    conversationId = appUser?._id ?? ''
    expected = appUser?.messageIds ?? []
    // The test is only meaningful if some run straddles a vendor page edge.
    const edges = [received.length - 100, received.length - 200, 100, 200]
    expect(edges.some((edge) => received[edge - 1] === received[edge])).toBe(true)
  })
  afterAll(() => emulator.close())

  const walk = (direction: 'backward' | 'forward', limit: number) => {
    const adapter = createSmoochV1Adapter({ ...emulator.credentials, baseUrl: emulator.url, retry: false })
    return collect(paginate((cursor) => adapter.messages.list({ conversationId, cursor, limit, direction })))
  }
  const ids = (messages: readonly Message[]) => messages.map((m) => m.id)

  it.each([1, 7, 99, 100])('forward, pages of %i: every message exactly once, in order', async (limit) => {
    expect(ids(await walk('forward', limit))).toEqual(expected)
  })

  it.each([1, 7, 99, 100])('backward, pages of %i: every message exactly once', async (limit) => {
    const backward: Message[][] = []
    const adapter = createSmoochV1Adapter({ ...emulator.credentials, baseUrl: emulator.url, retry: false })
    let cursor: string | undefined
    do {
      const page = await expectRight(adapter.messages.list({ conversationId, cursor, limit }))
      backward.push([...page.items])
      cursor = page.nextCursor
    } while (cursor !== undefined)
    expect(
      backward
        .reverse()
        .flat()
        .map((m) => m.id),
    ).toEqual(expected)
  })

  it('reports more than 100 messages sharing one `received` as Unsupported instead of skipping them', async () => {
    const [appUser] = emulator.seed({
      appUsers: [
        {
          userId: 'all-at-once',
          messages: Array.from({ length: 150 }, (_, i) => ({
            role: 'appMaker' as const,
            text: `b${i}`,
            received: 1_700_000_500,
          })),
        },
      ],
    })
    const adapter = createSmoochV1Adapter({ ...emulator.credentials, baseUrl: emulator.url, retry: false })
    const first = await adapter.messages.list({ conversationId: appUser?._id ?? '', direction: 'forward' })()
    expect(first._tag === 'Right' && first.right.items).toHaveLength(100)
    const second = await adapter.messages.list({
      conversationId: appUser?._id ?? '',
      direction: 'forward',
      cursor: first._tag === 'Right' ? first.right.nextCursor : undefined,
    })()
    expect(second).toMatchObject({ _tag: 'Left', left: { _tag: 'Unsupported', capability: 'messages.list' } })
  })

  it('keeps millisecond precision of `received`', async () => {
    const [first] = await walk('forward', 1)
    expect(first?.createdAt.toISOString()).toBe('2023-11-14T22:13:20.123Z')
  })
})
