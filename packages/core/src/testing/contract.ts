/**
 * `describeAdapterContract`: the vitest suite every adapter runs to prove it keeps the port contract.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Direction } from '../capabilities.js'
import type { ColloquyError, ColloquyErrorTag } from '../errors.js'
import type { ContentType, CreateConversation, DraftAuthor, Message } from '../model.js'
import type { ChatAdapter, ParseEventsInput } from '../ports.js'
import { sampleContent } from './samples.js'

/** A conversation the fixture seeded for the suite. */
export interface SeededConversation {
  readonly conversationId: string
  /** A user in the conversation, for adapters that list conversations per user. */
  readonly userId?: string
  /** Ids of the seeded messages, oldest first, when the fixture knows them. */
  readonly messageIds?: readonly string[]
}

/** What a setup gives the suite. */
export interface ContractFixture {
  readonly adapter: ChatAdapter
  /**
   * Creates a conversation holding exactly `messageCount` messages with strictly increasing
   * timestamps, through the vendor (an emulator's seed) or the adapter itself.
   */
  readonly seedConversation: (input: { readonly messageCount: number }) => Promise<SeededConversation>
  /** Requests sent to the vendor so far; when given, the suite proves invalid input sends none. */
  readonly requestCount?: () => number
  /** The author `messages.send` posts as. Default `{ role: 'agent', displayName: 'Contract Agent' }`. */
  readonly sendAuthor?: DraftAuthor
  /** Input of `conversations.create`. Default: one participant with a fresh `externalId`. */
  readonly createInput?: () => CreateConversation
  /** The `userId` that `participants.join` adds. Default `'contract-joiner'`. */
  readonly joinUserId?: string
  /** An id that names no conversation. Default `'contract-missing-conversation'`. */
  readonly missingConversationId?: string
  /** A webhook body (and headers) the adapter parses into at least one event. */
  readonly sampleEvent?: ParseEventsInput
  /**
   * Adds `count` messages to a seeded conversation, newer than every message in it, through the
   * vendor (e.g. an emulator's simulated customer). Default: `messages.send`, where declared.
   */
  readonly appendMessages?: (conversationId: string, count: number) => Promise<void>
  /** Called once after the suite. */
  readonly close?: () => Promise<void>
}

/** Sizes the suite walks; the defaults are what the contract requires. */
export interface ContractOptions {
  /** Default `[0, 1, 250]`. */
  readonly histories?: readonly number[]
  /** Default `[1, 7, 100]`. */
  readonly pageSizes?: readonly number[]
}

const run = <A>(task: TaskEither<ColloquyError, A>): Promise<Either<ColloquyError, A>> => task()

const expectRight = async <A>(task: TaskEither<ColloquyError, A>): Promise<A> => {
  const result = await run(task)
  if (result._tag === 'Left') {
    throw new Error(`expected success, got ${result.left._tag}: ${result.left.message}`)
  }
  return result.right
}

const expectLeft = async (
  adapter: ChatAdapter,
  task: TaskEither<ColloquyError, unknown>,
  tag: ColloquyErrorTag,
  operation: string,
): Promise<ColloquyError> => {
  const result = await run(task)
  expect(result._tag, `${operation} should fail with ${tag}`).toBe('Left')
  const error = (result as { left: ColloquyError }).left
  expect(error._tag, `${operation}: ${error.message}`).toBe(tag)
  expect(error.provider).toBe(adapter.provider)
  expect(error.operation).toBe(operation)
  expect(typeof error.message).toBe('string')
  return error
}

const expectRaw = (model: { raw: unknown }) => expect(model.raw).toBeDefined()

/** Walks every page, checking each as it comes. */
const walk = async (
  adapter: ChatAdapter,
  conversationId: string,
  direction: Direction,
  limit: number,
): Promise<Message[][]> => {
  const pages: Message[][] = []
  let cursor: string | undefined
  do {
    const page = await expectRight(adapter.messages.list({ conversationId, cursor, limit, direction }))
    expect(page.items.length).toBeLessThanOrEqual(limit)
    if (page.nextCursor !== undefined) expect(page.items.length).toBeGreaterThan(0)
    pages.push([...page.items])
    cursor = page.nextCursor
    expect(pages.length, 'paging does not end').toBeLessThan(10_000)
  } while (cursor !== undefined)
  return pages
}

/**
 * Registers a vitest suite that checks `setup()`'s adapter against the port contract: every
 * declared method works and every undeclared one returns `Unsupported` naming its capability;
 * invalid input is `InvalidRequest` without a request; unknown ids are `NotFound`; errors carry
 * `provider` and `operation`; both declared directions page through histories of 0, 1 and 250
 * messages with page sizes 1, 7 and 100, every message exactly once and oldest first within each
 * page; a sent message lists back with the same content and metadata; every model has `raw`.
 */
