import { asPromises, type ColloquyException, collect, type Message, paginate } from '@colloquy/core'
import { createMemoryAdapter } from '@colloquy/core/memory'
import { describe, expect, it } from 'vitest'

const fixedClock = () => {
  let now = Date.parse('2026-03-01T10:00:00Z')
  return () => {
    now += 1000
    return new Date(now)
  }
}
const text = (value: string) => ({ type: 'text' as const, text: value })

describe('createMemoryAdapter', () => {
  it('keeps backward and forward cursors valid while new messages arrive', async () => {
    const adapter = createMemoryAdapter({ clock: fixedClock() })
    const chat = asPromises(adapter)
    const { conversationId } = adapter.memory.seed({
      participants: [{ userId: 'u1' }],
      messages: Array.from({ length: 10 }, (_, i) => ({
        author: { role: 'customer' },
        content: text(`m${i}`),
      })),
    })
    const newest = await chat.messages.list({ conversationId, limit: 4 })
    const oldest = await chat.messages.list({ conversationId, limit: 4, direction: 'forward' })
    await chat.messages.send({
      conversationId,
      message: { author: { role: 'agent' }, content: text('late') },
    })

    const older = await chat.messages.list({ conversationId, limit: 4, cursor: newest.nextCursor })
    expect(newest.items.map((m) => m.content)).toEqual(['m6', 'm7', 'm8', 'm9'].map(text))
    expect(older.items.map((m) => m.content)).toEqual(['m2', 'm3', 'm4', 'm5'].map(text))

    const rest = await collect(
      paginate((cursor) =>
        adapter.messages.list({
          conversationId,
          limit: 4,
          direction: 'forward',
          cursor: cursor ?? oldest.nextCursor,
        }),
      ),
    )
    expect(rest.map((m: Message) => m.content)).toEqual(
      ['m4', 'm5', 'm6', 'm7', 'm8', 'm9', 'late'].map(text),
    )
  })

  it('rejects cursors it did not make, and cursors of the other direction', async () => {
    const adapter = createMemoryAdapter()
    const { conversationId } = adapter.memory.seed({ participants: [] })
    for (const cursor of ['x', 'f1', '']) {
      const result = await adapter.messages.list({ conversationId, cursor, direction: 'backward' })()
      expect(result).toMatchObject({
        _tag: 'Left',
        left: { _tag: 'InvalidRequest', operation: 'messages.list' },
      })
    }
  })

  it('preserves a draft timestamp, metadata and author, and numbers ids uniquely', async () => {
    const adapter = asPromises(createMemoryAdapter())
    const conversation = await adapter.conversations.create({
      participants: [{ externalId: 'ext-1', displayName: 'Ada' }],
    })
    const createdAt = new Date('2020-05-05T05:05:05Z')
    const sent = await adapter.messages.send({
      conversationId: conversation.id,
      message: {
        author: { role: 'customer', externalId: 'ext-1', displayName: 'Ada' },
        content: text('hi'),
        metadata: { k: 1 },
        createdAt,
      },
    })
    expect(sent).toMatchObject({
      createdAt,
      metadata: { k: 1 },
      author: { role: 'customer', displayName: 'Ada' },
    })
    // The same externalId maps to the same user, who is the conversation's participant.
    expect(sent.author.userId).toBe(conversation.participants?.[0]?.userId)
    expect(sent.author.participantId).toBe(conversation.participants?.[0]?.id)
    expect(new Set([conversation.id, sent.id, conversation.participants?.[0]?.id]).size).toBe(3)
  })

  it('tracks unread counts and typing, and reports both as events it can parse', async () => {
    const adapter = createMemoryAdapter({ clock: fixedClock() })
    const chat = asPromises(adapter)
    const conversation = await chat.conversations.create({ participants: [{ userId: 'cust' }] })
    const conversationId = conversation.id
    await chat.messages.send({
      conversationId,
      message: { author: { role: 'customer', userId: 'cust' }, content: text('a') },
    })
    await chat.messages.send({ conversationId, message: { author: { role: 'agent' }, content: text('b') } })
    expect((await chat.conversations.get({ conversationId })).unreadCount).toBe(2)
    expect((await chat.participants.list({ conversationId }))[0]?.unreadCount).toBe(1)

    await chat.conversations.markRead({ conversationId })
    await chat.conversations.setTyping({ conversationId, typing: true })
    expect((await chat.conversations.get({ conversationId })).unreadCount).toBe(0)
    expect(adapter.memory.snapshot().conversations[0]).toMatchObject({
      id: conversationId,
      typing: true,
      messageCount: 2,
    })

    const events = await chat.events.parse({ body: JSON.stringify(adapter.memory.takeEvents()) })
    expect(events.map((e) => e.type)).toEqual([
      'conversation.created',
      'message.created',
      'message.created',
      'conversation.read',
      'typing',
    ])
    const created = events[1]
    expect(created?.type === 'message.created' && created.message.content).toEqual(text('a'))
    expect(new Set(events.map((e) => e.id)).size).toBe(5)
    expect(adapter.memory.snapshot().pendingEvents).toBe(0)
  })

  it('parses unknown event and content types without failing, and names the paths of bad events', async () => {
    const adapter = asPromises(createMemoryAdapter())
    const [unknown, message] = await adapter.events.parse({
      body: {
        events: [
          { id: 'e1', type: 'conversation.archived', occurredAt: '2026-01-01T00:00:00Z' },
          {
            id: 'e2',
            type: 'message.created',
            occurredAt: '2026-01-01T00:00:00Z',
            message: {
              id: 'm',
              conversationId: 'c',
              author: { role: 'bot' },
              content: { type: 'hologram', text: 'hi' },
              createdAt: '2026-01-01T00:00:00Z',
            },
          },
        ],
      },
    })
    expect(unknown).toMatchObject({ type: 'unknown', vendorType: 'conversation.archived' })
    expect(message).toMatchObject({
      type: 'message.created',
      message: { content: { type: 'unsupported', vendorType: 'hologram', text: 'hi' } },
    })

    const error = await adapter.events
      .parse({ body: { events: [{ id: 'e3', type: 'typing', occurredAt: 'yesterday' }] } })
      .catch((e: ColloquyException) => e.error)
    expect(error).toMatchObject({
      _tag: 'Decode',
      issues: ['events[0].occurredAt: expected an ISO date', 'events[0].typing: expected a boolean'],
    })
  })

  it('answers NotFound for deleted conversations and unknown participants', async () => {
    const chat = asPromises(createMemoryAdapter())
    const { id: conversationId } = await chat.conversations.create({ participants: [{ userId: 'u' }] })
    await expect(chat.participants.leave({ conversationId, userId: 'nobody' })).rejects.toMatchObject({
      error: {
        _tag: 'NotFound',
        resource: 'participant',
        operation: 'participants.leave',
        provider: 'memory',
      },
    })
    await chat.conversations.delete({ conversationId })
    await expect(chat.messages.list({ conversationId })).rejects.toMatchObject({
      error: { _tag: 'NotFound', resource: 'conversation', id: conversationId },
    })
  })

  it('lists conversations by user across pages, with the configured page size', async () => {
    const adapter = createMemoryAdapter({ pageSize: 2 })
    for (let i = 0; i < 5; i++)
      adapter.memory.seed({ participants: [{ userId: i % 2 === 0 ? 'even' : 'odd' }] })
    const first = await asPromises(adapter).conversations.list({})
    expect(first.items).toHaveLength(2)
    const even = await collect(paginate((cursor) => adapter.conversations.list({ userId: 'even', cursor })))
    expect(even).toHaveLength(3)
  })

  it('refuses a seed that repeats an id', () => {
    expect(() =>
      createMemoryAdapter({
        seed: {
          conversations: [
            { id: 'same', participants: [] },
            { id: 'same', participants: [] },
          ],
        },
      }),
    ).toThrow(/'same' is used twice/)
  })
})
