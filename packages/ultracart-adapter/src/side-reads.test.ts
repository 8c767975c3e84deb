import { readFileSync } from 'node:fs'
import type { ColloquyError } from '@colloquy/core'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'))
const base = 'https://secure.ultracart.com/rest/v2'
const uuid = '0f3c2a9e-6c1d-4b8e-9a51-2d7f5e0b8c11'
const conversations = '/conversation/conversations'
const statuses = `${conversations}/queues/statuses`
const agent = 'arn:example:participant/agent1'
const customer = 'arn:example:participant/jane'

const run = <A>(task: TaskEither<ColloquyError, A>) => task()
const adapter = (agentArns: readonly string[] = []) =>
  createUltraCartAdapter({
    simpleKey: 'ultracart-simple-key-0001',
    agentArns,
    retry: false,
    rateLimit: false,
  })

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  const pending = nock.pendingMocks()
  nock.cleanAll()
  expect(pending, 'every interceptor is consumed').toEqual([])
})

describe('a failing side read (the webchat queue statuses) does not fail the read it serves', () => {
  it.each([
    ['a 403 for a key without that permission', 403, { error: { developer_message: 'permission denied' } }],
    ['a 500', 500, { error: { developer_message: 'oops' } }],
    ['a 400', 400, { error: { developer_message: 'bad' } }],
    ['a 200 reporting failure', 200, { success: false, error: { developer_message: 'no queue access' } }],
    ['a 200 the codec cannot read', 200, { queue_statuses: 'none' }],
  ])('conversations.get with %s: roles from agentArns', async (_, status, body) => {
    nock(base).get(statuses).reply(status, body)
    nock(base).get(`${conversations}/${uuid}`).reply(200, fixture('conversation.get.json'))
    const result = await run(adapter([agent]).conversations.get({ conversationId: uuid }))
    expect(result._tag).toBe('Right')
    const roles = result._tag === 'Right' ? result.right.participants?.map((p) => [p.userId, p.role]) : []
    expect(roles).toEqual([
      [customer, 'customer'],
      [agent, 'agent'],
    ])
  })

  it('conversations.list and messages.list read on too; a permanent refusal is not asked again', async () => {
    const chat = adapter()
    nock(base)
      .get(statuses)
      .reply(403, { error: { developer_message: 'permission denied' } })
    nock(base).get(conversations).query(true).reply(200, fixture('conversations.list.json'))
    expect((await run(chat.conversations.list({})))._tag).toBe('Right')
    // Within agentCacheMs the refusal stands: no second queue read for the next call.
    nock(base)
      .get(`${conversations}/${uuid}/messages/0`)
      .query(true)
      .reply(200, fixture('messages.since.json'))
    const messages = await run(chat.messages.list({ conversationId: uuid }))
    expect(messages._tag === 'Right' && messages.right.items.every((m) => m.author.role !== 'agent')).toBe(
      true,
    )
  })

  it('a passing fault is asked again next time, and the good answer then counts', async () => {
    const chat = adapter()
    nock(base).get(statuses).reply(503, {})
    nock(base).get(`${conversations}/${uuid}`).times(2).reply(200, fixture('conversation.get.json'))
    const first = await run(chat.conversations.get({ conversationId: uuid }))
    expect(first._tag === 'Right' && first.right.participants?.map((p) => p.role)).toEqual([
      'customer',
      'customer',
    ])
    nock(base).get(statuses).reply(200, fixture('queue-statuses.json'))
    const second = await run(chat.conversations.get({ conversationId: uuid }))
    expect(second._tag === 'Right' && second.right.participants?.map((p) => p.role)).toEqual([
      'customer',
      'agent',
    ])
  })

  it('reads that start together share one queue read (the budget is 1,000 requests an hour)', async () => {
    const chat = adapter()
    // One interceptor: a second queue read would find none and fail the test's nock check.
    nock(base).get(statuses).delay(20).reply(200, fixture('queue-statuses.json'))
    nock(base).get(`${conversations}/${uuid}`).times(3).reply(200, fixture('conversation.get.json'))
    const reads = await Promise.all(
      [1, 2, 3].map(() => run(chat.conversations.get({ conversationId: uuid }))),
    )
    expect(reads.map((read) => read._tag === 'Right' && read.right.participants?.map((p) => p.role))).toEqual(
      Array(3).fill(['customer', 'agent']),
    )
  })
})

describe('listing conversations', () => {
  it('asks for the vendor’s largest page (200) unless told otherwise', async () => {
    nock(base).get(statuses).reply(200, fixture('queue-statuses.json'))
    nock(base)
      .get(conversations)
      .query({ _limit: '200', _offset: '0' })
      .reply(200, fixture('conversations.list.json'))
    expect((await run(adapter().conversations.list({})))._tag).toBe('Right')
  })

  it.each([-1, 0, 250, 2_000_000_000])(
    'pages on from a next_offset of %i it handed out',
    async (nextOffset) => {
      const chat = adapter()
      nock(base).get(statuses).reply(200, fixture('queue-statuses.json'))
      const listed = fixture('conversations.list.json') as {
        metadata: { result_set: Record<string, unknown> }
      }
      listed.metadata.result_set = { ...listed.metadata.result_set, more: true, next_offset: nextOffset }
      nock(base).get(conversations).query(true).reply(200, listed)
      const first = await run(chat.conversations.list({}))
      const cursor = first._tag === 'Right' ? first.right.nextCursor : undefined
      expect(cursor).toBeDefined()
      nock(base)
        .get(conversations)
        .query({ _limit: '200', _offset: String(nextOffset) })
        .reply(200, { conversations: [], success: true })
      expect(await run(chat.conversations.list({ cursor }))).toMatchObject({
        _tag: 'Right',
        right: { items: [] },
      })
    },
  )
})

describe('a 200 reporting failure keeps the evidence', () => {
  it('status, request id, headers and the body excerpt', async () => {
    nock(base).get(statuses).reply(200, fixture('queue-statuses.json'))
    nock(base)
      .get(`${conversations}/${uuid}`)
      .reply(
        200,
        { success: false, error: { developer_message: 'odd', error_code: 'E_ODD' } },
        { 'x-request-id': 'req-42' },
      )
    const result = await run(adapter().conversations.get({ conversationId: uuid }))
    expect(result._tag === 'Left' && result.left).toMatchObject({
      _tag: 'Http',
      status: 200,
      vendorCode: 'E_ODD',
      requestId: 'req-42',
      responseHeaders: { 'x-request-id': 'req-42' },
      body: expect.stringContaining('"developer_message":"odd"'),
    })
  })
})
