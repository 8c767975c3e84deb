import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ChatAdapter, type ColloquyError, contentTypes } from '@colloquy/core'
import { createMemoryAdapter, memoryCapabilities } from '@colloquy/core/memory'
import { fileLedger, type Ledger, MigrationPlanError, memoryLedger, migrate } from '@colloquy/migrate'
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
    expect(again.conversations[0]?.targetConversationId).toBe(targetId)
    expect(await everyMessage(target.adapter, targetId)).toHaveLength(57)
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
      expect(sunshine.emulator?.requests()).toHaveLength(0)
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
    } finally {
      await sunshine.close()
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

describe('fileLedger', () => {
  it('survives a torn last line and refuses a corrupt middle one', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'colloquy-ledger-')), 'ledger.jsonl')
    const scope = { sourceProvider: 'memory', targetProvider: 'sunshine' }
    const ledger = await fileLedger(path)
    await ledger.record({
      ...scope,
      kind: 'conversation',
      sourceConversationId: 'c1',
      targetConversationId: 't1',
    })
    await ledger.record({
      ...scope,
      kind: 'message',
      sourceConversationId: 'c1',
      sourceMessageId: 'm1',
      targetConversationId: 't1',
      targetMessageId: 'tm1',
    })
    await ledger.close()
    await writeFile(path, `${await readFile(path, 'utf8')}{"kind":"message","sourceProv`)
    const reopened = await fileLedger(path)
    expect(await reopened.hasMessage(scope, 'c1', 'm1')).toBe(true)
    expect(await reopened.conversation(scope, 'c1')).toBe('t1')
    await reopened.record({
      ...scope,
      kind: 'message',
      sourceConversationId: 'c1',
      sourceMessageId: 'm2',
      targetConversationId: 't1',
      targetMessageId: 'tm2',
    })
    await reopened.close()
    expect(await (await fileLedger(path)).hasMessage(scope, 'c1', 'm2')).toBe(true)
    // A released conversation is read back from the file when asked about again.
    const third = await fileLedger(path)
    third.release?.(scope, 'c1')
    expect(await third.hasMessage(scope, 'c1', 'm2')).toBe(true)
    expect(await third.hasMessage(scope, 'c1', 'm3')).toBe(false)
    third.release?.(scope, 'c1')
    await third.record({
      ...scope,
      kind: 'message',
      sourceConversationId: 'c1',
      sourceMessageId: 'm3',
      targetConversationId: 't1',
      targetMessageId: 'tm3',
    })
    expect(await third.hasMessage(scope, 'c1', 'm1')).toBe(true)
    expect(await third.hasMessage(scope, 'c1', 'm3')).toBe(true)
    await third.close()
    await writeFile(path, `garbage\n${await readFile(path, 'utf8')}`)
    await expect(fileLedger(path)).rejects.toThrow(/line 1 .* not valid JSON/)
  })

  it('keeps every content type name it may meet in the core vocabulary', () => {
    expect(contentTypes).toContain('formResponse')
  })
})
