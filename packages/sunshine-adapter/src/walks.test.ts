import type { ColloquyError } from '@colloquy/core'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

const base = 'https://api.smooch.io'
const appId = 'app-1'
const app = `/v2/apps/${appId}`
const adapter = createSunshineAdapter({
  appId,
  keyId: 'app_key',
  keySecret: 'sunshine-key-secret',
  retry: false,
})
const conversationId = 'conversation-1'

const run = <A>(task: TaskEither<ColloquyError, A>) => task()
const message = (id: string, second: number) => ({
  id,
  received: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  author: { type: 'user', userId: 'user-1' },
  content: { type: 'text', text: `message ${id}` },
})

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  nock.cleanAll()
})

/** A hostile vendor whose pages never end: every page names a new cursor, forever. */
const neverEnding = (path: string, page: (n: number) => object) => {
  let requests = 0
  nock(base)
    .get(path)
    .query(true)
    .times(10_000)
    .reply(() => [200, page(++requests)])
  return () => requests
}

describe('the adapter’s own walks over vendor pages are bounded', () => {
  it('messages.list forward: walking back stops after 300 pages (30,000 messages) with Decode', async () => {
    const requests = neverEnding(`${app}/conversations/${conversationId}/messages`, (n) => ({
      messages: [message(`m${n}`, n % 60)],
      meta: { hasMore: true, beforeCursor: `cursor-${n}` },
    }))
    const result = await run(adapter.messages.list({ conversationId, direction: 'forward' }))
    expect(result._tag).toBe('Left')
    const error = result._tag === 'Left' ? result.left : undefined
    expect(error).toMatchObject({ _tag: 'Decode', operation: 'messages.list' })
    expect(error?.message).toContain('did not end within 300 pages')
    expect(requests()).toBe(300)
  })

  it('messages.list forward: a cursor handed out twice ends the walk at once', async () => {
    const requests = neverEnding(`${app}/conversations/${conversationId}/messages`, (n) => ({
      messages: [message(`m${n}`, n % 60)],
      meta: { hasMore: true, beforeCursor: n % 2 ? 'cursor-a' : 'cursor-b' },
    }))
    const result = await run(adapter.messages.list({ conversationId, direction: 'forward' }))
    expect(result._tag === 'Left' && result.left).toMatchObject({
      _tag: 'Decode',
      issues: ['meta.beforeCursor: a cursor already followed'],
    })
    expect(requests()).toBe(3)
  })

  it('participants.list stops after 100 pages with Decode', async () => {
    const requests = neverEnding(`${app}/conversations/${conversationId}/participants`, (n) => ({
      participants: [{ id: `p${n}`, userId: `u${n}` }],
      meta: { hasMore: true, afterCursor: `cursor-${n}` },
    }))
    const result = await run(adapter.participants.list({ conversationId }))
    expect(result._tag === 'Left' && result.left).toMatchObject({
      _tag: 'Decode',
      operation: 'participants.list',
    })
    expect(requests()).toBe(100)
  })

  it('participants.list: a repeated cursor ends the walk at once', async () => {
    const requests = neverEnding(`${app}/conversations/${conversationId}/participants`, (n) => ({
      participants: [{ id: `p${n}`, userId: `u${n}` }],
      meta: { hasMore: true, afterCursor: 'same-cursor' },
    }))
    const result = await run(adapter.participants.list({ conversationId }))
    expect(result._tag === 'Left' && result.left).toMatchObject({
      _tag: 'Decode',
      issues: ['meta.afterCursor: a cursor already followed'],
    })
    expect(requests()).toBe(2)
  })

  it('walks a long but finite history whole (the bound is not hit early)', async () => {
    const pages = 120
    let requests = 0
    nock(base)
      .get(`${app}/conversations/${conversationId}/messages`)
      .query(true)
      .times(pages)
      .reply(() => {
        const n = ++requests
        return [
          200,
          {
            messages: [message(`m${pages - n}`, pages - n)],
            meta: n < pages ? { hasMore: true, beforeCursor: `cursor-${n}` } : { hasMore: false },
          },
        ]
      })
    const result = await run(adapter.messages.list({ conversationId, direction: 'forward', limit: 1 }))
    expect(result._tag === 'Right' && result.right.items.map((m) => m.id)).toEqual(['m0'])
    expect(requests).toBe(pages)
  })
})

describe('cursors the adapter handed out are always accepted', () => {
  it.each(['short', 'an-id-of-thirty-two-characters-x', 'x'])(
    'pages on from message id %j, whatever its length',
    async (id) => {
      nock(base)
        .get(`${app}/conversations/${conversationId}/messages`)
        .reply(200, {
          messages: [message(id, 1), message(`${id}-2`, 2)],
          meta: { hasMore: true, beforeCursor: id },
        })
      const first = await run(adapter.messages.list({ conversationId, limit: 1 }))
      const cursor = first._tag === 'Right' ? first.right.nextCursor : undefined
      expect(cursor).toBeDefined()
      nock(base)
        .get(`${app}/conversations/${conversationId}/messages`)
        .query({ 'page[before]': `${id}-2` })
        .reply(200, { messages: [message(id, 1)], meta: { hasMore: false } })
      const second = await run(adapter.messages.list({ conversationId, limit: 1, cursor }))
      expect(second._tag === 'Right' && second.right.items.map((m) => m.id)).toEqual([id])
    },
  )

  it('pages conversations on from an afterCursor of any length', async () => {
    nock(base)
      .get(`${app}/conversations`)
      .query({ 'filter[userId]': 'user-1', 'page[size]': '25' })
      .reply(200, {
        conversations: [{ id: 'c1', type: 'personal' }],
        meta: { hasMore: true, afterCursor: 'c1' },
      })
    const first = await run(adapter.conversations.list({ userId: 'user-1' }))
    const cursor = first._tag === 'Right' ? first.right.nextCursor : undefined
    nock(base)
      .get(`${app}/conversations`)
      .query({ 'filter[userId]': 'user-1', 'page[size]': '25', 'page[after]': 'c1' })
      .reply(200, { conversations: [], meta: { hasMore: false } })
    expect(await run(adapter.conversations.list({ userId: 'user-1', cursor }))).toMatchObject({
      _tag: 'Right',
      right: { items: [] },
    })
  })
})
