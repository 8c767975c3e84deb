import type { ChatAdapter, InboundEvent } from '@colloquy/core'
import { createMemoryAdapter, type MemoryAdapter } from '@colloquy/core/memory'
import { memoryLedger, type SyncStatus, startSync } from '@colloquy/migrate'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { everyMessage, expectSameHistory } from './test-support/histories.js'

const oldHistory = (adapter: MemoryAdapter, count: number, customer = `c-${Math.random()}`) =>
  adapter.memory.seed({
    participants: [{ userId: customer, displayName: 'Max' }],
    messages: Array.from({ length: count }, (_, i) => ({
      author: { role: 'customer' as const, userId: customer, displayName: 'Max' },
      createdAt: new Date(Date.parse('2024-03-01T00:00:00Z') + i * 1000),
      content: { type: 'text' as const, text: `history ${i}` },
    })),
  }).conversationId

/** The target conversation holding a source conversation, by the stamp on it. */
const targetOf = async (target: ChatAdapter, sourceConversationId: string) => {
  const listed = await target.conversations.list({ limit: 100 })()
  if (E.isLeft(listed)) throw new Error(listed.left.message)
  return (
    listed.right.items.find((c) => c.metadata['colloquy.sourceConversationId'] === sourceConversationId)
      ?.id ?? ''
  )
}

const say = async (adapter: ChatAdapter, conversationId: string, text: string) => {
  const sent = await adapter.messages.send({
    conversationId,
    message: { author: { role: 'agent', displayName: 'Ann' }, content: { type: 'text', text } },
  })()
  if (E.isLeft(sent)) throw new Error(sent.left.message)
  return sent.right
}

/** The webhook events the memory source produced since the last call, as a vendor would send them. */
const takeEvents = async (adapter: MemoryAdapter): Promise<InboundEvent[]> => {
  const parsed = await adapter.events.parse({
    headers: {},
    body: JSON.stringify(adapter.memory.takeEvents()),
  })()
  if (E.isLeft(parsed)) throw new Error(parsed.left.message)
  return [...parsed.right]
}

