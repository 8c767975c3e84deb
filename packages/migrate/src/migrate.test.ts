import { type ChatAdapter, type ColloquyError, httpError } from '@colloquy/core'
import { createMemoryAdapter, memoryCapabilities } from '@colloquy/core/memory'
import { startSunshineEmulator } from '@colloquy/emulators'
import { type Ledger, MigrationPlanError, memoryLedger, migrate } from '@colloquy/migrate'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { pipe } from 'fp-ts/lib/function.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import nock from 'nock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  everyMessage,
  expectSameHistory,
  memoryVendor,
  smoochVendor,
  sunshineVendor,
  ultraCartVendor,
  type Vendor,
} from './test-support/histories.js'

beforeAll(() => nock.enableNetConnect('127.0.0.1'))

const vendors = {
  memory: memoryVendor,
  sunshine: sunshineVendor,
  'smooch-v1': smoochVendor,
  ultracart: ultraCartVendor,
}
// Every pair the capabilities allow: UltraCart cannot receive messages.
const pairs: [keyof typeof vendors, keyof typeof vendors][] = [
  ['ultracart', 'sunshine'],
  ['ultracart', 'smooch-v1'],
  ['smooch-v1', 'sunshine'],
  ['sunshine', 'smooch-v1'],
  ['memory', 'sunshine'],
  ['memory', 'smooch-v1'],
  ['sunshine', 'memory'],
  ['smooch-v1', 'memory'],
  ['ultracart', 'memory'],
]

describe.each(pairs)('%s → %s', (from, to) => {
  let source: Vendor
  let target: Vendor
  beforeAll(async () => {
    ;[source, target] = await Promise.all([vendors[from](), vendors[to]()])
  })
  afterAll(async () => {
    await Promise.all([source.close(), target.close()])
  })

  it('copies every message exactly once, in order, and a re-run copies nothing again', async () => {
    const conversationId = source.seed(57)
    const ledger = memoryLedger()
    const options = {
      source: source.adapter,
      target: target.adapter,
      conversations: [conversationId],
      ledger,
    }
    const report = await migrate(options)
    expect(report.totals).toMatchObject({ conversations: 1, conversationsFailed: 0, migrated: 57, failed: 0 })
    const [conversation] = report.conversations
    const targetId = conversation?.targetConversationId ?? ''
    await expectSameHistory(source.adapter, conversationId, target.adapter, targetId)

    const again = await migrate(options)
    expect(again.totals).toMatchObject({ migrated: 0, skipped: 57, failed: 0 })
    expect(again.conversations[0]).toMatchObject({ targetConversationId: targetId, target: 'ledger' })
    expect(await everyMessage(target.adapter, targetId)).toHaveLength(57)

    // Without the ledger (a new one, or none), the target itself says what is there.
    const withoutLedger = await migrate({ ...options, ledger: memoryLedger() })
    expect(withoutLedger.totals).toMatchObject({
      migrated: 0,
      skipped: 57,
      failed: 0,
      conversationsFailed: 0,
    })
    expect(withoutLedger.conversations[0]).toMatchObject({ targetConversationId: targetId, target: 'found' })
    expect(await everyMessage(target.adapter, targetId)).toHaveLength(57)
  })

  it('continues a run whose ledger was lost midway without a duplicate', async () => {
    const conversationId = source.seed(40)
    const controller = new AbortController()
    const options = { source: source.adapter, target: target.adapter, conversations: [conversationId] }
    const first = await migrate({
      ...options,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.migrated === 15) controller.abort()
      },
    })
    expect(first).toMatchObject({ interrupted: true, totals: { migrated: 15 } })
    const second = await migrate({ ...options, ledger: memoryLedger() })
    expect(second.totals).toMatchObject({ migrated: 25, skipped: 15, failed: 0 })
    expect(second.conversations[0]?.targetConversationId).toBe(first.conversations[0]?.targetConversationId)
    await expectSameHistory(
      source.adapter,
      conversationId,
      target.adapter,
      second.conversations[0]?.targetConversationId ?? '',
    )
  })
})

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
    // `broken` is resumed, so its target is read first (reconcile); `healthy` needs no read.
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

/** A left as a port method returns it. */
const failWith =
  (error: ColloquyError) =>
  <A>(): TaskEither<ColloquyError, A> =>
    TE.left(error)

