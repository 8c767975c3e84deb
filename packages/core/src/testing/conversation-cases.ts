/**
 * The conversation port's cases.
 *
 * @module
 */
import { expect } from 'vitest'
import type { ChatAdapter } from '../ports.js'
import {
  type CaseContext,
  type ContractCase,
  expectFailure,
  expectNoRequest,
  expectRaw,
} from './contract-case.js'
import { expectRight } from './expectations.js'
import { anyConversationId as conversationId, unsupportedCase } from './unsupported-case.js'

const caps = (adapter: ChatAdapter) => adapter.capabilities.conversations

/** A conversation made through the adapter, for a case that changes it. */
const created = async (context: CaseContext) => {
  if (!caps(context.adapter).create) return context.skip('conversations.create is not declared')
  const conversation = await expectRight(context.adapter.conversations.create(context.createInput()))
  return conversation.id
}

const undeclared: readonly ContractCase[] = [
  unsupportedCase(
    'conversations',
    'conversations.list',
    (a) => caps(a).list !== false,
    (a) => a.conversations.list({ userId: 'u' }),
  ),
  unsupportedCase(
    'conversations',
    'conversations.listByExternalId',
    // Without listing at all, the conversations.list case covers it.
    (a) => caps(a).listByExternalId === true || caps(a).list === false,
    (a) => a.conversations.list({ externalId: 'contract-any-external-id' }),
    'conversations.list',
  ),
  unsupportedCase(
    'conversations',
    'conversations.get',
    (a) => caps(a).get,
    (a) => a.conversations.get({ conversationId }),
  ),
  unsupportedCase(
    'conversations',
    'conversations.create',
    (a) => caps(a).create,
    (a, context) => a.conversations.create(context.createInput()),
  ),
  unsupportedCase(
    'conversations',
    'conversations.update',
    (a) => caps(a).update,
    (a) => a.conversations.update({ conversationId, title: 't' }),
  ),
  unsupportedCase(
    'conversations',
    'conversations.delete',
    (a) => caps(a).delete,
    (a) => a.conversations.delete({ conversationId }),
  ),
  unsupportedCase(
    'conversations',
    'conversations.markRead',
    (a) => caps(a).markRead,
    (a) => a.conversations.markRead({ conversationId }),
  ),
  unsupportedCase(
    'conversations',
    'conversations.setTyping',
    (a) => caps(a).setTyping,
    (a) => a.conversations.setTyping({ conversationId, typing: true }),
  ),
]

