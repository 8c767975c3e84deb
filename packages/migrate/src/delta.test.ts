import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChatAdapter } from '@colloquy/core'
import { createMemoryAdapter } from '@colloquy/core/memory'
import type { LoggedRequest } from '@colloquy/emulators'
import { fileLedger, type Ledger, memoryLedger, migrate } from '@colloquy/migrate'
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

const newLedgerPath = async () => join(await mkdtemp(join(tmpdir(), 'colloquy-delta-')), 'ledger.jsonl')

const reads = (requests: readonly LoggedRequest[]) => requests.filter((r) => r.method === 'GET')
const writes = (requests: readonly LoggedRequest[]) => requests.filter((r) => r.method !== 'GET')

/** Runs `migrate` on a file ledger that is opened for the run and closed after, as the CLI does. */
const migrateWith = async (path: string, options: Omit<Parameters<typeof migrate>[0], 'ledger'>) => {
  const ledger = await fileLedger(path)
  try {
    return await migrate({ ...options, ledger })
  } finally {
    await ledger.close()
  }
}

describe('delta runs: UltraCart → Sunshine, a source that lists conversations with their last message', () => {
  let source: Vendor
  let target: Vendor
  beforeAll(async () => {
    ;[source, target] = await Promise.all([ultraCartVendor(), sunshineVendor()])
  })
  afterAll(async () => {
    await Promise.all([source.close(), target.close()])
  })

  it('copies only the new messages and the new conversation, with requests that grow with them, not with the history', async () => {
    const ultracart = source.emulator as NonNullable<Vendor['emulator']>
    const sunshine = target.emulator as NonNullable<Vendor['emulator']>
    const ids = Array.from({ length: 8 }, () => source.seed(250))
    const path = await newLedgerPath()
    const options = { source: source.adapter, target: target.adapter, concurrency: 3 }
    const bulk = await migrateWith(path, options)
    expect(bulk.totals).toMatchObject({
      conversations: 8,
      migrated: 2_000,
      failed: 0,
      conversationsFailed: 0,
    })

    // Business goes on at the source: new messages in two conversations, and a new conversation.
    const [busy, quiet] = [ids[2] as string, ids[5] as string]
    for (let i = 0; i < 3; i++)
      await ultracart.simulateCustomerMessage({
        conversationUuid: busy,
        body: `after the bulk ${i}`,
      } as never)
    await ultracart.simulateCustomerMessage({ conversationUuid: quiet, body: 'one more' } as never)
    const fresh = source.seed(4)
    ultracart.clearRequests()
    sunshine.clearRequests()

    const delta = await migrateWith(path, options)
    expect(delta.totals).toMatchObject({
      conversations: 9,
      migrated: 8,
      skipped: 0,
      failed: 0,
      conversationsResumed: 2,
      conversationsUnchanged: 6,
    })
    const byId = new Map(delta.conversations.map((c) => [c.sourceConversationId, c]))
    expect(byId.get(busy)).toMatchObject({ walk: 'resumed', messages: { migrated: 3, skipped: 0 } })
    expect(byId.get(quiet)).toMatchObject({ walk: 'resumed', messages: { migrated: 1 } })
    expect(byId.get(fresh)).toMatchObject({ walk: 'full', target: 'created', messages: { migrated: 4 } })

    // The source: one listing page, and one read from the position per changed conversation, one
    // for the new one — nothing of the 2,000 messages of history.
    const sourceRequests = ultracart.requests()
    expect(sourceRequests.filter((r) => r.path.endsWith('/conversation/conversations'))).toHaveLength(1)
    expect(reads(sourceRequests)).toHaveLength(1 + 2 + 1)
    // The target: one reconciling read per resumed conversation, the new conversation made (user,
    // conversation), and one send per new message.
    const targetRequests = sunshine.requests()
    const sends = writes(targetRequests).filter((r) => r.path.endsWith('/messages'))
    expect(sends).toHaveLength(8)
    expect(reads(targetRequests).length).toBeLessThanOrEqual(2 + 3)
    expect(targetRequests.length).toBeLessThanOrEqual(8 + 2 + 3 + 3)

    // A full re-run, for comparison, reads the whole history again.
    ultracart.clearRequests()
    const full = await migrateWith(path, { ...options, full: true })
    expect(full.totals).toMatchObject({ migrated: 0, skipped: 2_008 })
    // The listing, two pages of 200 for each conversation of 250 messages, the new one's page.
    expect(reads(ultracart.requests())).toHaveLength(1 + 8 * 2 + 1)

    for (const id of [...ids, fresh]) {
      const report = byId.get(id)
      await expectSameHistory(source.adapter, id, target.adapter, report?.targetConversationId ?? '')
    }
  })

  it('a delta run with nothing new reads only the listing', async () => {
    const ultracart = source.emulator as NonNullable<Vendor['emulator']>
    const sunshine = target.emulator as NonNullable<Vendor['emulator']>
    const conversationId = source.seed(30)
    const path = await newLedgerPath()
    const options = { source: source.adapter, target: target.adapter, conversations: [conversationId] }
    await migrateWith(path, options)
    ultracart.clearRequests()
    sunshine.clearRequests()
    const again = await migrateWith(path, options)
    expect(again.totals).toMatchObject({ migrated: 0, skipped: 0, conversationsUnchanged: 1 })
    // The given conversation is read once, as the preflight's check of the source; no message page.
    expect(ultracart.requests()).toHaveLength(1)
    expect(sunshine.requests().filter((r) => !r.path.includes('colloquy-preflight-check'))).toHaveLength(0)
  })
})

