import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ColloquyError } from '@colloquy/core'
import { expectLeft, expectRight } from '@colloquy/core/testing'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import nock from 'nock'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'))
const base = 'https://secure.ultracart.com/rest/v2'
const uuid = '0f3c2a9e-6c1d-4b8e-9a51-2d7f5e0b8c11'
const conversations = '/conversation/conversations'
const simpleKey = 'ultracart-simple-key-0001'
const accessToken = 'ultracart-oauth-token-0001'

beforeAll(() => {
  nock.disableNetConnect()
  nock.enableNetConnect('127.0.0.1')
})
afterEach(() => {
  const pending = nock.pendingMocks()
  nock.cleanAll()
  expect(pending, 'every interceptor is consumed').toEqual([])
})

describe.each([
  ['simple key', { simpleKey }, { 'x-ultracart-simple-key': simpleKey }],
  ['OAuth token', { accessToken }, { authorization: `Bearer ${accessToken}` }],
] as const)('UltraCart adapter requests with the %s', (_, credentials, authHeader) => {
  // A fresh adapter per test: each reads the queue agents once and caches them.
  let adapter: ReturnType<typeof createUltraCartAdapter>
  beforeEach(() => {
    adapter = createUltraCartAdapter({ ...credentials, retry: false, rateLimit: false })
  })
  const vendor = () =>
    nock(base, {
      reqheaders: { ...authHeader, 'x-ultracart-api-version': '2017-03-01', accept: 'application/json' },
    })
  /** The queue statuses the adapter reads once to know which ARNs are agents. */
  const agentsOnce = () =>
    vendor().get(`${conversations}/queues/statuses`).reply(200, fixture('queue-statuses.json'))

  it('conversations.list pages by _limit/_offset inside an opaque cursor', async () => {
    agentsOnce()
    vendor()
      .get(conversations)
      .query({ _limit: '2', _offset: '0' })
      .reply(200, {
        ...fixture('conversations.list.json'),
        metadata: { result_set: { count: 1, limit: 2, offset: 0, next_offset: 2, more: true } },
      })
    const page = await expectRight(adapter.conversations.list({ limit: 2 }))
    expect(page.items).toMatchObject([
      { id: uuid, status: 'open', lastMessage: { text: 'Where is my order?', authorName: 'Jane' } },
    ])
    vendor()
      .get(conversations)
      .query({ _limit: '2', _offset: '2' })
      .reply(200, { conversations: [], success: true, metadata: { result_set: { more: false } } })
    expect(await expectRight(adapter.conversations.list({ limit: 2, cursor: page.nextCursor }))).toEqual({
      items: [],
    })
  })

  it('conversations.get maps participants inline, with roles from the queue agents', async () => {
    agentsOnce()
    vendor().get(`${conversations}/${uuid}`).reply(200, fixture('conversation.get.json'))
    const conversation = await expectRight(adapter.conversations.get({ conversationId: uuid }))
    expect(conversation.participants).toMatchObject([
      { userId: 'arn:example:participant/jane', role: 'customer', email: 'jane@example.com' },
      {
        userId: 'arn:example:participant/agent1',
        role: 'agent',
        displayName: 'Sam (support)',
        unreadCount: 1,
      },
    ])
  })

  it('conversations.create starts a conversation with participant ARNs', async () => {
    agentsOnce()
    vendor()
      .put(conversations, { add_conversation_participant_arns: ['arn:example:participant/jane'] })
      .reply(200, fixture('conversation.start.json'))
    expect(
      await expectRight(
        adapter.conversations.create({ participants: [{ userId: 'arn:example:participant/jane' }] }),
      ),
    ).toMatchObject({ id: uuid })
  })

  it('conversations.markRead', async () => {
    vendor().put(`${conversations}/${uuid}/markread`).reply(200)
    await expectRight(adapter.conversations.markRead({ conversationId: uuid }))
  })

  it('messages.list asks messages since an epoch, one millisecond before the last one returned', async () => {
    agentsOnce()
    vendor()
      .get(`${conversations}/${uuid}/messages/0`)
      .query({ limit: '1' })
      .reply(200, fixture('messages.since.json'))
    const first = await expectRight(adapter.messages.list({ conversationId: uuid, limit: 1 }))
    expect(first.items).toMatchObject([
      {
        id: '9d1e…',
        author: { role: 'customer', displayName: 'Jane' },
        content: { type: 'text', text: 'Where is my order?' },
      },
    ])
    vendor()
      .get(`${conversations}/${uuid}/messages/1714586590999`)
      .query({ limit: '2' })
      .reply(200, { conversation_messages: [], success: true })
    // Nothing newer: an empty page that keeps its place (resumeCursor is where the request stood).
    expect(
      await expectRight(adapter.messages.list({ conversationId: uuid, limit: 1, cursor: first.nextCursor })),
    ).toEqual({ items: [], resumeCursor: first.nextCursor })
  })

  it('participants.list, join and leave act for the authenticated agent', async () => {
    agentsOnce()
    vendor()
      .get(`${conversations}/${uuid}`)
      .query({ limit: '0' })
      .reply(200, fixture('conversation.get.json'))
    expect(await expectRight(adapter.participants.list({ conversationId: uuid }))).toHaveLength(2)
    vendor().put('/conversation/agent/auth').reply(200, fixture('agent-auth.json'))
    vendor().put(`${conversations}/${uuid}/join`).reply(200)
    vendor()
      .get(`${conversations}/${uuid}`)
      .query({ limit: '0' })
      .reply(200, fixture('conversation.get.json'))
    expect(
      await expectRight(
        adapter.participants.join({ conversationId: uuid, userId: 'arn:example:participant/agent1' }),
      ),
    ).toMatchObject({
      id: '5a1d6c1e-0000-4000-8000-000000000002',
      role: 'agent',
    })
    expect(
      await expectLeft(
        adapter.participants.join({ conversationId: uuid, userId: 'arn:example:participant/jane' }),
      ),
    ).toMatchObject({ _tag: 'InvalidRequest' })
    vendor().delete(`${conversations}/${uuid}/leave`).reply(200)
    await expectRight(
      adapter.participants.leave({ conversationId: uuid, userId: 'arn:example:participant/agent1' }),
    )
  })

  it('the extras: agent auth, keep-alive, upload URL, queue statuses and their update', async () => {
    vendor().put('/conversation/agent/auth').reply(200, fixture('agent-auth.json'))
    expect(await expectRight(adapter.ultracart.agentAuth())).toMatchObject({
      websocketUrl: 'wss://example.ultracart.com/conversation/ws',
      participantId: 'arn:example:participant/agent1',
    })
    vendor().get('/conversation/agent/keepalive').reply(200)
    await expectRight(adapter.ultracart.keepAlive())
    vendor().get('/conversation/upload_url/png').reply(200, fixture('upload-url.json'))
    expect(await expectRight(adapter.ultracart.uploadUrl({ extension: 'png' }))).toEqual({
      key: 'conversation/DEMO/abc.png',
      url: 'https://uploads.example.com/conversation/DEMO/abc.png?signature=x',
    })
    vendor().get(`${conversations}/queues/statuses`).reply(200, fixture('queue-statuses.json'))
    expect(await expectRight(adapter.ultracart.queueStatuses())).toMatchObject([
      {
        queueName: 'support',
        availableAgents: 1,
        waitingCustomers: 3,
        agents: [
          { participantId: 'arn:example:participant/agent1', status: 'available' },
          { status: 'busy' },
        ],
      },
    ])
    vendor().put(`${conversations}/queues/support/status`, { agent_status: 'busy' }).reply(200)
    await expectRight(adapter.ultracart.updateQueueStatus({ queueName: 'support', status: 'busy' }))
    expect(await expectLeft(adapter.ultracart.uploadUrl({ extension: '../png' }))).toMatchObject({
      _tag: 'InvalidRequest',
    })
  })

  it('operations without a REST endpoint are Unsupported, without a request', async () => {
    for (const [task, capability] of [
      [
        adapter.messages.send({
          conversationId: uuid,
          message: { author: { role: 'agent' }, content: { type: 'text', text: 'x' } },
        }),
        'messages.send',
      ],
      [adapter.messages.delete({ conversationId: uuid, messageId: 'm' }), 'messages.delete'],
      [adapter.messages.deleteAll({ conversationId: uuid }), 'messages.deleteAll'],
      [adapter.conversations.setTyping({ conversationId: uuid, typing: true }), 'conversations.setTyping'],
      [adapter.conversations.update({ conversationId: uuid, title: 't' }), 'conversations.update'],
    ] as const) {
      expect(await expectLeft<ColloquyError, unknown>(task)).toMatchObject({
        _tag: 'Unsupported',
        capability,
      })
    }
  })
})

