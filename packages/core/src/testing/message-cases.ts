/**
 * The message port's cases besides paging: undeclared methods, refused input, unknown
 * conversations, sending every declared content type, deleting.
 *
 * @module
 */
import { expect } from 'vitest'
import type { ContentType } from '../model.js'
import type { ChatAdapter } from '../ports.js'
import {
  type ContractCase,
  declaredDirections,
  expectFailure,
  expectNoRequest,
  expectRaw,
  listAllMessages,
} from './contract-case.js'
import { expectRight } from './expectations.js'
import { sampleContent } from './samples.js'
import { anyConversationId as conversationId, unsupportedCase } from './unsupported-case.js'

const caps = (adapter: ChatAdapter) => adapter.capabilities.messages
type Sendable = Exclude<ContentType, 'unsupported'>

const undeclared: readonly ContractCase[] = [
  unsupportedCase(
    'messages',
    'messages.list',
    (a) => caps(a).list,
    (a) => a.messages.list({ conversationId }),
  ),
  unsupportedCase(
    'messages',
    'messages.send',
    (a) => caps(a).send,
    (a, context) =>
      a.messages.send({ conversationId, message: { author: context.author, content: sampleContent.text } }),
  ),
  unsupportedCase(
    'messages',
    'messages.delete',
    (a) => caps(a).delete,
    (a) => a.messages.delete({ conversationId, messageId: 'm' }),
  ),
  unsupportedCase(
    'messages',
    'messages.deleteAll',
    (a) => caps(a).deleteAll,
    (a) => a.messages.deleteAll({ conversationId }),
  ),
  {
    section: 'messages',
    name: 'undeclared directions → Unsupported naming messages.directions.<direction>',
    run: async (context) => {
      const { adapter } = context
      const declared = declaredDirections(context)
      const missing = (['backward', 'forward'] as const).filter((d) => !declared.includes(d))
      if (missing.length === 0) return context.skip('both directions are declared')
      for (const direction of missing) {
        const error = await expectFailure(
          adapter,
          adapter.messages.list({ conversationId, direction }),
          'Unsupported',
          'messages.list',
        )
        expect(error).toMatchObject({ capability: `messages.directions.${direction}` })
      }
    },
  },
  {
    section: 'messages',
    name: 'undeclared content types → Unsupported naming messages.sendableContent.<type>',
    run: async (context) => {
      const { adapter } = context
      if (!caps(adapter).send) return context.skip('messages.send is not declared')
      const unsendable = (Object.keys(sampleContent) as Sendable[]).filter(
        (type) => !caps(adapter).sendableContent.includes(type),
      )
      if (unsendable.length === 0) return context.skip('every content type is declared sendable')
      for (const type of unsendable) {
        const message = { author: context.author, content: sampleContent[type] }
        const error = await expectFailure(
          adapter,
          adapter.messages.send({ conversationId, message }),
          'Unsupported',
          'messages.send',
        )
        expect(error).toMatchObject({ capability: `messages.sendableContent.${type}` })
      }
    },
  },
]