describe('delta runs: Smooch v1 → Sunshine, a source that cannot list', () => {
  it('reads one page per conversation from its position, and sends only the new messages', async () => {
    const [source, target] = await Promise.all([smoochVendor(), sunshineVendor()])
    try {
      const smooch = source.emulator as NonNullable<Vendor['emulator']>
      const ids = Array.from({ length: 4 }, () => source.seed(230))
      const path = await newLedgerPath()
      const options = { source: source.adapter, target: target.adapter, conversations: ids }
      const bulk = await migrateWith(path, options)
      expect(bulk.totals).toMatchObject({ migrated: 920, failed: 0 })
      for (let i = 0; i < 5; i++)
        await smooch.simulateCustomerMessage({ userId: ids[1] as string, text: `new ${i}` } as never)
      smooch.clearRequests()
      const delta = await migrateWith(path, options)
      expect(delta.totals).toMatchObject({ migrated: 5, skipped: 0, conversationsResumed: 4 })
      // Four message pages (one per conversation, from its position), and two conversation reads
      // (an appUser and a far-future page for its unread count: the preflight's, and the people
      // of the one with news);
      // not 4 × 3 pages of history.
      const unreadCounts = reads(smooch.requests()).filter((r) => r.query.after === '9999999999')
      expect(unreadCounts).toHaveLength(2)
      expect(reads(smooch.requests())).toHaveLength(4 + 2 * 2)
      const report = delta.conversations.find((c) => c.sourceConversationId === ids[1])
      await expectSameHistory(
        source.adapter,
        ids[1] as string,
        target.adapter,
        report?.targetConversationId ?? '',
      )
    } finally {
      await Promise.all([source.close(), target.close()])
    }
  })
})

