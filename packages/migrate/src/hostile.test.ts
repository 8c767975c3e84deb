import { type ChatAdapter, type ColloquyError, httpError } from '@colloquy/core'
import { createMemoryAdapter } from '@colloquy/core/memory'
import { startSunshineEmulator } from '@colloquy/emulators'
import { MigrationPlanError, memoryLedger, migrate } from '@colloquy/migrate'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { pipe } from 'fp-ts/lib/function.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import nock from 'nock'
import { beforeAll, describe, expect, it } from 'vitest'
import { memoryVendor } from './test-support/histories.js'

beforeAll(() => nock.enableNetConnect('127.0.0.1'))

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
    // Once the first is done, the ledger is free again (and nothing is left to copy).
    const again = await migrate({ source: source.adapter, target, conversations: ids, ledger })
    expect(again.totals).toMatchObject({ conversations: 3, migrated: 0, failed: 0 })
    expect(again.totals.conversationsResumed + again.totals.conversationsUnchanged).toBe(3)
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
