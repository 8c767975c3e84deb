import type { Message } from '@colloquy/core'
import { createMemoryAdapter } from '@colloquy/core/memory'
import { contentText, migrate, sourceKeys, verifyMigration } from '@colloquy/migrate'
import nock from 'nock'
import { beforeAll, describe, expect, it } from 'vitest'
import { everyMessage, memoryVendor, sunshineVendor } from './test-support/histories.js'

beforeAll(() => nock.enableNetConnect('127.0.0.1'))

describe('verifyMigration', () => {
  it('catches a deleted and a duplicated target message, and a conversation never copied', async () => {
    const source = await memoryVendor()
    const sunshine = await sunshineVendor()
    try {
      const [copied, never] = [source.seed(12), source.seed(3)]
      const report = await migrate({
        source: source.adapter,
        target: sunshine.adapter,
        conversations: [copied],
      })
      const targetId = report.conversations[0]?.targetConversationId ?? ''
      const messages = await everyMessage(sunshine.adapter, targetId)
      const [deleted, duplicated] = [messages[4], messages[7]] as [Message, Message]
      await sunshine.adapter.messages.delete({ conversationId: targetId, messageId: deleted.id })()
      await sunshine.adapter.messages.send({
        conversationId: targetId,
        message: { author: { role: 'agent' }, content: duplicated.content, metadata: duplicated.metadata },
      })()
      const verification = await verifyMigration({
        source: source.adapter,
        target: sunshine.adapter,
        conversations: [copied, never],
      })
      expect(verification.totals).toMatchObject({
        conversations: 2,
        verified: 0,
        differing: 2,
        messages: 15,
        missing: 4,
        duplicated: 1,
        outOfOrder: 0,
        changed: 0,
      })
      const byId = (id: string) => verification.conversations.find((c) => c.sourceConversationId === id)
      expect(byId(copied)?.details).toEqual([
        { kind: 'missing', sourceMessageId: deleted.metadata[sourceKeys.messageId] },
        {
          kind: 'duplicated',
          sourceMessageId: duplicated.metadata[sourceKeys.messageId],
          targetMessageIds: [duplicated.id, expect.any(String)],
        },
      ])
      expect(byId(never)).toMatchObject({
        status: 'differs',
        targetConversationIds: [],
        differences: { missing: 3 },
      })
    } finally {
      await sunshine.close()
    }
  })

  it('catches copies out of order, with changed text, and of messages the source does not have', async () => {
    const source = await memoryVendor()
    const conversationId = source.seed(4)
    const target = createMemoryAdapter()
    const original = await everyMessage(source.adapter, conversationId)
    const created = await target.conversations.create({
      participants: [{ externalId: 'x' }],
      metadata: { [sourceKeys.provider]: 'memory', [sourceKeys.conversationId]: conversationId },
    })()
    const targetId = created._tag === 'Right' ? created.right.id : ''
    const copy = (message: Message, text = contentText(message.content)) =>
      target.messages.send({
        conversationId: targetId,
        message: {
          author: { role: 'agent' },
          content: { type: 'text', text },
          metadata: { [sourceKeys.messageId]: message.id },
        },
      })()
    const [m0, m1, m2, m3] = original as [Message, Message, Message, Message]
    await copy(m0)
    await copy(m2)
    await copy(m1)
    await copy(m3, 'edited')
    await copy({ ...m3, id: 'not-in-the-source' })
    const verification = await verifyMigration({
      source: source.adapter,
      target,
      conversations: [conversationId],
    })
    expect(verification.conversations[0]?.details.map((d) => [d.kind, d.sourceMessageId])).toEqual([
      ['outOfOrder', m2.id],
      ['changed', m3.id],
      ['unexpected', 'not-in-the-source'],
    ])
    expect(verification.conversations[0]?.details[1]).toMatchObject({
      expected: contentText(m3.content).trim(),
      actual: 'edited',
    })
  })
})
