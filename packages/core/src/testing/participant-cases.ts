/**
 * The participant port's cases.
 *
 * @module
 */
import { expect } from 'vitest'
import type { ChatAdapter } from '../ports.js'
import { type ContractCase, expectFailure, expectRaw } from './contract-case.js'
import { expectRight } from './expectations.js'
import { anyConversationId as conversationId, unsupportedCase } from './unsupported-case.js'

const caps = (adapter: ChatAdapter) => adapter.capabilities.participants

/** The participant port: undeclared methods first, then what each declared one does. */
export const participantCases: readonly ContractCase[] = [
  unsupportedCase(
    'participants',
    'participants.list',
    (a) => caps(a).list,
    (a) => a.participants.list({ conversationId }),
  ),
  unsupportedCase(
    'participants',
    'participants.join',
    (a) => caps(a).join,
    (a) => a.participants.join({ conversationId, userId: 'u' }),
  ),
  unsupportedCase(
    'participants',
    'participants.leave',
    (a) => caps(a).leave,
    (a) => a.participants.leave({ conversationId, userId: 'u' }),
  ),
  {
    section: 'participants',
    name: 'participants.list lists a conversation; an unknown one → NotFound',
    run: async (context) => {
      const { adapter } = context
      if (!caps(adapter).list) return context.skip('participants.list is not declared')
      const { conversationId: known } = await context.seeded(1)
      const listed = await expectRight(adapter.participants.list({ conversationId: known }))
      expect(Array.isArray(listed)).toBe(true)
      for (const participant of listed) expectRaw(participant)
      await expectFailure(
        adapter,
        adapter.participants.list({ conversationId: context.missingConversationId }),
        'NotFound',
        'participants.list',
      )
    },
  },
  {
    section: 'participants',
    name: 'participants.join adds a participant that participants.leave removes',
    run: async (context) => {
      const { adapter, fixture } = context
      const { list, join, leave } = caps(adapter)
      if (!list || !join) return context.skip('participants.join or participants.list is not declared')
      const { conversationId: known } = await context.fresh(1)
      const joined = await expectRight(
        adapter.participants.join({ conversationId: known, userId: fixture.joinUserId ?? 'contract-joiner' }),
      )
      expectRaw(joined)
      const after = await expectRight(adapter.participants.list({ conversationId: known }))
      expect(after.map((p) => p.id)).toContain(joined.id)
      if (!leave) return
      await expectRight(adapter.participants.leave({ conversationId: known, participantId: joined.id }))
      const left = await expectRight(adapter.participants.list({ conversationId: known }))
      expect(left.map((p) => p.id)).not.toContain(joined.id)
    },
  },
]
