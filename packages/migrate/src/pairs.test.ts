import { memoryLedger, migrate, verifyMigration } from '@colloquy/migrate'
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
    const verified = await verifyMigration({
      source: source.adapter,
      target: target.adapter,
      conversations: [conversationId],
    })
    expect(verified.conversations[0]?.details).toEqual([])
    expect(verified.totals).toMatchObject({
      conversations: 1,
      verified: 1,
      messages: 57,
      missing: 0,
      changed: 0,
    })

    // A re-run continues from where the copy stands (or, where the source's summary of the
    // conversation shows nothing new, does not read it at all): nothing is read again.
    const again = await migrate(options)
    expect(again.totals).toMatchObject({ migrated: 0, skipped: 0, failed: 0 })
    expect(again.totals.conversationsResumed + again.totals.conversationsUnchanged).toBe(1)
    expect(again.conversations[0]).toMatchObject({ targetConversationId: targetId, target: 'ledger' })
    // Read from the start, the same ledger finds every message copied already.
    const full = await migrate({ ...options, full: true })
    expect(full.totals).toMatchObject({ migrated: 0, skipped: 57, failed: 0, conversationsResumed: 0 })
    expect(full.conversations[0]).toMatchObject({ targetConversationId: targetId, walk: 'full' })
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
