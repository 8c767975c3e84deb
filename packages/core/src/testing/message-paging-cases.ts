/**
 * The message port's paging cases: every message exactly once in both declared directions, pages
 * of the size asked, cursors that read the same page again and belong to one conversation of one
 * adapter, and the forward resume position.
 *
 * @module
 */
import { expect } from 'vitest'
import type { Direction } from '../capabilities.js'
import { createMemoryAdapter } from '../memory/adapter.js'
import {
  type CaseContext,
  type ContractCase,
  declaredDirections,
  expectFailure,
  expectNoRequest,
  expectRaw,
  walkMessages,
} from './contract-case.js'
import type { ContractOptions } from './contract-fixture.js'
import { expectRight } from './expectations.js'

const directions = ['backward', 'forward'] as const

/** Skips the case unless `messages.list` walks `direction`. */
const needsDirection = (context: CaseContext, direction: Direction) => {
  if (!declaredDirections(context).includes(direction))
    context.skip(`messages.list does not declare the ${direction} direction`)
}

const everyMessageOnce = (history: number, direction: Direction, limit: number): ContractCase => ({
  section: 'messages',
  name: `pagination: ${history} messages, ${direction}, pages of ${limit}, every message once`,
  run: async (context) => {
    needsDirection(context, direction)
    const conversation = await context.seeded(history)
    const pages = await walkMessages(context.adapter, conversation.conversationId, direction, limit)
    for (const { items } of pages) {
      for (const [index, message] of items.entries()) {
        expectRaw(message)
        expect(message.conversationId).toBe(conversation.conversationId)
        const previous = items[index - 1]
        if (previous)
          expect(message.createdAt.getTime(), 'oldest first within a page').toBeGreaterThanOrEqual(
            previous.createdAt.getTime(),
          )
      }
    }
    const ordered = (direction === 'backward' ? [...pages].reverse() : pages).flatMap((page) => page.items)
    const ids = ordered.map((m) => m.id)
    expect(new Set(ids).size, 'no message twice').toBe(ids.length)
    expect(ids.length, 'every message').toBe(history)
    if (conversation.messageIds) expect(ids).toEqual(conversation.messageIds)
    for (let i = 1; i < ordered.length; i++)
      expect(ordered[i]?.createdAt.getTime()).toBeGreaterThanOrEqual(ordered[i - 1]?.createdAt.getTime() ?? 0)
  },
})

const pageSizeHonoured = (direction: Direction): ContractCase => ({
  section: 'messages',
  name: `page size, ${direction}: pages of exactly the limit until the last; a huge limit is capped, not refused`,
  run: async (context) => {
    needsDirection(context, direction)
    const { adapter } = context
    const { conversationId } = await context.seeded(5)
    const pages = await walkMessages(adapter, conversationId, direction, 2)
    expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1])
    const all = await expectRight(adapter.messages.list({ conversationId, direction, limit: 1_000_000 }))
    expect(all.items).toHaveLength(5)
    expect(all.nextCursor).toBeUndefined()
  },
})

const cursorRoundTrip = (direction: Direction): ContractCase => ({
  section: 'messages',
  name: `cursor round trip, ${direction}: a cursor reads the same next page every time, right after its page`,
  run: async (context) => {
    needsDirection(context, direction)
    const { adapter } = context
    const { conversationId } = await context.seeded(5)
    const first = await expectRight(adapter.messages.list({ conversationId, direction, limit: 2 }))
    const cursor = first.nextCursor
    expect(cursor, 'a first page of 2 of 5 messages has a nextCursor').toEqual(expect.any(String))
    // Kept as a user would keep it: serialised and read back.
    const kept = JSON.parse(JSON.stringify({ cursor })).cursor as string
    const once = await expectRight(
      adapter.messages.list({ conversationId, direction, limit: 2, cursor: kept }),
    )
    const again = await expectRight(
      adapter.messages.list({ conversationId, direction, limit: 2, cursor: kept }),
    )
    expect(again.items.map((m) => m.id)).toEqual(once.items.map((m) => m.id))
    expect(again.nextCursor).toEqual(once.nextCursor)
    const all = await walkMessages(adapter, conversationId, direction, 100)
    const ids = (direction === 'backward' ? [...all].reverse() : all).flatMap((page) =>
      page.items.map((m) => m.id),
    )
    const firstIds = first.items.map((m) => m.id)
    const nextIds = once.items.map((m) => m.id)
    // The next page is adjacent to the first: newer for forward, older for backward.
    const expected = direction === 'forward' ? [...firstIds, ...nextIds] : [...nextIds, ...firstIds]
    const start = ids.indexOf(expected[0] ?? '')
    expect(ids.slice(start, start + expected.length)).toEqual(expected)
  },
})