const declared: readonly ContractCase[] = [
  {
    section: 'conversations',
    name: 'conversations.get refuses invalid ids with InvalidRequest, sending nothing',
    run: async (context) => {
      const { adapter, fixture } = context
      if (!caps(adapter).get) return context.skip('conversations.get is not declared')
      await expectNoRequest(fixture, async () => {
        for (const id of ['', '   ', 42, null])
          await expectFailure(
            adapter,
            adapter.conversations.get({ conversationId: id } as never),
            'InvalidRequest',
            'conversations.get',
          )
      })
    },
  },
  {
    section: 'conversations',
    name: 'conversations.get of an unknown id → NotFound',
    run: async (context) => {
      const { adapter } = context
      if (!caps(adapter).get) return context.skip('conversations.get is not declared')
      await expectFailure(
        adapter,
        adapter.conversations.get({ conversationId: context.missingConversationId }),
        'NotFound',
        'conversations.get',
      )
    },
  },
  {
    section: 'conversations',
    name: 'conversations.create makes a conversation that conversations.get reads back',
    run: async (context) => {
      const { adapter } = context
      if (!caps(adapter).create) return context.skip('conversations.create is not declared')
      const conversation = await expectRight(adapter.conversations.create(context.createInput()))
      expectRaw(conversation)
      expect(conversation.provider).toBe(adapter.provider)
      if (!caps(adapter).get) return
      const read = await expectRight(adapter.conversations.get({ conversationId: conversation.id }))
      expect(read.id).toBe(conversation.id)
      expectRaw(read)
    },
  },
  {
    section: 'conversations',
    name: "conversations.list ('all') pages through every conversation once",
    run: async (context) => {
      const { adapter } = context
      if (caps(adapter).list !== 'all') return context.skip("conversations.list is not 'all'")
      const conversationId = await created(context)
      const ids: string[] = []
      let cursor: string | undefined
      do {
        const page = await expectRight(adapter.conversations.list({ cursor, limit: 7 }))
        expect(page.items.length).toBeLessThanOrEqual(7)
        for (const conversation of page.items) expectRaw(conversation)
        ids.push(...page.items.map((c) => c.id))
        cursor = page.nextCursor
      } while (cursor !== undefined)
      expect(ids).toContain(conversationId)
      expect(new Set(ids).size).toBe(ids.length)
    },
  },
  {
    section: 'conversations',
    name: "conversations.list ('byUser') lists a user's conversations and needs the user",
    run: async (context) => {
      const { adapter } = context
      if (caps(adapter).list !== 'byUser') return context.skip("conversations.list is not 'byUser'")
      const conversation = await context.seeded(1)
      if (conversation.userId === undefined)
        throw new Error('seedConversation must return userId for byUser listing')
      await expectFailure(adapter, adapter.conversations.list({}), 'InvalidRequest', 'conversations.list')
      const page = await expectRight(adapter.conversations.list({ userId: conversation.userId }))
      expect(page.items.map((c) => c.id)).toContain(conversation.conversationId)
    },
  },
  {
    section: 'conversations',
    name: 'conversations.list by externalId lists that user, nothing for a stranger, not with userId',
    run: async (context) => {
      const { adapter } = context
      if (caps(adapter).listByExternalId !== true || !caps(adapter).create)
        return context.skip('listByExternalId or create is not declared')
      const input = context.createInput()
      const externalId = input.participants[0]?.externalId
      if (externalId === undefined) return context.skip('createInput has no participant with an externalId')
      const conversation = await expectRight(adapter.conversations.create(input))
      const page = await expectRight(adapter.conversations.list({ externalId, limit: 100 }))
      expect(page.items.map((c) => c.id)).toContain(conversation.id)
      const nobody = await expectRight(
        adapter.conversations.list({ externalId: `contract-nobody-${Date.now()}` }),
      )
      expect(nobody.items).toEqual([])
      await expectFailure(
        adapter,
        adapter.conversations.list({ externalId, userId: 'u' }),
        'InvalidRequest',
        'conversations.list',
      )
    },
  },
  {
    section: 'conversations',
    name: 'conversations.update changes the title',
    run: async (context) => {
      const { adapter } = context
      if (!caps(adapter).update) return context.skip('conversations.update is not declared')
      const conversationId = await created(context)
      const updated = await expectRight(
        adapter.conversations.update({
          conversationId,
          title: 'Contract title',
          description: 'Contract description',
        }),
      )
      expect(updated.title).toBe('Contract title')
      expect(updated.id).toBe(conversationId)
    },
  },
  {
    section: 'conversations',
    name: 'conversations.markRead marks a conversation read, and an unknown one is not found',
    run: async (context) => {
      const { adapter } = context
      if (!caps(adapter).markRead) return context.skip('conversations.markRead is not declared')
      const { conversationId } = await context.seeded(1)
      await expectRight(adapter.conversations.markRead({ conversationId }))
      await expectFailure(
        adapter,
        adapter.conversations.markRead({ conversationId: context.missingConversationId }),
        'NotFound',
        'conversations.markRead',
      )
    },
  },
  {
    section: 'conversations',
    name: 'conversations.setTyping starts and stops typing',
    run: async (context) => {
      const { adapter } = context
      if (!caps(adapter).setTyping) return context.skip('conversations.setTyping is not declared')
      const { conversationId } = await context.seeded(1)
      await expectRight(adapter.conversations.setTyping({ conversationId, typing: true }))
      await expectRight(adapter.conversations.setTyping({ conversationId, typing: false }))
    },
  },
  {
    section: 'conversations',
    name: 'conversations.delete removes a conversation',
    run: async (context) => {
      const { adapter } = context
      if (!caps(adapter).delete) return context.skip('conversations.delete is not declared')
      const conversationId = await created(context)
      await expectRight(adapter.conversations.delete({ conversationId }))
      if (caps(adapter).get)
        await expectFailure(
          adapter,
          adapter.conversations.get({ conversationId }),
          'NotFound',
          'conversations.get',
        )
    },
  },
]

/** The conversation port: undeclared methods first, then what each declared one does. */
export const conversationCases: readonly ContractCase[] = [...undeclared, ...declared]