export const describeAdapterContract = (
  name: string,
  setup: () => Promise<ContractFixture>,
  options: ContractOptions = {},
): void => {
  const histories = options.histories ?? [0, 1, 250]
  const pageSizes = options.pageSizes ?? [1, 7, 100]

  describe(`${name} keeps the adapter contract`, () => {
    let fixture: ContractFixture
    let adapter: ChatAdapter
    const seeded = new Map<number, Promise<SeededConversation>>()
    const seed = (messageCount: number) => {
      const existing = seeded.get(messageCount)
      if (existing) return existing
      const created = fixture.seedConversation({ messageCount })
      seeded.set(messageCount, created)
      return created
    }
    let externalIds = 0
    const createInput = (): CreateConversation =>
      fixture.createInput?.() ?? {
        participants: [
          { externalId: `contract-user-${Date.now()}-${++externalIds}`, displayName: 'Contract User' },
        ],
      }
    const missing = () => fixture.missingConversationId ?? 'contract-missing-conversation'
    const author = () => fixture.sendAuthor ?? { role: 'agent' as const, displayName: 'Contract Agent' }

    beforeAll(async () => {
      fixture = await setup()
      adapter = fixture.adapter
    })
    afterAll(async () => {
      await fixture?.close?.()
    })

    it('declares coherent capabilities', () => {
      const { messages, conversations } = adapter.capabilities
      if (messages.list) expect(messages.directions.length).toBeGreaterThan(0)
      // Listing by externalId is a way of listing: it needs listing at all.
      if (conversations.listByExternalId) expect(conversations.list).not.toBe(false)
      expect(messages.send).toBe(messages.sendableContent.length > 0)
      expect(messages.sendableContent).not.toContain('unsupported')
    })

    describe('undeclared operations return Unsupported naming the capability', () => {
      const conversationId = 'contract-any-conversation'
      const calls: readonly [
        string,
        (a: ChatAdapter) => boolean,
        (a: ChatAdapter) => TaskEither<ColloquyError, unknown>,
      ][] = [
        [
          'conversations.list',
          (a) => a.capabilities.conversations.list !== false,
          (a) => a.conversations.list({ userId: 'u' }),
        ],
        [
          'conversations.listByExternalId',
          // Without listing at all, the conversations.list case above covers it.
          (a) =>
            a.capabilities.conversations.listByExternalId === true ||
            a.capabilities.conversations.list === false,
          (a) => a.conversations.list({ externalId: 'contract-any-external-id' }),
        ],
        [
          'conversations.get',
          (a) => a.capabilities.conversations.get,
          (a) => a.conversations.get({ conversationId }),
        ],
        [
          'conversations.create',
          (a) => a.capabilities.conversations.create,
          (a) => a.conversations.create(createInput()),
        ],
        [
          'conversations.update',
          (a) => a.capabilities.conversations.update,
          (a) => a.conversations.update({ conversationId, title: 't' }),
        ],
        [
          'conversations.delete',
          (a) => a.capabilities.conversations.delete,
          (a) => a.conversations.delete({ conversationId }),
        ],
        [
          'conversations.markRead',
          (a) => a.capabilities.conversations.markRead,
          (a) => a.conversations.markRead({ conversationId }),
        ],
        [
          'conversations.setTyping',
          (a) => a.capabilities.conversations.setTyping,
          (a) => a.conversations.setTyping({ conversationId, typing: true }),
        ],
        ['messages.list', (a) => a.capabilities.messages.list, (a) => a.messages.list({ conversationId })],
        [
          'messages.send',
          (a) => a.capabilities.messages.send,
          (a) =>
            a.messages.send({ conversationId, message: { author: author(), content: sampleContent.text } }),
        ],
        [
          'messages.delete',
          (a) => a.capabilities.messages.delete,
          (a) => a.messages.delete({ conversationId, messageId: 'm' }),
        ],
        [
          'messages.deleteAll',
          (a) => a.capabilities.messages.deleteAll,
          (a) => a.messages.deleteAll({ conversationId }),
        ],
        [
          'participants.list',
          (a) => a.capabilities.participants.list,
          (a) => a.participants.list({ conversationId }),
        ],
        [
          'participants.join',
          (a) => a.capabilities.participants.join,
          (a) => a.participants.join({ conversationId, userId: 'u' }),
        ],
        [
          'participants.leave',
          (a) => a.capabilities.participants.leave,
          (a) => a.participants.leave({ conversationId, userId: 'u' }),
        ],
      ]
      for (const [capability, declared, call] of calls) {
        it(capability, async () => {
          if (declared(adapter)) return
          // A capability that is a variant of a method reports the method's operation.
          const operation =
            capability === 'conversations.listByExternalId' ? 'conversations.list' : capability
          const error = await expectLeft(adapter, call(adapter), 'Unsupported', operation)
          expect(error).toMatchObject({ capability })
        })
      }

      it('undeclared directions and content types', async () => {
        const { messages } = adapter.capabilities
        if (messages.list) {
          for (const direction of (['backward', 'forward'] as const).filter(
            (d) => !messages.directions.includes(d),
          )) {
            const error = await expectLeft(
              adapter,
              adapter.messages.list({ conversationId, direction }),
              'Unsupported',
              'messages.list',
            )
            expect(error).toMatchObject({ capability: `messages.directions.${direction}` })
          }
        }
        if (messages.send) {
          const unsendable = (Object.keys(sampleContent) as Exclude<ContentType, 'unsupported'>[]).filter(
            (type) => !messages.sendableContent.includes(type),
          )
          for (const type of unsendable) {
            const message = { author: author(), content: sampleContent[type] }
            const error = await expectLeft(
              adapter,
              adapter.messages.send({ conversationId, message }),
              'Unsupported',
              'messages.send',
            )
            expect(error).toMatchObject({ capability: `messages.sendableContent.${type}` })
          }
        }
      })
    })

    it('rejects invalid input with InvalidRequest before any request', async () => {
      const before = fixture.requestCount?.()
      const { conversations, messages } = adapter.capabilities
      const invalidIds: unknown[] = ['', '   ', 42, null]
      if (conversations.get) {
        for (const conversationId of invalidIds) {
          await expectLeft(
            adapter,
            adapter.conversations.get({ conversationId } as never),
            'InvalidRequest',
            'conversations.get',
          )
        }
      }
      if (messages.list) {
        for (const limit of [0, -1, 1.5, '10']) {
          await expectLeft(
            adapter,
            adapter.messages.list({ conversationId: 'c', limit } as never),
            'InvalidRequest',
            'messages.list',
          )
        }
        await expectLeft(
          adapter,
          adapter.messages.list({ conversationId: 'c', direction: 'sideways' } as never),
          'InvalidRequest',
          'messages.list',
        )
      }
      if (messages.send) {
        const drafts: unknown[] = [
          { author: author() },
          { author: author(), content: { type: 'text', text: '' } },
          { content: sampleContent.text },
          { author: author(), content: { type: 'bogus' } },
        ]
        for (const message of drafts) {
          await expectLeft(
            adapter,
            adapter.messages.send({ conversationId: 'c', message } as never),
            'InvalidRequest',
            'messages.send',
          )
        }
      }
      if (before !== undefined) expect(fixture.requestCount?.()).toBe(before)
    })

    it('returns NotFound for unknown conversation ids', async () => {
      const conversationId = missing()
      const { conversations, messages, participants } = adapter.capabilities
      if (conversations.get)
        await expectLeft(
          adapter,
          adapter.conversations.get({ conversationId }),
          'NotFound',
          'conversations.get',
        )
      if (messages.list)
        await expectLeft(adapter, adapter.messages.list({ conversationId }), 'NotFound', 'messages.list')
      if (participants.list)
        await expectLeft(
          adapter,
          adapter.participants.list({ conversationId }),
          'NotFound',
          'participants.list',
        )
      if (messages.send) {
        const message = { author: author(), content: sampleContent.text }
        await expectLeft(
          adapter,
          adapter.messages.send({ conversationId, message }),
          'NotFound',
          'messages.send',
        )
      }
    })

    describe('pagination yields every message exactly once, oldest first within each page', () => {
      for (const history of histories) {
        for (const direction of ['backward', 'forward'] as const) {
          for (const limit of pageSizes) {
            it(`${history} messages, ${direction}, pages of ${limit}`, async () => {
              const { messages } = adapter.capabilities
              if (!messages.list || !messages.directions.includes(direction)) return
              const conversation = await seed(history)
              const pages = await walk(adapter, conversation.conversationId, direction, limit)
              for (const page of pages) {
                for (const [index, message] of page.entries()) {
                  expectRaw(message)
                  expect(message.conversationId).toBe(conversation.conversationId)
                  const previous = page[index - 1]
                  if (previous)
                    expect(message.createdAt.getTime()).toBeGreaterThanOrEqual(previous.createdAt.getTime())
                }
              }
              const ordered = (direction === 'backward' ? [...pages].reverse() : pages).flat()
              const ids = ordered.map((m) => m.id)
              expect(new Set(ids).size).toBe(ids.length)
              expect(ids.length).toBe(history)
              if (conversation.messageIds) expect(ids).toEqual(conversation.messageIds)
              for (let i = 1; i < ordered.length; i++) {
                expect(ordered[i]?.createdAt.getTime()).toBeGreaterThanOrEqual(
                  ordered[i - 1]?.createdAt.getTime() ?? 0,
                )
              }
            })
          }
        }
      }
    })

    describe('a forward resumeCursor continues after the last message, also once new ones arrive', () => {
      for (const history of [0, 4]) {
        it(`${history} messages, then 3 more`, async (context) => {
          const { messages } = adapter.capabilities
          const append =
            fixture.appendMessages ??
            (messages.send
              ? async (conversationId: string, count: number) => {
                  for (let i = 0; i < count; i++)
                    await expectRight(
                      adapter.messages.send({
                        conversationId,
                        message: { author: author(), content: { type: 'text', text: `appended ${i}` } },
                      }),
                    )
                }
              : undefined)
          if (!messages.list || !messages.directions.includes('forward') || !append)
            return context.skip('the adapter cannot list forward, or the fixture cannot add messages')
          const { conversationId } = await seed(history)
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
          if (resume === undefined) {
            if (history > 0) return context.skip('the adapter makes no resumeCursor')
            // An empty history may have no position yet: a first full walk finds what arrives.
          }
          // Nothing new: an empty page that keeps its place.
          if (resume !== undefined) {
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
        })
      }
    })

    it('sends every declared content type and lists it back unchanged', async () => {
      const { messages } = adapter.capabilities
      if (!messages.send) return
      const { conversationId } = await fixture.seedConversation({ messageCount: 0 })
      for (const type of messages.sendableContent) {
        const content = sampleContent[type as Exclude<ContentType, 'unsupported'>]
        const metadata = { contractCase: type, sequence: 1 }
        const sent = await expectRight(
          adapter.messages.send({
            conversationId,
            message: { author: author(), content, ...(messages.metadata ? { metadata } : {}) },
          }),
        )
        expectRaw(sent)
        expect(sent.content).toMatchObject(content)
        if (!messages.list) continue
        const listed = await collectAll(adapter, conversationId)
        const found = listed.find((m) => m.id === sent.id)
        expect(found, `sent ${type} message is listed`).toBeDefined()
        expect(found?.content).toMatchObject(content)
        expect(found?.author.role).toBe(sent.author.role)
        if (messages.metadata) expect(found?.metadata).toMatchObject(metadata)
      }
    })

    it('deletes one message and then all of them', async () => {
      const { messages } = adapter.capabilities
      if (!messages.send || !messages.list) return
      const { conversationId } = await fixture.seedConversation({ messageCount: 3 })
      if (messages.delete) {
        const [first] = await collectAll(adapter, conversationId)
        if (!first) throw new Error('seeded conversation has no messages')
        await expectRight(adapter.messages.delete({ conversationId, messageId: first.id }))
        const after = await collectAll(adapter, conversationId)
        expect(after.map((m) => m.id)).not.toContain(first.id)
        expect(after).toHaveLength(2)
        await expectLeft(
          adapter,
          adapter.messages.delete({ conversationId, messageId: first.id }),
          'NotFound',
          'messages.delete',
        )
      }
      if (messages.deleteAll) {
        await expectRight(adapter.messages.deleteAll({ conversationId }))
        expect(await collectAll(adapter, conversationId)).toHaveLength(0)
      }
    })

    it('creates, reads, lists, updates, marks read, types in and deletes a conversation', async () => {
      const { conversations } = adapter.capabilities
      if (!conversations.create) return
      const created = await expectRight(adapter.conversations.create(createInput()))
      expectRaw(created)
      expect(created.provider).toBe(adapter.provider)
      const conversationId = created.id
      if (conversations.get) {
        const read = await expectRight(adapter.conversations.get({ conversationId }))
        expect(read.id).toBe(conversationId)
        expectRaw(read)
      }
      if (conversations.list === 'all') {
        const ids: string[] = []
        let cursor: string | undefined
        do {
          const page = await expectRight(adapter.conversations.list({ cursor, limit: 7 }))
          for (const conversation of page.items) expectRaw(conversation)
          ids.push(...page.items.map((c) => c.id))
          cursor = page.nextCursor
        } while (cursor !== undefined)
        expect(ids).toContain(conversationId)
        expect(new Set(ids).size).toBe(ids.length)
      }
      if (conversations.update) {
        const updated = await expectRight(
          adapter.conversations.update({
            conversationId,
            title: 'Contract title',
            description: 'Contract description',
          }),
        )
        expect(updated.title).toBe('Contract title')
      }
      if (conversations.markRead) await expectRight(adapter.conversations.markRead({ conversationId }))
      if (conversations.setTyping) {
        await expectRight(adapter.conversations.setTyping({ conversationId, typing: true }))
        await expectRight(adapter.conversations.setTyping({ conversationId, typing: false }))
      }
      if (conversations.delete) {
        await expectRight(adapter.conversations.delete({ conversationId }))
        if (conversations.get)
          await expectLeft(
            adapter,
            adapter.conversations.get({ conversationId }),
            'NotFound',
            'conversations.get',
          )
      }
    })

    it('lists conversations of a user', async () => {
      if (adapter.capabilities.conversations.list !== 'byUser') return
      const conversation = await seed(1)
      if (conversation.userId === undefined)
        throw new Error('seedConversation must return userId for byUser listing')
      await expectLeft(adapter, adapter.conversations.list({}), 'InvalidRequest', 'conversations.list')
      const page = await expectRight(adapter.conversations.list({ userId: conversation.userId }))
      expect(page.items.map((c) => c.id)).toContain(conversation.conversationId)
    })

    it('lists the conversations of a user by externalId', async (context) => {
      const { conversations } = adapter.capabilities
      if (conversations.listByExternalId !== true || !conversations.create)
        return context.skip('listByExternalId or create is not declared')
      const input = createInput()
      const externalId = input.participants[0]?.externalId
      if (externalId === undefined) return context.skip('createInput has no participant with an externalId')
      const created = await expectRight(adapter.conversations.create(input))
      const page = await expectRight(adapter.conversations.list({ externalId, limit: 100 }))
      expect(page.items.map((c) => c.id)).toContain(created.id)
      const nobody = await expectRight(
        adapter.conversations.list({ externalId: `contract-nobody-${Date.now()}` }),
      )
      expect(nobody.items).toEqual([])
      await expectLeft(
        adapter,
        adapter.conversations.list({ externalId, userId: 'u' }),
        'InvalidRequest',
        'conversations.list',
      )
    })

    it('lists, joins and leaves participants', async () => {
      const { participants } = adapter.capabilities
      if (!participants.list) return
      const { conversationId } = await seed(1)
      const listed = await expectRight(adapter.participants.list({ conversationId }))
      for (const participant of listed) expectRaw(participant)
      if (participants.join) {
        const joined = await expectRight(
          adapter.participants.join({ conversationId, userId: fixture.joinUserId ?? 'contract-joiner' }),
        )
        expectRaw(joined)
        const after = await expectRight(adapter.participants.list({ conversationId }))
        expect(after.map((p) => p.id)).toContain(joined.id)
        if (participants.leave) {
          await expectRight(adapter.participants.leave({ conversationId, participantId: joined.id }))
          const left = await expectRight(adapter.participants.list({ conversationId }))
          expect(left.map((p) => p.id)).not.toContain(joined.id)
        }
      }
    })

    it('parses inbound events, refuses unsigned ones where verification is declared, rejects a malformed body', async () => {
      const body = fixture.sampleEvent
      if (body) {
        const events = await expectRight(adapter.events.parse(body))
        expect(events.length).toBeGreaterThan(0)
        for (const event of events) {
          expect(event.provider).toBe(adapter.provider)
          expect(event.id).toEqual(expect.any(String))
          expect(event.occurredAt).toBeInstanceOf(Date)
          expectRaw(event)
        }
        // A declared check is a real one: the same body without its headers is refused.
        if (adapter.capabilities.events.verification === 'api-key-header') {
          const unsigned = await run(adapter.events.parse({ body: body.body }))
          expect(unsigned._tag === 'Left' && unsigned.left._tag).toBe('Unauthorized')
        }
      }
      const result = await run(adapter.events.parse({ headers: body?.headers, body: '{not json' }))
      expect(result._tag).toBe('Left')
      const error = (result as { left: ColloquyError }).left
      expect(['Decode', 'InvalidRequest', 'Unauthorized']).toContain(error._tag)
      expect(error.operation).toBe('events.parse')
    })
  })
}

const collectAll = async (adapter: ChatAdapter, conversationId: string): Promise<Message[]> => {
  const direction = adapter.capabilities.messages.directions[0] ?? 'backward'
  const pages = await walk(adapter, conversationId, direction, 100)
  return (direction === 'backward' ? pages.reverse() : pages).flat()
}