/** Resolves with the first status `until` accepts. */
const statusWatcher = () => {
  const watchers: { until: (status: SyncStatus) => boolean; resolve: (status: SyncStatus) => void }[] = []
  return {
    onProgress: (status: SyncStatus) => {
      for (const watcher of [...watchers])
        if (watcher.until(status)) {
          watchers.splice(watchers.indexOf(watcher), 1)
          watcher.resolve(status)
        }
    },
    when: (until: (status: SyncStatus) => boolean) =>
      new Promise<SyncStatus>((resolve) => watchers.push({ until, resolve })),
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('startSync', () => {
  it('copies what webhooks announce — twice, out of order — once each, in order', async () => {
    const source = createMemoryAdapter()
    const target = createMemoryAdapter()
    const ids = [oldHistory(source, 30), oldHistory(source, 10)]
    source.memory.takeEvents()
    const watcher = statusWatcher()
    const controller = new AbortController()
    const sync = startSync({
      source,
      target,
      conversations: ids,
      ledger: memoryLedger(),
      signal: controller.signal,
      onProgress: watcher.onProgress,
    })
    await watcher.when((status) => status.phase === 'following')
    for (let i = 0; i < 5; i++) await say(source, ids[0] as string, `live ${i}`)
    await say(source, ids[1] as string, 'live in the other')
    const events = await takeEvents(source)
    expect(events.filter((event) => event.type === 'message.created')).toHaveLength(6)
    // Newest first, and every event twice (a redelivery the deduper did not catch).
    for (const event of [...events].reverse()) await sync.notify(event)
    for (const event of events) await sync.notify(event)
    await watcher.when((status) => status.live.migrated === 6)
    controller.abort()
    const report = await sync.done
    expect(report).toMatchObject({
      ended: 'interrupted',
      firstPass: { totals: { migrated: 40, failed: 0 } },
      live: { migrated: 6, failed: 0, events: 12 },
      unresolved: [],
      failureCount: 0,
    })
    expect(report.lag).toMatchObject({ currentMs: 0, samples: 6 })
    expect(report.lag.p95Ms).toBeGreaterThanOrEqual(report.lag.p50Ms ?? 0)
    for (const conversation of report.firstPass.conversations)
      await expectSameHistory(
        source,
        conversation.sourceConversationId,
        target,
        conversation.targetConversationId ?? '',
      )
  })

  it('an event for a conversation whose bulk copy is running is copied after it, once', async () => {
    const source = createMemoryAdapter()
    const real = createMemoryAdapter()
    const id = oldHistory(source, 120)
    source.memory.takeEvents()
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    let sends = 0
    let reachedGate: () => void = () => undefined
    const atGate = new Promise<void>((resolve) => {
      reachedGate = resolve
    })
    // The target holds the bulk copy at its 50th message until the test lets it go.
    const target: ChatAdapter = {
      ...real,
      messages: {
        ...real.messages,
        send: (input) => async () => {
          if (++sends === 50) {
            reachedGate()
            await gate
          }
          return real.messages.send(input)()
        },
      },
    }
    const sync = startSync({ source, target, conversations: [id], untilIdleMs: 100 })
    await atGate
    for (let i = 0; i < 3; i++) await say(source, id, `while copying ${i}`)
    const events = await takeEvents(source)
    const notified = Promise.all(events.map((event) => sync.notify(event)))
    release()
    await notified
    const report = await sync.done
    expect(report.firstPass.totals.migrated + report.live.migrated).toBe(123)
    expect(report.ended).toBe('idle')
    await expectSameHistory(source, id, real, report.firstPass.conversations[0]?.targetConversationId ?? '')
  })

  it('polls a source without webhooks, and copies a new conversation it lists', async () => {
    const source = createMemoryAdapter()
    const target = createMemoryAdapter()
    const first = oldHistory(source, 8)
    const watcher = statusWatcher()
    const controller = new AbortController()
    const sync = startSync({
      source,
      target,
      pollIntervalMs: 5,
      signal: controller.signal,
      onProgress: watcher.onProgress,
    })
    await watcher.when((status) => status.phase === 'following')
    await say(source, first, 'polled')
    const second = oldHistory(source, 3)
    await watcher.when((status) => status.live.migrated === 4)
    controller.abort()
    const report = await sync.done
    expect(report.ended).toBe('interrupted')
    expect(report.live.passes).toBeGreaterThanOrEqual(1)
    await expectSameHistory(source, first, target, await targetOf(target, first))
    await expectSameHistory(source, second, target, await targetOf(target, second))
  })

  it('a message that arrived without a webhook is found by the last pass before it ends idle', async () => {
    const source = createMemoryAdapter()
    const target = createMemoryAdapter()
    const id = oldHistory(source, 4)
    const watcher = statusWatcher()
    const sync = startSync({
      source,
      target,
      conversations: [id],
      untilIdleMs: 50,
      onProgress: watcher.onProgress,
    })
    await watcher.when((status) => status.phase === 'following')
    await say(source, id, 'no webhook for this one')
    const report = await sync.done
    expect(report).toMatchObject({ ended: 'idle', live: { migrated: 1 } })
    expect(report.live.passes).toBeGreaterThanOrEqual(2)
    expect(
      await everyMessage(target, report.firstPass.conversations[0]?.targetConversationId ?? ''),
    ).toHaveLength(5)
  })

  it('copies a conversation only a webhook names, and says so', async () => {
    const source = createMemoryAdapter()
    const target = createMemoryAdapter()
    const known = oldHistory(source, 2)
    const watcher = statusWatcher()
    const controller = new AbortController()
    const sync = startSync({
      source,
      target,
      conversations: [known],
      signal: controller.signal,
      onProgress: watcher.onProgress,
    })
    await watcher.when((status) => status.phase === 'following')
    const stranger = oldHistory(source, 2, 'stranger')
    source.memory.takeEvents()
    await say(source, stranger, 'hello from a new customer')
    const [event] = (await takeEvents(source)).filter((e) => e.type === 'message.created')
    // Answered only once the conversation is copied: a crash after the answer cannot lose it.
    await sync.notify(event as InboundEvent)
    expect(await targetOf(target, stranger)).not.toBe('')
    controller.abort()
    const report = await sync.done
    expect(report).toMatchObject({ discovered: [stranger], discoveredCount: 1, live: { migrated: 3 } })
  })

  it('gives up on a message a webhook named that the source never lists, and reports it', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') })
    const source = createMemoryAdapter()
    const target = createMemoryAdapter()
    const id = oldHistory(source, 2)
    const watcher = statusWatcher()
    const sync = startSync({
      source,
      target,
      conversations: [id],
      untilIdleMs: 60_000,
      onProgress: watcher.onProgress,
    })
    await vi.waitFor(() => expect(sync.status().phase).toBe('following'))
    const message = await say(source, id, 'real')
    await sync.notify({
      type: 'message.created',
      id: 'evt-ghost',
      provider: 'memory',
      conversationId: id,
      occurredAt: new Date(),
      raw: {},
      message: { ...message, id: 'ghost-message' },
    })
    await vi.advanceTimersByTimeAsync(20_000)
    expect(sync.status().lag.currentMs).toBe(0)
    await vi.advanceTimersByTimeAsync(120_000)
    const report = await sync.done
    expect(report.failures).toEqual([
      expect.objectContaining({ stage: 'event', sourceMessageId: 'ghost-message', tag: 'NotFound' }),
    ])
    expect(report).toMatchObject({ ended: 'idle', live: { migrated: 1 }, unresolved: [] })
  })

  it('rejects before writing for what migrate rejects for', async () => {
    const source = createMemoryAdapter()
    await expect(startSync({ source, target: source }).done).rejects.toThrow(/the same adapter/)
    const ledger = memoryLedger()
    const target = createMemoryAdapter()
    const lease = await ledger.acquire?.({ sourceProvider: 'memory', targetProvider: 'memory' })
    await expect(startSync({ source, target, ledger }).done).rejects.toMatchObject({ code: 'locked' })
    await lease?.release()
  })
})
