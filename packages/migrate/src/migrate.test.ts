import type { ChatAdapter, ColloquyError } from '@colloquy/core'
import { createMemoryAdapter, memoryCapabilities } from '@colloquy/core/memory'
import { type Ledger, MigrationPlanError, memoryLedger, migrate } from '@colloquy/migrate'
import nock from 'nock'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  everyMessage,
  expectSameHistory,
  memoryVendor,
  smoochVendor,
  sunshineVendor,
  ultraCartVendor,
} from './test-support/histories.js'

beforeAll(() => nock.enableNetConnect('127.0.0.1'))

describe('migrate', () => {
  it('refuses plans it cannot honour, before writing anything', async () => {
    const smooch = await smoochVendor()
    const sunshine = await sunshineVendor()
    const ultracart = await ultraCartVendor()
    try {
      await expect(migrate({ source: smooch.adapter, target: sunshine.adapter })).rejects.toThrow(
        /cannot list conversations: give the conversation ids/,
      )
      await expect(migrate({ source: sunshine.adapter, target: smooch.adapter })).rejects.toThrow(
        /lists conversations per user/,
      )
      await expect(
        migrate({ source: sunshine.adapter, target: ultracart.adapter, users: ['u'] }),
      ).rejects.toBeInstanceOf(MigrationPlanError)
      // A dry run is planned the same way: it fails where a real run would.
      await expect(
        migrate({ source: sunshine.adapter, target: ultracart.adapter, users: ['u'], dryRun: true }),
      ).rejects.toThrow(/ultracart cannot receive messages/)
      await expect(
        migrate({ source: sunshine.adapter, target: sunshine.adapter, users: ['u'] }),
      ).rejects.toThrow('cannot migrate sunshine → sunshine: the source and the target are the same adapter')
      await expect(
        migrate({ source: ultracart.adapter, target: sunshine.adapter, users: ['u'], conversations: ['c'] }),
      ).rejects.toMatchObject({ problem: 'selection', message: expect.stringContaining('not both') })
      await expect(
        migrate({ source: smooch.adapter, target: sunshine.adapter, users: ['u'] }),
      ).rejects.toThrow(/smooch-v1 cannot list conversations, not even per user: give the conversation ids/)
      await expect(
        migrate({ source: ultracart.adapter, target: sunshine.adapter, concurrency: 99_999 }),
      ).rejects.toThrow(/concurrency must be a whole number from 1 to 256, got 99999/)
      for (const vendor of [sunshine, smooch, ultracart]) expect(vendor.emulator?.requests()).toHaveLength(0)
    } finally {
      await Promise.all([smooch.close(), sunshine.close(), ultracart.close()])
    }
  })

  it('lists Sunshine conversations per user when given users', async () => {
    const sunshine = await sunshineVendor()
    const memory = createMemoryAdapter()
    try {
      const conversationId = sunshine.seed(3)
      const userId = (await everyMessage(sunshine.adapter, conversationId))[0]?.author.userId ?? ''
      const report = await migrate({ source: sunshine.adapter, target: memory, users: [userId] })
      expect(report.totals).toMatchObject({ conversations: 1, migrated: 3 })
      // An unknown user is named before anything is written.
      const unknown = await migrate({
        source: sunshine.adapter,
        target: memory,
        users: [userId, 'nobody'],
      }).catch((error: unknown) => error)
      expect(unknown).toBeInstanceOf(MigrationPlanError)
      expect(unknown).toMatchObject({
        problem: 'selection',
        message: "the source user 'nobody' is not known to sunshine",
      })
      expect(memory.memory.snapshot().conversations).toHaveLength(1)
    } finally {
      await sunshine.close()
    }
  })

  it('reads each source conversation once: listed conversations, and the preflight read, are not read again', async () => {
    const ultracart = await ultraCartVendor()
    try {
      const ids = [ultracart.seed(5), ultracart.seed(5), ultracart.seed(5)]
      const reads = () => {
        const requests = ultracart.emulator?.requests() ?? []
        const count = (pattern: RegExp) => requests.filter((r) => pattern.test(r.path)).length
        return {
          conversations: count(/\/conversation\/conversations\/[^/]+$/),
          messages: count(/\/messages\/\d+$/),
        }
      }
      await migrate({ source: ultracart.adapter, target: createMemoryAdapter() })
      // Listed with their participants: only the messages are read, one page each.
      expect(reads()).toEqual({ conversations: 0, messages: 3 })
      ultracart.emulator?.clearRequests()
      await migrate({ source: ultracart.adapter, target: createMemoryAdapter(), conversations: ids })
      expect(reads()).toEqual({ conversations: 3, messages: 3 })
    } finally {
      await ultracart.close()
    }
  })

  it('applies users on a source that lists everything: only their conversations are copied', async () => {
    const ultracart = await ultraCartVendor()
    try {
      const [first, second] = [ultracart.seed(4), ultracart.seed(5)]
      const participants = await ultracart.adapter.participants.list({ conversationId: second })()
      const customer =
        participants._tag === 'Right'
          ? participants.right.find((p) => p.role === 'customer')?.userId
          : undefined
      const memory = createMemoryAdapter()
      const report = await migrate({ source: ultracart.adapter, target: memory, users: [customer ?? ''] })
      expect(report.conversations.map((c) => c.sourceConversationId)).toEqual([second])
      expect(report.conversations.map((c) => c.sourceConversationId)).not.toContain(first)
      await expect(
        migrate({
          source: ultracart.adapter,
          target: memory,
          users: ['arn:ultracart:DEMO:participant/nobody'],
        }),
      ).rejects.toThrow(
        "the source user 'arn:ultracart:DEMO:participant/nobody' is in no ultracart conversation",
      )
    } finally {
      await ultracart.close()
    }
  })

  it('degrades what the target cannot take, with the reason, and drops nothing', async () => {
    const source = await memoryVendor()
    const target = createMemoryAdapter({
      capabilities: {
        ...memoryCapabilities,
        messages: { ...memoryCapabilities.messages, sendableContent: ['text'] },
      },
    })
    const conversationId = source.seed(20)
    const report = await migrate({ source: source.adapter, target, conversations: [conversationId] })
    expect(report.totals).toMatchObject({ migrated: 20, degraded: 4 })
    expect(report.conversations[0]?.degraded[0]).toEqual({
      sourceMessageId: expect.any(String),
      reason: 'list content sent as text: the target cannot take it',
    })
    await expectSameHistory(
      source.adapter,
      conversationId,
      target,
      report.conversations[0]?.targetConversationId ?? '',
    )
  })

  it('writes nothing in a dry run, and reports what would happen', async () => {
    const source = await memoryVendor()
    const target = createMemoryAdapter({
      capabilities: {
        ...memoryCapabilities,
        messages: { ...memoryCapabilities.messages, sendableContent: ['text'] },
      },
    })
    const report = await migrate({
      source: source.adapter,
      target,
      conversations: [source.seed(10)],
      dryRun: true,
    })
    expect(report).toMatchObject({ dryRun: true, totals: { migrated: 10, degraded: 2 } })
    expect(target.memory.snapshot().conversations).toEqual([])
  })

  it('runs conversations in parallel and stops cleanly on abort', async () => {
    const source = await memoryVendor()
    const target = createMemoryAdapter()
    const ids = Array.from({ length: 8 }, () => source.seed(30))
    const controller = new AbortController()
    let seen = 0
    const report = await migrate({
      source: source.adapter,
      target,
      conversations: ids,
      concurrency: 4,
      onProgress: () => {
        if (++seen === 50) controller.abort()
      },
      signal: controller.signal,
    })
    expect(report.interrupted).toBe(true)
    const done = report.totals.migrated
    expect(done).toBeGreaterThanOrEqual(50)
    expect(done).toBeLessThan(240)
    const resumed = await migrate({
      source: source.adapter,
      target,
      conversations: ids,
      ledger: memoryLedger(),
    })
    expect(resumed.totals.failed).toBe(0)
  })

  it('closes the crash window between a send and its ledger entry by reading the target', async () => {
    const source = await memoryVendor()
    const target = createMemoryAdapter()
    const conversationId = source.seed(30)
    const durable = memoryLedger()
    // A process that dies right after the 12th send: the message is in the target, not in the ledger.
    let sends = 0
    const dying: Ledger = {
      ...durable,
      record: async (entry) => {
        if (entry.kind === 'message' && ++sends === 12) throw new Error('killed')
        return durable.record(entry)
      },
    }
    await expect(
      migrate({ source: source.adapter, target, conversations: [conversationId], ledger: dying }),
    ).rejects.toThrow('killed')
    const report = await migrate({
      source: source.adapter,
      target,
      conversations: [conversationId],
      ledger: durable,
    })
    expect(report.totals).toMatchObject({ skipped: 12, migrated: 18 })
    await expectSameHistory(
      source.adapter,
      conversationId,
      target,
      report.conversations[0]?.targetConversationId ?? '',
    )
  })

  it('re-checks the target after an ambiguous failure instead of sending twice', async () => {
    const source = await memoryVendor()
    const sunshine = await sunshineVendor()
    try {
      const conversationId = source.seed(40)
      // Every 4th request is processed but its answer is lost.
      sunshine.emulator?.setFaults({ seed: 3, lostResponses: 0.25 })
      const report = await migrate({
        source: source.adapter,
        target: sunshine.adapter,
        conversations: [conversationId],
      })
      sunshine.emulator?.setFaults({})
      expect(report.totals.failed).toBe(0)
      await expectSameHistory(
        source.adapter,
        conversationId,
        sunshine.adapter,
        report.conversations[0]?.targetConversationId ?? '',
      )
      expect(sunshine.emulator?.faultCounts().lostResponse).toBeGreaterThan(3)
    } finally {
      await sunshine.close()
    }
  })

  it('stops a conversation at a permanent failure and reports it; a re-run finishes it in order', async () => {
    const source = await memoryVendor()
    const conversationId = source.seed(10)
    const real = createMemoryAdapter()
    let refuse = true
    let sends = 0
    const flaky: ChatAdapter = {
      ...real,
      messages: {
        ...real.messages,
        send: (input) => () =>
          refuse && ++sends === 5
            ? Promise.resolve({
                _tag: 'Left',
                left: {
                  _tag: 'InvalidRequest',
                  provider: 'memory',
                  operation: 'messages.send',
                  message: 'messages.send: refused',
                } as ColloquyError,
              })
            : real.messages.send(input)(),
      },
    }
    const ledger = memoryLedger()
    const first = await migrate({
      source: source.adapter,
      target: flaky,
      conversations: [conversationId],
      ledger,
    })
    expect(first.conversations[0]).toMatchObject({
      status: 'failed',
      messages: { migrated: 4, failed: 1 },
      errors: [{ tag: 'InvalidRequest' }],
    })
    refuse = false
    const second = await migrate({
      source: source.adapter,
      target: flaky,
      conversations: [conversationId],
      ledger,
    })
    expect(second.totals).toMatchObject({ migrated: 6, skipped: 4, failed: 0 })
    await expectSameHistory(
      source.adapter,
      conversationId,
      real,
      second.conversations[0]?.targetConversationId ?? '',
    )
  })
  it('stops only the conversation whose target cannot be read on resume, not the run', async () => {
    const source = await memoryVendor()
    const [broken, healthy] = [source.seed(6), source.seed(6)]
    const real = createMemoryAdapter()
    const ledger = memoryLedger()
    await migrate({ source: source.adapter, target: real, conversations: [broken], ledger })
    const readFails: ChatAdapter = {
      ...real,
      messages: {
        ...real.messages,
        list: () => () =>
          Promise.resolve({
            _tag: 'Left',
            left: {
              _tag: 'Decode',
              provider: 'memory',
              operation: 'messages.list',
              issues: ['(body): not valid JSON'],
              message: 'messages.list: unexpected response: (body): not valid JSON',
            } as ColloquyError,
          }),
      },
    }
    // Something new in `broken`: its copy resumes, so its target is read first (reconcile);
    // `healthy` needs no read.
    await source.adapter.messages.send({
      conversationId: broken,
      message: { author: { role: 'agent', displayName: 'Ann' }, content: { type: 'text', text: 'later' } },
    })()
    const report = await migrate({
      source: source.adapter,
      target: readFails,
      conversations: [broken, healthy],
      ledger,
    })
    expect(report.conversations.find((c) => c.sourceConversationId === broken)).toMatchObject({
      status: 'failed',
      errors: [{ tag: 'Decode' }],
    })
    expect(report.conversations.find((c) => c.sourceConversationId === healthy)).toMatchObject({
      status: 'migrated',
      messages: { migrated: 6 },
    })
    expect(report.totals.conversationsFailed).toBe(1)
  })
})
