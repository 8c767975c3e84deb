/**
 * One case of the conformance suite, and what every case is handed: the fixture, the adapter and
 * the checks the cases share.
 *
 * @module
 */
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { expect } from 'vitest'
import type { Direction } from '../capabilities.js'
import type { ColloquyError, ColloquyErrorTag } from '../errors.js'
import type { CreateConversation, DraftAuthor, Message } from '../model.js'
import type { Page } from '../pagination.js'
import type { ChatAdapter } from '../ports.js'
import type { ContractFixture, SeededConversation } from './contract-fixture.js'
import { expectLeft, expectRight } from './expectations.js'

/** The parts of the suite: one per port, and the capabilities the ports declare. */
export type ContractSection = 'capabilities' | 'conversations' | 'messages' | 'participants' | 'events'

/** What a case runs with. */
export interface CaseContext {
  readonly fixture: ContractFixture
  readonly adapter: ChatAdapter
  /**
   * A conversation of `messageCount` messages, seeded once per count and shared by the cases that
   * only read it.
   */
  readonly seeded: (messageCount: number) => Promise<SeededConversation>
  /** A new conversation of `messageCount` messages, for a case that changes it. */
  readonly fresh: (messageCount: number) => Promise<SeededConversation>
  readonly createInput: () => CreateConversation
  readonly author: DraftAuthor
  readonly missingConversationId: string
  /** Ends the case as skipped, saying why it does not apply to this adapter. */
  readonly skip: (reason: string) => never
}

/** One named check of the contract. */
export interface ContractCase {
  readonly section: ContractSection
  readonly name: string
  readonly run: (context: CaseContext) => Promise<void> | void
}

/**
 * Expects `task` to fail with `tag`, naming the adapter's provider and `operation`, with a message.
 */
export const expectFailure = async (
  adapter: ChatAdapter,
  task: TaskEither<ColloquyError, unknown>,
  tag: ColloquyErrorTag,
  operation: string,
): Promise<ColloquyError> => {
  const error = await expectLeft(task, tag)
  expect(error.provider, `${operation}: the error's provider`).toBe(adapter.provider)
  expect(error.operation, `${operation}: the error's operation`).toBe(operation)
  expect(typeof error.message).toBe('string')
  return error
}

/** Every model carries the vendor payload it came from. */
export const expectRaw = (model: { readonly raw: unknown }) => expect(model.raw).toBeDefined()

/** Expects no request to reach the vendor while `run` runs, where the fixture counts requests. */
export const expectNoRequest = async (fixture: ContractFixture, run: () => Promise<void>) => {
  const before = fixture.requestCount?.()
  await run()
  if (before !== undefined) expect(fixture.requestCount?.(), 'requests sent to the vendor').toBe(before)
}

/** Walks every message page, checking each as it comes: at most `limit` items, none empty but the last. */
export const walkMessages = async (
  adapter: ChatAdapter,
  conversationId: string,
  direction: Direction,
  limit: number,
): Promise<Page<Message>[]> => {
  const pages: Page<Message>[] = []
  let cursor: string | undefined
  do {
    const page = await expectRight(adapter.messages.list({ conversationId, cursor, limit, direction }))
    expect(page.items.length, `a page of limit ${limit}`).toBeLessThanOrEqual(limit)
    if (page.nextCursor !== undefined) expect(page.items.length, 'a page before the last').toBeGreaterThan(0)
    pages.push(page)
    cursor = page.nextCursor
    expect(pages.length, 'paging does not end').toBeLessThan(10_000)
  } while (cursor !== undefined)
  return pages
}

/** Every message of a conversation, oldest first, through the adapter's first declared direction. */
export const listAllMessages = async (adapter: ChatAdapter, conversationId: string): Promise<Message[]> => {
  const direction = adapter.capabilities.messages.directions[0] ?? 'backward'
  const pages = await walkMessages(adapter, conversationId, direction, 100)
  return (direction === 'backward' ? pages.reverse() : pages).flatMap((page) => page.items)
}

/** The directions `messages.list` declares, or a skip when it cannot list. */
export const declaredDirections = (context: CaseContext): readonly Direction[] => {
  const { messages } = context.adapter.capabilities
  if (!messages.list) return context.skip('messages.list is not declared')
  return messages.directions
}