describe('migrate, against hostile or broken ends', () => {
  it('ends a conversation whose source paging cycles with a tagged error; the others complete', async () => {
    const source = await memoryVendor()
    const [cycling, healthy] = [source.seed(12), source.seed(12)]
    let cyclingRequests = 0
    const hostile: ChatAdapter = {
      ...source.adapter,
      messages: {
        ...source.adapter.messages,
        list: (input) => {
          if (input.conversationId !== cycling) return source.adapter.messages.list(input)
          cyclingRequests++
          // Two pages pointing at each other, forever.
          return pipe(
            source.adapter.messages.list({ ...input, cursor: undefined, limit: 5 }),
            TE.map((page) => ({ items: page.items, nextCursor: input.cursor === 'a' ? 'b' : 'a' })),
          )
        },
      },
    }
    const target = createMemoryAdapter()
    const report = await migrate({ source: hostile, target, conversations: [cycling, healthy] })
    expect(cyclingRequests).toBe(3)
    expect(report.conversations.find((c) => c.sourceConversationId === cycling)).toMatchObject({
      status: 'failed',
      errors: [
        {
          tag: 'Decode',
          message: "messages.list: paging repeated cursor 'a' after 3 pages; the list would never end",
        },
      ],
    })
    expect(report.conversations.find((c) => c.sourceConversationId === healthy)).toMatchObject({
      status: 'migrated',
      messages: { migrated: 12 },
    })
    expect(report.totals.conversationsFailed).toBe(1)
  })

  it('reports a listing that breaks off, and copies what it listed', async () => {
    const source = await memoryVendor()
    const ids = Array.from({ length: 4 }, () => source.seed(3))
    const broken: ChatAdapter = {
      ...source.adapter,
      conversations: {
        ...source.adapter.conversations,
        list: (input) =>
          input.cursor === undefined
            ? source.adapter.conversations.list({ ...input, limit: 2 })
            : failWith(httpError({ provider: 'memory', operation: 'conversations.list', status: 503 }))(),
      },
    }
    const report = await migrate({ source: broken, target: createMemoryAdapter(), concurrency: 1 })
    expect(report.conversations.map((c) => c.sourceConversationId)).toEqual(ids.slice(0, 2))
    expect(report.errors).toEqual([
      { stage: 'listing', tag: 'Http', message: 'conversations.list: HTTP 503' },
    ])
  })

  it('refuses a target that rejects its credentials before reading the source or writing', async () => {
    const source = await memoryVendor()
    const conversationId = source.seed(3)
    let sourceReads = 0
    const counted: ChatAdapter = {
      ...source.adapter,
      conversations: {
        ...source.adapter.conversations,
        get: (input) => {
          sourceReads++
          return source.adapter.conversations.get(input)
        },
      },
    }
    const sunshine = await startSunshineEmulator()
    try {
      const target = createSunshineAdapter({
        ...sunshine.credentials,
        keySecret: 'wrong',
        baseUrl: sunshine.url,
        retry: false,
      })
      const refused = await migrate({ source: counted, target, conversations: [conversationId] }).catch(
        (error: unknown) => error,
      )
      expect(refused).toBeInstanceOf(MigrationPlanError)
      expect(refused).toMatchObject({
        problem: 'target',
        error: { _tag: 'Unauthorized' },
        message: expect.stringMatching(
          /^the target sunshine refused the credentials: conversations\.get: 401/,
        ),
      })
      expect(sourceReads).toBe(0)
      expect(sunshine.state().conversations).toEqual([])
    } finally {
      await sunshine.close()
    }
  })

  it('looks a conversation up again when the ledger names one the target does not have', async () => {
    const source = await memoryVendor()
    const conversationId = source.seed(5)
    const target = createMemoryAdapter()
    const ledger = memoryLedger()
    await ledger.record({
      sourceProvider: 'memory',
      targetProvider: 'memory',
      kind: 'conversation',
      sourceConversationId: conversationId,
      targetConversationId: 'conversation-of-another-account',
    })
    const report = await migrate({ source: source.adapter, target, conversations: [conversationId], ledger })
    expect(report.conversations[0]).toMatchObject({
      status: 'migrated',
      target: 'created',
      messages: { migrated: 5 },
    })
  })

  it('refuses a second run on the same ledger while the first runs', async () => {
    const source = await memoryVendor()
    const ids = Array.from({ length: 3 }, () => source.seed(20))
    const target = createMemoryAdapter()
    const ledger = memoryLedger()
    let second: Promise<unknown> | undefined
    const first = await migrate({
      source: source.adapter,
      target,
      conversations: ids,
      ledger,
      onProgress: () => {
        second ??= migrate({ source: source.adapter, target, conversations: ids, ledger }).catch(
          (error: unknown) => error,
        )
      },
    })
    expect(await second).toMatchObject({ name: 'LedgerError', code: 'locked' })
    expect(first.totals).toMatchObject({ migrated: 60, failed: 0 })
    const copies = target.memory.snapshot().conversations.reduce((sum, c) => sum + c.messageCount, 0)
    expect(copies).toBe(60)
    // Once the first is done, the ledger is free again.
    expect(
      (await migrate({ source: source.adapter, target, conversations: ids, ledger })).totals.skipped,
    ).toBe(60)
  })

  it('dry-runs against the ledger and the target: after a complete run nothing is left to copy', async () => {
    const source = await memoryVendor()
    const ids = [source.seed(6), source.seed(4)]
    const target = createMemoryAdapter()
    await migrate({ source: source.adapter, target, conversations: ids.slice(0, 1) })
    const before = JSON.stringify(target.memory.snapshot())
    const dry = await migrate({
      source: source.adapter,
      target,
      conversations: ids,
      dryRun: true,
      ledger: memoryLedger(),
    })
    expect(dry.totals).toMatchObject({ migrated: 4, skipped: 6, failed: 0 })
    expect(ids.map((id) => dry.conversations.find((c) => c.sourceConversationId === id)?.target)).toEqual([
      'found',
      'toCreate',
    ])
    expect(JSON.stringify(target.memory.snapshot())).toBe(before)
  })
})
