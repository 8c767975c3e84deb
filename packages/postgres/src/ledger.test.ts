import type { ChatAdapter } from '@colloquy/core'
import { createMemoryAdapter } from '@colloquy/core/memory'
import { migrate } from '@colloquy/migrate'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { everyMessage, expectSameHistory, memoryVendor } from '../../migrate/src/test-support/histories.js'
import { postgresLedger } from './ledger.js'
import { freshDatabase } from './test-support/database.js'

let connectionString: string
const ledgers: { close: () => Promise<void> }[] = []
const ledger = () => {
  const made = postgresLedger({ connectionString })
  ledgers.push(made)
  return made
}
const scope = { sourceProvider: 'ultracart', targetProvider: 'sunshine' }

beforeAll(async () => {
  connectionString = await freshDatabase()
})
afterAll(async () => {
  await Promise.all(ledgers.map((l) => l.close()))
})

describe('postgresLedger', () => {
  it('answers what another instance recorded', async () => {
    const [writer, reader] = [ledger(), ledger()]
    await writer.record({
      ...scope,
      kind: 'conversation',
      sourceConversationId: 'c1',
      targetConversationId: 't1',
    })
    await writer.record({
      ...scope,
      kind: 'message',
      sourceConversationId: 'c1',
      sourceMessageId: 'm1',
      targetConversationId: 't1',
      targetMessageId: 'tm1',
    })
    expect(await reader.conversation(scope, 'c1')).toBe('t1')
    expect(await reader.conversation(scope, 'c2')).toBeUndefined()
    expect(await reader.hasMessage(scope, 'c1', 'm1')).toBe(true)
    expect(await reader.hasMessage(scope, 'c1', 'm2')).toBe(false)
    // Another migration pair is another scope.
    expect(await reader.hasMessage({ ...scope, targetProvider: 'smooch-v1' }, 'c1', 'm1')).toBe(false)
  })

  it('records a source message once however many workers record it at once', async () => {
    const workers = Array.from({ length: 5 }, () => ledger())
    await Promise.all(
      workers.map((worker, index) =>
        worker.record({
          ...scope,
          kind: 'message',
          sourceConversationId: 'race',
          sourceMessageId: 'm',
          targetConversationId: 't',
          targetMessageId: `copy-${index}`,
        }),
      ),
    )
    const client = new pg.Client({ connectionString })
    await client.connect()
    const rows = await client.query(
      `select target_message_id from colloquy.ledger_messages where source_conversation_id = 'race'`,
    )
    await client.end()
    expect(rows.rowCount).toBe(1)
  })

  it('lets one run at a time claim a conversation, and frees the claim when its holder dies', async () => {
    const [first, second] = [ledger(), ledger()]
    const lease = await first.claimConversation(scope, 'claimed')
    expect(lease).toBeDefined()
    expect(await second.claimConversation(scope, 'claimed')).toBeUndefined()
    expect(await second.claimConversation(scope, 'other')).toBeDefined()
    await lease?.release()
    const again = await second.claimConversation(scope, 'claimed')
    expect(again).toBeDefined()
    // Its holder's connection ends (a killed process): the claim ends with it.
    const admin = new pg.Client({ connectionString })
    await admin.connect()
    await admin.query(
      `select pg_terminate_backend(pid, 10000) from pg_locks where locktype = 'advisory' and pid <> pg_backend_pid()
         and objid = (hashtextextended($1, 0) & x'ffffffff'::bigint)`,
      [`colloquy:ledger:ultracart>sunshine:claimed`],
    )
    await admin.end()
    expect(await first.claimConversation(scope, 'claimed')).toBeDefined()
    await again?.release()
  })

  it('keeps two concurrent migrations on one ledger from copying a conversation twice', async () => {
    const vendor = await memoryVendor()
    const ids = Array.from({ length: 8 }, () => vendor.seed(30))
    const target = createMemoryAdapter()
    const shared = [ledger(), ledger()]
    const runs = await Promise.all(
      shared.map((each) => migrate({ source: vendor.adapter, target, ledger: each, conversations: ids })),
    )
    // Each conversation was copied by one run; the other found it busy or already done.
    for (const id of ids) {
      const statuses = runs.map((run) => run.conversations.find((c) => c.sourceConversationId === id)?.status)
      expect(statuses).toContain('migrated')
    }
    const rerun = await migrate({ source: vendor.adapter, target, ledger: ledger(), conversations: ids })
    expect(rerun.totals.migrated).toBe(0)
    for (const report of rerun.conversations)
      await expectSameHistory(
        vendor.adapter,
        report.sourceConversationId,
        target,
        report.targetConversationId ?? '',
      )
  })

  it('copies more conversations at once than its pool has connections, without starving itself', async () => {
    const vendor = await memoryVendor()
    const ids = Array.from({ length: 16 }, () => vendor.seed(5))
    // Each conversation being copied holds a claim: 12 of them on the query pool's 10 connections
    // left none for the records they wait on.
    const report = await migrate({
      source: vendor.adapter,
      target: createMemoryAdapter(),
      ledger: ledger(),
      conversations: ids,
      concurrency: 12,
    })
    expect(report.conversations.map((conversation) => conversation.status)).toEqual(ids.map(() => 'migrated'))
  })

  describe('delta runs: positions in PostgreSQL', () => {
    // Memory adapters number their conversations alike: each test gets a database of its own.
    let own: string
    beforeEach(async () => {
      own = await freshDatabase()
    })
    const ledger = () => {
      const made = postgresLedger({ connectionString: own })
      ledgers.push(made)
      return made
    }
    const seedOld = (adapter: ReturnType<typeof createMemoryAdapter>, count: number) =>
      adapter.memory.seed({
        participants: [{ userId: 'max', displayName: 'Max' }],
        messages: Array.from({ length: count }, (_, i) => ({
          author: { role: 'customer' as const, userId: 'max', displayName: 'Max' },
          createdAt: new Date(Date.parse('2024-01-01T00:00:00Z') + i * 1000),
          content: { type: 'text' as const, text: `message ${i}` },
        })),
      }).conversationId
    const say = (adapter: ChatAdapter, conversationId: string, text: string) =>
      adapter.messages.send({
        conversationId,
        message: { author: { role: 'agent', displayName: 'Ann' }, content: { type: 'text', text } },
      })()

    it('a later run, with a new ledger instance, copies only what came since', async () => {
      const source = createMemoryAdapter()
      const target = createMemoryAdapter()
      const id = seedOld(source, 8)
      await migrate({ source, target, ledger: ledger() })
      const quiet = await migrate({ source, target, ledger: ledger() })
      expect(quiet.conversations[0]).toMatchObject({
        walk: 'unchanged',
        messages: { migrated: 0, skipped: 0 },
      })
      await say(source, id, 'news')
      const delta = await migrate({ source, target, ledger: ledger() })
      expect(delta.conversations[0]).toMatchObject({ walk: 'resumed', messages: { migrated: 1, skipped: 0 } })
      const position = await ledger().position({ sourceProvider: 'memory', targetProvider: 'memory' }, id)
      const history = await everyMessage(source, id)
      expect(position).toMatchObject({ lastSourceMessageId: history.at(-1)?.id, cursor: expect.any(String) })
      await expectSameHistory(source, id, target, delta.conversations[0]?.targetConversationId ?? '')
    })

    it('a position and message entries of a replaced target conversation do not count', async () => {
      const source = createMemoryAdapter()
      const target = createMemoryAdapter()
      const id = seedOld(source, 6)
      const first = await migrate({ source, target, ledger: ledger() })
      await target.conversations.delete({
        conversationId: first.conversations[0]?.targetConversationId ?? '',
      })()
      await say(source, id, 'after the target lost it')
      const delta = await migrate({ source, target, ledger: ledger() })
      expect(delta.conversations[0]).toMatchObject({
        walk: 'full',
        target: 'created',
        messages: { migrated: 7 },
      })
      await expectSameHistory(source, id, target, delta.conversations[0]?.targetConversationId ?? '')
    })
  })
})