describe('UltraCart errors', () => {
  const adapter = createUltraCartAdapter({ simpleKey, retry: false, rateLimit: false })
  const examples = fixture('errors.json') as unknown as { status: number; header: string; body: unknown }[]
  const tags: Record<number, string> = {
    400: 'InvalidRequest',
    401: 'Unauthorized',
    410: 'Unauthorized',
    429: 'RateLimited',
    500: 'Http',
  }

  it.each(examples.map((e) => [e.status, e] as const))(
    '%i with the error envelope and UC-REST-ERROR',
    async (status, example) => {
      nock(base)
        .put(`${conversations}/${uuid}/markread`)
        .reply(status, example.body as nock.Body, { 'UC-REST-ERROR': example.header })
      const error = await expectLeft(adapter.conversations.markRead({ conversationId: uuid }))
      expect(error).toMatchObject({
        _tag: tags[status],
        provider: 'ultracart',
        operation: 'conversations.markRead',
      })
      if (status !== 500) expect(error.message).toContain(example.header)
    },
  )

  it('uses UC-REST-ERROR when the body says nothing', async () => {
    nock(base)
      .put(`${conversations}/${uuid}/markread`)
      .reply(400, '', { 'UC-REST-ERROR': 'conversation_uuid is invalid' })
    expect((await expectLeft(adapter.conversations.markRead({ conversationId: uuid }))).message).toContain(
      'conversation_uuid is invalid',
    )
  })

  it('treats a 200 with success: false as an error, not data', async () => {
    nock(base).get(`${conversations}/queues/statuses`).reply(200, fixture('queue-statuses.json'))
    nock(base).get(`${conversations}/${uuid}`).reply(200, fixture('error.not-found.json'))
    expect(await expectLeft(adapter.conversations.get({ conversationId: uuid }))).toMatchObject({
      _tag: 'NotFound',
      resource: 'conversation',
      id: uuid,
    })
    nock(base)
      .get(`${conversations}/${uuid}`)
      .reply(200, { success: false, error: { developer_message: 'odd' } })
    expect(await expectLeft(adapter.conversations.get({ conversationId: uuid }))).toMatchObject({
      _tag: 'Http',
      status: 200,
      message: expect.stringContaining('odd'),
    })
  })
})