const refused: readonly ContractCase[] = [
  {
    section: 'messages',
    name: 'messages.list refuses invalid limits and directions with InvalidRequest, sending nothing',
    run: async (context) => {
      const { adapter, fixture } = context
      if (!caps(adapter).list) return context.skip('messages.list is not declared')
      await expectNoRequest(fixture, async () => {
        for (const limit of [0, -1, 1.5, '10'])
          await expectFailure(
            adapter,
            adapter.messages.list({ conversationId: 'c', limit } as never),
            'InvalidRequest',
            'messages.list',
          )
        await expectFailure(
          adapter,
          adapter.messages.list({ conversationId: 'c', direction: 'sideways' } as never),
          'InvalidRequest',
          'messages.list',
        )
      })
    },
  },
  {
    section: 'messages',
    name: 'messages.send refuses invalid drafts with InvalidRequest, sending nothing',
    run: async (context) => {
      const { adapter, fixture, author } = context
      if (!caps(adapter).send) return context.skip('messages.send is not declared')
      const drafts: unknown[] = [
        { author },
        { author, content: { type: 'text', text: '' } },
        { content: sampleContent.text },
        { author, content: { type: 'bogus' } },
      ]
      await expectNoRequest(fixture, async () => {
        for (const message of drafts)
          await expectFailure(
            adapter,
            adapter.messages.send({ conversationId: 'c', message } as never),
            'InvalidRequest',
            'messages.send',
          )
      })
    },
  },
  {
    section: 'messages',
    name: 'messages.list of an unknown conversation → NotFound',
    run: async (context) => {
      const { adapter } = context
      if (!caps(adapter).list) return context.skip('messages.list is not declared')
      await expectFailure(
        adapter,
        adapter.messages.list({ conversationId: context.missingConversationId }),
        'NotFound',
        'messages.list',
      )
    },
  },
  {
    section: 'messages',
    name: 'messages.send to an unknown conversation → NotFound',
    run: async (context) => {
      const { adapter } = context
      if (!caps(adapter).send) return context.skip('messages.send is not declared')
      const message = { author: context.author, content: sampleContent.text }
      await expectFailure(
        adapter,
        adapter.messages.send({ conversationId: context.missingConversationId, message }),
        'NotFound',
        'messages.send',
      )
    },
  },
]

const writes: readonly ContractCase[] = [
  {
    section: 'messages',
    name: 'messages.send takes every declared content type and lists it back unchanged',
    run: async (context) => {
      const { adapter } = context
      const { send, list, sendableContent, metadata: keepsMetadata } = caps(adapter)
      if (!send) return context.skip('messages.send is not declared')
      const { conversationId } = await context.fresh(0)
      for (const type of sendableContent) {
        const content = sampleContent[type as Sendable]
        const metadata = { contractCase: type, sequence: 1 }
        const sent = await expectRight(
          adapter.messages.send({
            conversationId,
            message: { author: context.author, content, ...(keepsMetadata ? { metadata } : {}) },
          }),
        )
        expectRaw(sent)
        expect(sent.content).toMatchObject(content)
        if (!list) continue
        const found = (await listAllMessages(adapter, conversationId)).find((m) => m.id === sent.id)
        expect(found, `sent ${type} message is listed`).toBeDefined()
        expect(found?.content).toMatchObject(content)
        expect(found?.author.role).toBe(sent.author.role)
        if (keepsMetadata) expect(found?.metadata).toMatchObject(metadata)
      }
    },
  },
  {
    section: 'messages',
    name: 'messages.delete removes one message; deleting it again → NotFound',
    run: async (context) => {
      const { adapter } = context
      if (!caps(adapter).delete || !caps(adapter).list)
        return context.skip('messages.delete or messages.list is not declared')
      const { conversationId } = await context.fresh(3)
      const [first] = await listAllMessages(adapter, conversationId)
      if (!first) throw new Error('seeded conversation has no messages')
      await expectRight(adapter.messages.delete({ conversationId, messageId: first.id }))
      const after = await listAllMessages(adapter, conversationId)
      expect(after.map((m) => m.id)).not.toContain(first.id)
      expect(after).toHaveLength(2)
      await expectFailure(
        adapter,
        adapter.messages.delete({ conversationId, messageId: first.id }),
        'NotFound',
        'messages.delete',
      )
    },
  },
  {
    section: 'messages',
    name: 'messages.deleteAll empties a conversation',
    run: async (context) => {
      const { adapter } = context
      if (!caps(adapter).deleteAll || !caps(adapter).list)
        return context.skip('messages.deleteAll or messages.list is not declared')
      const { conversationId } = await context.fresh(3)
      await expectRight(adapter.messages.deleteAll({ conversationId }))
      expect(await listAllMessages(adapter, conversationId)).toHaveLength(0)
    },
  },
]

/** The message port besides paging: undeclared methods, refused input, sending and deleting. */
export const messageCases: readonly ContractCase[] = [...undeclared, ...refused, ...writes]