/** A cursor of another adapter: a memory adapter under another provider name, its second page. */
const foreignAdapterCursor = async (direction: Direction): Promise<string> => {
  const foreign = createMemoryAdapter({ provider: 'contract-foreign-adapter' })
  const { conversationId } = foreign.memory.seed({
    participants: [{ userId: 'foreign-user' }],
    messages: ['one', 'two', 'three'].map((text) => ({
      author: { role: 'customer', userId: 'foreign-user' },
      content: { type: 'text', text },
    })),
  })
  const page = await expectRight(foreign.messages.list({ conversationId, direction, limit: 1 }))
  if (page.nextCursor === undefined) throw new Error('the foreign adapter made no cursor')
  return page.nextCursor
}

const foreignCursors = (direction: Direction): ContractCase => ({
  section: 'messages',
  name: `foreign cursors, ${direction}: one of another conversation or another adapter → InvalidRequest, sending nothing`,
  run: async (context) => {
    needsDirection(context, direction)
    const { adapter, fixture } = context
    const [mine, theirs] = [await context.seeded(5), await context.fresh(3)]
    const page = await expectRight(
      adapter.messages.list({ conversationId: theirs.conversationId, direction, limit: 1 }),
    )
    const otherConversation = page.nextCursor
    expect(otherConversation, 'a first page of 1 of 3 messages has a nextCursor').toEqual(expect.any(String))
    const otherAdapter = await foreignAdapterCursor(direction)
    await expectNoRequest(fixture, async () => {
      for (const cursor of [otherConversation as string, otherAdapter])
        await expectFailure(
          adapter,
          adapter.messages.list({ conversationId: mine.conversationId, direction, limit: 1, cursor }),
          'InvalidRequest',
          'messages.list',
        )
    })
  },
})

const resumeAfterNewMessages = (history: number): ContractCase => ({
  section: 'messages',
  name: `resumeCursor: ${history} messages, then 3 more; it continues after the last message`,
  run: async (context) => {
    needsDirection(context, 'forward')
    const { adapter, fixture } = context
    const append =
      fixture.appendMessages ??
      (adapter.capabilities.messages.send
        ? async (conversationId: string, count: number) => {
            for (let i = 0; i < count; i++)
              await expectRight(
                adapter.messages.send({
                  conversationId,
                  message: { author: context.author, content: { type: 'text', text: `appended ${i}` } },
                }),
              )
          }
        : undefined)
    if (!append) return context.skip('the fixture cannot add messages and messages.send is not declared')
    const { conversationId } = await context.fresh(history)
    let cursor: string | undefined
    let resume: string | undefined
    const seen: string[] = []
    do {
      const page = await expectRight(
        adapter.messages.list({ conversationId, cursor, limit: 2, direction: 'forward' }),
      )
      seen.push(...page.items.map((m) => m.id))
      resume = page.resumeCursor ?? (page.items.length === 0 ? resume : undefined)
      cursor = page.nextCursor
    } while (cursor !== undefined)
    expect(seen).toHaveLength(history)
    if (resume === undefined && history > 0) return context.skip('the adapter makes no resumeCursor')
    // An empty history may have no position yet: a first full walk finds what arrives.
    if (resume !== undefined) {
      // Nothing new: an empty page that keeps its place.
      const unchanged = await expectRight(
        adapter.messages.list({ conversationId, cursor: resume, direction: 'forward' }),
      )
      expect(unchanged.items).toEqual([])
      expect(unchanged.resumeCursor).toBeDefined()
    }
    await append(conversationId, 3)
    const after: string[] = []
    cursor = resume
    do {
      const page = await expectRight(
        adapter.messages.list({ conversationId, cursor, limit: 2, direction: 'forward' }),
      )
      after.push(...page.items.map((m) => m.id))
      expect(page.resumeCursor ?? (page.items.length === 0 ? 'none needed' : undefined)).toBeDefined()
      cursor = page.nextCursor
    } while (cursor !== undefined)
    const fresh = resume === undefined ? after.slice(seen.length) : after
    expect(fresh).toHaveLength(3)
    for (const id of fresh) expect(seen).not.toContain(id)
    expect(new Set(after).size).toBe(after.length)
  },
})

/** The paging cases for the histories and page sizes of `options`. */
export const messagePagingCases = (options: Required<ContractOptions>): readonly ContractCase[] => [
  ...options.histories.flatMap((history) =>
    directions.flatMap((direction) =>
      options.pageSizes.map((limit) => everyMessageOnce(history, direction, limit)),
    ),
  ),
  ...directions.map(pageSizeHonoured),
  ...directions.map(cursorRoundTrip),
  ...directions.map(foreignCursors),
  ...[0, 4].map(resumeAfterNewMessages),
]
