// The conformance suite must fail, with named cases, against adapters that break the contract in
// ways a careless adapter would: paging off by one, pages past the limit, a foreign cursor's page.
import * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, it } from 'vitest'
import { createMemoryAdapter } from '../memory/adapter.js'
import type { Message } from '../model.js'
import type { Page } from '../pagination.js'
import type { ChatAdapter, ListMessagesInput } from '../ports.js'
import type { ContractFixture } from './contract-fixture.js'
import { type CaseOutcome, runContractCases } from './run-contract.js'

type ListMessages = ChatAdapter['messages']['list']

/** A memory adapter whose `messages.list` is replaced by `broken(real)`, with a fixture for it. */
const mutant = (broken: (real: ListMessages) => ListMessages) => async (): Promise<ContractFixture> => {
  const real = createMemoryAdapter()
  const adapter: ChatAdapter = { ...real, messages: { ...real.messages, list: broken(real.messages.list) } }
  let seeded = 0
  return {
    adapter,
    seedConversation: async ({ messageCount }) => {
      const userId = `seed-user-${++seeded}`
      const { conversationId, messageIds } = real.memory.seed({
        participants: [{ userId }],
        messages: Array.from({ length: messageCount }, (_, index) => ({
          author: { role: 'customer' as const, userId },
          content: { type: 'text' as const, text: `message ${index + 1}` },
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)),
        })),
      })
      return { conversationId, userId, messageIds }
    },
  }
}

const named = (outcomes: readonly CaseOutcome[], status: CaseOutcome['status']) =>
  outcomes.filter((outcome) => outcome.status === status).map((outcome) => outcome.name)

const pagingCase = (name: string) =>
  /^messages > (pagination|page size|cursor round trip|resumeCursor)/.test(name)

describe('the conformance suite against broken adapters', () => {
  it('passes the memory adapter as it is, every case that runs asserting something', async () => {
    const outcomes = await runContractCases(mutant((real) => real))
    expect(named(outcomes, 'failed')).toEqual([])
    expect(named(outcomes, 'passed').length).toBeGreaterThan(40)
    for (const outcome of outcomes.filter((o) => o.status === 'passed'))
      expect(outcome.assertions, outcome.name).toBeGreaterThan(0)
  })

  it('fails the paging cases of an adapter that skips one message at each page edge (off by one)', async () => {
    // A page asked for with a cursor starts one message too late: the one next to the cursor is lost.
    const offByOne = mutant(
      (real) => (input: ListMessagesInput) =>
        input.cursor === undefined
          ? real(input)
          : TE.map((page: Page<Message>) => ({
              ...page,
              items: input.direction === 'forward' ? page.items.slice(1) : page.items.slice(0, -1),
            }))(real(input)),
    )
    const outcomes = await runContractCases(offByOne)
    const failed = named(outcomes, 'failed')
    expect(failed).toEqual(
      expect.arrayContaining([
        'messages > pagination: 250 messages, backward, pages of 7, every message once',
        'messages > pagination: 250 messages, forward, pages of 7, every message once',
        'messages > pagination: 250 messages, forward, pages of 1, every message once',
        'messages > page size, forward: pages of exactly the limit until the last; a huge limit is capped, not refused',
        'messages > page size, backward: pages of exactly the limit until the last; a huge limit is capped, not refused',
        'messages > cursor round trip, forward: a cursor reads the same next page every time, right after its page',
        'messages > resumeCursor: 4 messages, then 3 more; it continues after the last message',
      ]),
    )
    // Only paging cases catch it, and the histories that fit one page still pass.
    expect(failed.filter((name) => !pagingCase(name))).toEqual([])
    expect(named(outcomes, 'passed')).toEqual(
      expect.arrayContaining([
        'messages > pagination: 1 messages, forward, pages of 100, every message once',
        'conversations > conversations.create makes a conversation that conversations.get reads back',
      ]),
    )
    const detail = outcomes.find((o) =>
      o.name.startsWith('messages > pagination: 250 messages, forward, pages of 7'),
    )
    expect(detail?.detail).toMatch(/every message|no message twice/)
  })

  it('fails the page-size cases of an adapter that returns one message more than the limit', async () => {
    const overfull = mutant(
      (real) => (input: ListMessagesInput) =>
        real(
          // Valid limits only: a refused limit stays refused.
          Number.isInteger(input.limit) && (input.limit ?? 0) > 0
            ? { ...input, limit: (input.limit ?? 0) + 1 }
            : input,
        ),
    )
    const failed = named(await runContractCases(overfull), 'failed')
    expect(failed).toEqual(
      expect.arrayContaining([
        'messages > pagination: 250 messages, backward, pages of 1, every message once',
        'messages > pagination: 250 messages, forward, pages of 100, every message once',
        'messages > page size, backward: pages of exactly the limit until the last; a huge limit is capped, not refused',
      ]),
    )
    expect(failed.filter((name) => !pagingCase(name))).toEqual([])
  })

  it("fails exactly the foreign-cursor cases of an adapter that answers a cursor of another conversation with that conversation's page", async () => {
    // Cursors that carry their conversation and are followed wherever they point.
    const separator = '|'
    const wrap = (conversationId: string, cursor: string | undefined) =>
      cursor === undefined ? undefined : `${conversationId}${separator}${cursor}`
    const trusting = mutant((real) => (input: ListMessagesInput) => {
      const [owner, cursor] = input.cursor?.includes(separator)
        ? (input.cursor.split(separator) as [string, string])
        : [input.conversationId, input.cursor]
      return TE.map((page: Page<Message>) => {
        const next = wrap(owner, page.nextCursor)
        const resume = wrap(owner, page.resumeCursor)
        return {
          items: page.items,
          ...(next === undefined ? {} : { nextCursor: next }),
          ...(resume === undefined ? {} : { resumeCursor: resume }),
        }
      })(real({ ...input, conversationId: owner, ...(cursor === undefined ? {} : { cursor }) }))
    })
    const outcomes = await runContractCases(trusting)
    expect(named(outcomes, 'failed')).toEqual([
      'messages > foreign cursors, backward: one of another conversation or another adapter → InvalidRequest, sending nothing',
      'messages > foreign cursors, forward: one of another conversation or another adapter → InvalidRequest, sending nothing',
    ])
    expect(outcomes.find((o) => o.status === 'failed')?.detail).toMatch(/expected a Left, got a Right/)
  })
})
