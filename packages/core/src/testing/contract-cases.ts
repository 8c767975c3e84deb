/**
 * Every case of the conformance suite, in the order they run, and the context they run with.
 *
 * @module
 */
import { expect } from 'vitest'
import type { CreateConversation } from '../model.js'
import type { CaseContext, ContractCase } from './contract-case.js'
import type { ContractFixture, ContractOptions, SeededConversation } from './contract-fixture.js'
import { conversationCases } from './conversation-cases.js'
import { eventCases } from './event-cases.js'
import { messageCases } from './message-cases.js'
import { messagePagingCases } from './message-paging-cases.js'
import { participantCases } from './participant-cases.js'

const coherentCapabilities: ContractCase = {
  section: 'capabilities',
  name: 'declares coherent capabilities',
  run: ({ adapter }) => {
    const { messages, conversations } = adapter.capabilities
    if (messages.list) expect(messages.directions.length).toBeGreaterThan(0)
    // Listing by externalId is a way of listing: it needs listing at all.
    if (conversations.listByExternalId) expect(conversations.list).not.toBe(false)
    expect(messages.send).toBe(messages.sendableContent.length > 0)
    expect(messages.sendableContent).not.toContain('unsupported')
  },
}

/** The suite's cases for `options`' histories and page sizes. */
export const contractCases = (options: ContractOptions = {}): readonly ContractCase[] => [
  coherentCapabilities,
  ...conversationCases,
  ...messageCases,
  ...messagePagingCases({
    histories: options.histories ?? [0, 1, 250],
    pageSizes: options.pageSizes ?? [1, 7, 100],
  }),
  ...participantCases,
  ...eventCases,
]

/** What the cases of one suite share: the seeded conversations and the fresh external ids. */
export const createCaseContexts = (fixture: ContractFixture) => {
  const seededByCount = new Map<number, Promise<SeededConversation>>()
  let externalIds = 0
  const shared = {
    fixture,
    adapter: fixture.adapter,
    seeded: (messageCount: number) => {
      const existing = seededByCount.get(messageCount)
      if (existing) return existing
      const created = fixture.seedConversation({ messageCount })
      seededByCount.set(messageCount, created)
      return created
    },
    fresh: (messageCount: number) => fixture.seedConversation({ messageCount }),
    createInput: (): CreateConversation =>
      fixture.createInput?.() ?? {
        participants: [
          { externalId: `contract-user-${Date.now()}-${++externalIds}`, displayName: 'Contract User' },
        ],
      },
    author: fixture.sendAuthor ?? { role: 'agent' as const, displayName: 'Contract Agent' },
    missingConversationId: fixture.missingConversationId ?? 'contract-missing-conversation',
  }
  /** The context of one case, with the way it is skipped where it runs. */
  return (skip: (reason: string) => never): CaseContext => ({ ...shared, skip })
}