describe("UltraCart's default budget", () => {
  it('never overlaps 20 parallel calls by default', async () => {
    let inFlight = 0
    let maxInFlight = 0
    const server = createServer((request, response) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight)
      setTimeout(() => {
        inFlight--
        response.writeHead(200, { 'content-type': 'application/json' }).end('')
      }, 5)
      request.resume()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const adapter = createUltraCartAdapter({
        simpleKey,
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest/v2`,
        retry: false,
      })
      await Promise.all(
        Array.from({ length: 20 }, () =>
          expectRight(adapter.conversations.markRead({ conversationId: uuid })),
        ),
      )
    } finally {
      server.close()
    }
    expect(maxInFlight).toBe(1)
  })

  it('waits out a 429 with Retry-After, then succeeds', async () => {
    const adapter = createUltraCartAdapter({ simpleKey })
    const arrivals: number[] = []
    nock(base)
      .put(`${conversations}/${uuid}/markread`)
      .times(2)
      .reply(() => {
        arrivals.push(Date.now())
        return arrivals.length === 1
          ? [429, fixture('errors.json')[3] as nock.Body, { 'Retry-After': '1' }]
          : [200, '']
      })
    // On a fake clock: the wait is measured in fake milliseconds, whatever the machine's load.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    try {
      let settled = false
      const marking = expectRight(adapter.conversations.markRead({ conversationId: uuid })).finally(() => {
        settled = true
      })
      while (!settled) await vi.advanceTimersByTimeAsync(10)
      await marking
    } finally {
      vi.useRealTimers()
    }
    expect(arrivals).toHaveLength(2)
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(1_000)
  })
})