describe('delta runs: positions', () => {
  const seedOld = (adapter: ReturnType<typeof createMemoryAdapter>, count: number, startMs: number) =>
    adapter.memory.seed({
      participants: [{ userId: `customer-${startMs}`, displayName: 'Max' }],
      messages: Array.from({ length: count }, (_, i) => ({
        author: { role: 'customer' as const, userId: `customer-${startMs}`, displayName: 'Max' },
        createdAt: new Date(startMs + i * 1000),
        content: { type: 'text' as const, text: `message ${i}` },
      })),
    }).conversationId
  const say = (adapter: ChatAdapter, conversationId: string, text: string) =>
    adapter.messages.send({
      conversationId,
      message: { author: { role: 'agent', displayName: 'Ann' }, content: { type: 'text', text } },
    })()

  it('a conversation whose last message is recent is read again until it settles; an old one is skipped', async () => {
    const source = createMemoryAdapter()
    const target = createMemoryAdapter()
    const old = seedOld(source, 5, Date.parse('2024-01-01T00:00:00Z'))
    const recent = seedOld(source, 5, Date.now() - 2_000)
    const ledger = memoryLedger()
    await migrate({ source, target, ledger })
    const again = await migrate({ source, target, ledger })
    const walkOf = (id: string) => again.conversations.find((c) => c.sourceConversationId === id)?.walk
    expect(walkOf(old)).toBe('unchanged')
    expect(walkOf(recent)).toBe('resumed')
    expect(again.totals).toMatchObject({ migrated: 0, skipped: 0 })
  })

  it('a new message in an old conversation changes its summary: the next run copies it', async () => {
    const source = createMemoryAdapter()
    const target = createMemoryAdapter()
    const id = seedOld(source, 5, Date.parse('2024-01-01T00:00:00Z'))
    const ledger = memoryLedger()
    await migrate({ source, target, ledger })
    await say(source, id, 'news')
    const delta = await migrate({ source, target, ledger })
    expect(delta.conversations[0]).toMatchObject({ walk: 'resumed', messages: { migrated: 1, skipped: 0 } })
    await expectSameHistory(source, id, target, delta.conversations[0]?.targetConversationId ?? '')
  })

  it('positions survive in the file ledger, and a ledger without positions falls back to the full walk', async () => {
    const source = await memoryVendor()
    const target = createMemoryAdapter()
    const id = source.seed(12)
    const path = await newLedgerPath()
    await migrateWith(path, { source: source.adapter, target, conversations: [id] })
    const reopened = await fileLedger(path, { readOnly: true })
    const scope = { sourceProvider: 'memory', targetProvider: 'memory' }
    const position = await reopened.position?.(scope, id)
    await reopened.close()
    const history = await everyMessage(source.adapter, id)
    expect(position).toMatchObject({ lastSourceMessageId: history.at(-1)?.id, cursor: expect.any(String) })

    // A store that keeps no positions (as before them): exact, and reads from the start.
    const inner = memoryLedger()
    const { position: _dropped, ...withoutPositions } = inner
    const plain: Ledger = withoutPositions
    await migrate({ source: source.adapter, target, conversations: [id], ledger: plain })
    const again = await migrate({ source: source.adapter, target, conversations: [id], ledger: plain })
    expect(again.conversations[0]).toMatchObject({ walk: 'full', messages: { migrated: 0, skipped: 12 } })
  })

  it('a position whose target conversation is gone is not trusted: everything is copied to the new one', async () => {
    const source = createMemoryAdapter()
    const target = createMemoryAdapter()
    const id = seedOld(source, 6, Date.parse('2024-01-01T00:00:00Z'))
    const ledger = memoryLedger()
    const first = await migrate({ source, target, ledger })
    await target.conversations.delete({
      conversationId: first.conversations[0]?.targetConversationId ?? '',
    })()
    await say(source, id, 'after the target lost it')
    const delta = await migrate({ source, target, ledger })
    expect(delta.conversations[0]).toMatchObject({
      walk: 'full',
      target: 'created',
      messages: { migrated: 7 },
    })
    await expectSameHistory(source, id, target, delta.conversations[0]?.targetConversationId ?? '')
  })

  it('sends whose ledger entries were lost after the position are found in the target, not sent again', async () => {
    const source = createMemoryAdapter()
    const target = createMemoryAdapter()
    const id = seedOld(source, 4, Date.parse('2024-01-01T00:00:00Z'))
    const ledger = memoryLedger()
    await migrate({ source, target, ledger })
    for (const text of ['a', 'b', 'c']) await say(source, id, text)
    // A run that copies the new messages into the target but whose ledger loses those entries
    // (a crash before the group commit): the next run resumes from the old position.
    const forgetful: Ledger = {
      ...ledger,
      record: async (entry) => (entry.kind === 'conversation' ? ledger.record(entry) : undefined),
    }
    const lost = await migrate({ source, target, ledger: forgetful })
    expect(lost.totals.migrated).toBe(3)
    const resumed = await migrate({ source, target, ledger })
    expect(resumed.conversations[0]).toMatchObject({ walk: 'resumed', messages: { migrated: 0, skipped: 3 } })
    await expectSameHistory(source, id, target, resumed.conversations[0]?.targetConversationId ?? '')
  })

  it('a dry run reports what a delta would copy, and records nothing', async () => {
    const source = createMemoryAdapter()
    const target = createMemoryAdapter()
    const id = seedOld(source, 4, Date.parse('2024-01-01T00:00:00Z'))
    const ledger = memoryLedger()
    await migrate({ source, target, ledger })
    await say(source, id, 'pending')
    const scope = { sourceProvider: 'memory', targetProvider: 'memory' }
    const before = await ledger.position?.(scope, id)
    const dry = await migrate({ source, target, ledger, dryRun: true })
    expect(dry.conversations[0]).toMatchObject({ walk: 'resumed', messages: { migrated: 1 } })
    expect(await ledger.position?.(scope, id)).toEqual(before)
    expect(await everyMessage(target, dry.conversations[0]?.targetConversationId ?? '')).toHaveLength(4)
  })
})
