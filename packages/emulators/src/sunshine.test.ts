import { type SunshineEmulator, startSunshineEmulator } from '@colloquy/emulators'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { specClient } from './test-support/spec-client.js'
import { schemaValidator, specValidator } from './test-support/spec-validator.js'
import { startWebhookReceiver } from './test-support/webhook-receiver.js'

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary vendor JSON and assert on it
type Json = Record<string, any>
const validator = specValidator('sunshine')
const errorSchema = schemaValidator('sunshine', 'errorResponse')
const P = {
  conversations: '/v2/apps/{appId}/conversations',
  conversation: '/v2/apps/{appId}/conversations/{conversationId}',
  join: '/v2/apps/{appId}/conversations/{conversationId}/join',
  leave: '/v2/apps/{appId}/conversations/{conversationId}/leave',
  participants: '/v2/apps/{appId}/conversations/{conversationId}/participants',
  messages: '/v2/apps/{appId}/conversations/{conversationId}/messages',
  message: '/v2/apps/{appId}/conversations/{conversationId}/messages/{messageId}',
  activity: '/v2/apps/{appId}/conversations/{conversationId}/activity',
  users: '/v2/apps/{appId}/users',
  user: '/v2/apps/{appId}/users/{userIdOrExternalId}',
}

const basic = (keyId: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${keyId}:${secret}`).toString('base64')}`,
})
const jwt = async (kid: string, secret: string, claims: Json = { scope: 'app' }) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
    .sign(new TextEncoder().encode(secret))

describe('Sunshine emulator', () => {
  let emulator: SunshineEmulator
  let client: ReturnType<typeof specClient>
  let appId: string
  let auth: Record<string, string>

  beforeAll(async () => {
    emulator = await startSunshineEmulator()
    appId = emulator.credentials.appId
    auth = basic(emulator.credentials.keyId, emulator.credentials.keySecret)
    client = specClient({
      baseUrl: emulator.url,
      validator,
      authorization: () => auth,
      validateUndocumentedError: errorSchema,
    })
  })
  afterAll(() => emulator.close())

  const createUser = async (externalId: string, profile: Json = {}) => {
    const created = await client.call('POST', P.users, { appId }, { body: { externalId, profile } })
    expect(created.status).toBe(201)
    return (created.body as Json).user as Json
  }

  it('creates, reads, lists, updates and deletes users', async () => {
    const user = await createUser('ext-ada', { givenName: 'Ada', email: 'ada@example.com' })
    expect((await client.call('POST', P.users, { appId }, { body: { externalId: 'ext-ada' } })).status).toBe(
      409,
    )
    expect((await client.call('GET', P.user, { appId, userIdOrExternalId: 'ext-ada' })).body).toEqual({
      user,
    })
    const listed = await client.call(
      'GET',
      P.users,
      { appId },
      { query: { 'filter[identities.email]': 'ada@example.com' } },
    )
    expect((listed.body as Json).users.map((u: Json) => u.id)).toEqual([user.id])
    expect((await client.call('GET', P.users, { appId })).status).toBe(400)
    const patched = await client.call(
      'PATCH',
      P.user,
      { appId, userIdOrExternalId: user.id },
      { body: { profile: { surname: 'Lovelace' } } },
    )
    expect((patched.body as Json).user.profile).toEqual({
      givenName: 'Ada',
      email: 'ada@example.com',
      surname: 'Lovelace',
    })
    expect((await client.call('DELETE', P.user, { appId, userIdOrExternalId: user.id })).status).toBe(200)
    expect((await client.call('GET', P.user, { appId, userIdOrExternalId: user.id })).status).toBe(404)
  })

  it('creates conversations, lists them per user in cursor pages, updates and deletes them', async () => {
    const user = await createUser('ext-grace')
    const ids: string[] = []
    for (const n of [1, 2, 3]) {
      const created = await client.call(
        'POST',
        P.conversations,
        { appId },
        {
          body: {
            type: 'personal',
            participants: [{ userExternalId: 'ext-grace' }],
            displayName: `Chat ${n}`,
          },
        },
      )
      expect(created.status).toBe(201)
      ids.push((created.body as Json).conversation.id)
    }
    const badType = await client.call(
      'POST',
      P.conversations,
      { appId },
      { body: { type: 'group', participants: [] } },
    )
    expect(badType.status).toBe(400)
    expect(
      (
        await client.call(
          'POST',
          P.conversations,
          { appId },
          { body: { type: 'personal', participants: [{ userId: 'nobody' }] } },
        )
      ).status,
    ).toBe(404)

    const first = await client.call(
      'GET',
      P.conversations,
      { appId },
      { query: { 'filter[userId]': user.id, 'page[size]': '2' } },
    )
    const firstBody = first.body as Json
    expect(firstBody.conversations.map((c: Json) => c.id)).toEqual(ids.slice(0, 2))
    expect(firstBody.meta).toEqual({ hasMore: true, afterCursor: ids[1] })
    const second = await client.call(
      'GET',
      P.conversations,
      { appId },
      {
        query: { 'filter[userId]': user.id, 'page[size]': '2', 'page[after]': firstBody.meta.afterCursor },
      },
    )
    expect((second.body as Json).conversations.map((c: Json) => c.id)).toEqual(ids.slice(2))
    expect((second.body as Json).meta).toEqual({ hasMore: false, beforeCursor: ids[2] })
    expect((await client.call('GET', P.conversations, { appId })).status).toBe(400)
    // By the user's externalId, exactly: a userId is not an externalId, and both at once is refused.
    const byExternalId = await client.call(
      'GET',
      P.conversations,
      { appId },
      { query: { 'filter[userExternalId]': user.externalId, 'page[size]': '10' } },
    )
    expect((byExternalId.body as Json).conversations.map((c: Json) => c.id)).toEqual(ids)
    const externalIdAsUserId = await client.call(
      'GET',
      P.conversations,
      { appId },
      { query: { 'filter[userId]': user.externalId } },
    )
    expect(externalIdAsUserId.status).toBe(404)
    const both = await client.call(
      'GET',
      P.conversations,
      { appId },
      { query: { 'filter[userId]': user.id, 'filter[userExternalId]': user.externalId } },
    )
    expect(both.status).toBe(400)

    const conversationId = ids[0] as string
    const patched = await client.call(
      'PATCH',
      P.conversation,
      { appId, conversationId },
      {
        body: { displayName: 'Renamed', metadata: { a: 1, b: 2 } },
      },
    )
    expect((patched.body as Json).conversation).toMatchObject({
      displayName: 'Renamed',
      metadata: { a: 1, b: 2 },
    })
    const unset = await client.call(
      'PATCH',
      P.conversation,
      { appId, conversationId },
      { body: { metadata: { a: null } } },
    )
    expect((unset.body as Json).conversation.metadata).toEqual({ b: 2 })
    expect((await client.call('DELETE', P.conversation, { appId, conversationId })).status).toBe(200)
    expect((await client.call('GET', P.conversation, { appId, conversationId })).status).toBe(404)

    const [defaultConversation] = emulator.seed({
      conversations: [{ isDefault: true, participants: [{ userId: user.id }] }],
    }).conversations
    const refused = await client.call('DELETE', P.conversation, {
      appId,
      conversationId: defaultConversation?.id ?? '',
    })
    expect(refused.status).toBe(400)
  })

  it('joins, lists and leaves participants of an sdkGroup conversation only', async () => {
    const [a, b] = [await createUser('ext-a'), await createUser('ext-b')]
    const group = await client.call(
      'POST',
      P.conversations,
      { appId },
      { body: { type: 'sdkGroup', participants: [{ userId: a?.id }] } },
    )
    const conversationId = (group.body as Json).conversation.id
    const joined = await client.call('POST', P.join, { appId, conversationId }, { body: { userId: b?.id } })
    expect(joined.status).toBe(201)
    const listed = await client.call('GET', P.participants, { appId, conversationId })
    expect((listed.body as Json).participants.map((p: Json) => p.userId)).toEqual([a?.id, b?.id])
    expect(
      (
        await client.call(
          'POST',
          P.leave,
          { appId, conversationId },
          { body: { participantId: (joined.body as Json).participant.id } },
        )
      ).status,
    ).toBe(200)
    expect(
      (await client.call('POST', P.leave, { appId, conversationId }, { body: { userId: b?.id } })).status,
    ).toBe(404)
    expect((await client.call('POST', P.leave, { appId, conversationId }, { body: {} })).status).toBe(400)

    const personal = await client.call(
      'POST',
      P.conversations,
      { appId },
      { body: { type: 'personal', participants: [{ userId: a?.id }] } },
    )
    const refused = await client.call(
      'POST',
      P.join,
      { appId, conversationId: (personal.body as Json).conversation.id },
      { body: { userId: b?.id } },
    )
    expect(refused.status).toBe(400)
  })

  it("accepts every PostMessage request example of the vendor's spec and lists, deletes the messages", async () => {
    const user = await createUser('ext-examples')
    const created = await client.call(
      'POST',
      P.conversations,
      { appId },
      { body: { type: 'personal', participants: [{ userId: user.id }] } },
    )
    const conversationId = (created.body as Json).conversation.id
    const names = ['text', 'image', 'file', 'carousel', 'list', 'location', 'form', 'whatsappTemplate']
    const sent: string[] = []
    for (const name of names) {
      const example = validator.example(name) as Json
      expect(example, `spec example ${name}`).toBeDefined()
      const posted = await client.call('POST', P.messages, { appId, conversationId }, { body: example })
      expect(posted.status, `example ${name}`).toBe(201)
      const [message] = (posted.body as Json).messages
      expect(message.content).toEqual(example.content)
      sent.push(message.id)
    }
    const asUser = await client.call(
      'POST',
      P.messages,
      { appId, conversationId },
      {
        body: {
          author: { type: 'user', userId: user.id },
          content: { type: 'text', text: 'hi' },
          metadata: { k: 'v' },
        },
      },
    )
    expect((asUser.body as Json).messages[0]).toMatchObject({
      author: { type: 'user', userId: user.id, userExternalId: 'ext-examples' },
      metadata: { k: 'v' },
    })
    const refusals = [
      { author: { type: 'robot' }, content: { type: 'text', text: 'x' } },
      { author: { type: 'business' }, content: { type: 'formResponse', fields: [] } },
      { author: { type: 'business' }, content: { type: 'image' } },
      { author: { type: 'business' }, content: { type: 'text', text: 'x'.repeat(4097) } },
      { author: { type: 'business' }, content: { type: 'template', template: {} } },
    ]
    for (const body of refusals)
      expect((await client.call('POST', P.messages, { appId, conversationId }, { body })).status).toBe(400)

    const listed = await client.call('GET', P.messages, { appId, conversationId })
    expect((listed.body as Json).messages.map((m: Json) => m.id)).toEqual([
      ...sent,
      (asUser.body as Json).messages[0].id,
    ])
    expect(
      (await client.call('DELETE', P.message, { appId, conversationId, messageId: sent[0] ?? '' })).status,
    ).toBe(200)
    expect(
      (await client.call('DELETE', P.message, { appId, conversationId, messageId: sent[0] ?? '' })).status,
    ).toBe(404)
    expect((await client.call('DELETE', P.messages, { appId, conversationId })).status).toBe(200)
    expect((await client.call('GET', P.messages, { appId, conversationId })).body).toEqual({
      messages: [],
      meta: { hasMore: false },
      links: {},
    })
  })

  it("accepts the spec's inline request examples of JoinConversation, LeaveConversation and PostActivity", async () => {
    const join = validator.requestExample('POST', P.join, 'default') as Json
    const leave = validator.requestExample('POST', P.leave, 'default') as Json
    const activity = validator.requestExample('POST', P.activity, 'default') as Json
    // The examples name users by id; the vendor's users must exist for them to be accepted.
    emulator.seed({
      users: [
        { id: join.userId, externalId: 'example-joiner' },
        { id: activity.author.userId, externalId: 'example-reader' },
      ],
    })
    const [group] = emulator.seed({
      conversations: [{ type: 'sdkGroup', participants: [{ userId: activity.author.userId }] }],
    }).conversations
    const conversationId = group?.id ?? ''
    expect((await client.call('POST', P.join, { appId, conversationId }, { body: join })).status).toBe(201)
    expect((await client.call('POST', P.leave, { appId, conversationId }, { body: leave })).status).toBe(200)
    expect(
      (await client.call('POST', P.activity, { appId, conversationId }, { body: activity })).status,
    ).toBe(200)
  })

  it('records read and typing activity', async () => {
    const user = await createUser('ext-activity')
    const [seeded] = emulator.seed({
      conversations: [
        {
          participants: [{ userId: user.id }],
          messages: [{ author: { type: 'business' }, content: { type: 'text', text: 'unread' } }],
        },
      ],
    }).conversations
    const conversationId = seeded?.id ?? ''
    expect(emulator.state().conversations.find((c) => c.id === conversationId)?.participants).toMatchObject([
      { unreadCount: 1 },
    ])
    const post = (body: Json) => client.call('POST', P.activity, { appId, conversationId }, { body })
    expect(
      (await post({ author: { type: 'user', userId: user.id }, type: 'conversation:read' })).status,
    ).toBe(200)
    expect((await post({ author: { type: 'business' }, type: 'conversation:read' })).status).toBe(200)
    expect((await post({ author: { type: 'business' }, type: 'typing:start' })).status).toBe(200)
    expect((await post({ author: { type: 'user', userId: user.id }, type: 'typing:start' })).status).toBe(400)
    const state = emulator.state().conversations.find((c) => c.id === conversationId)
    expect(state?.participants).toMatchObject([{ unreadCount: 0, lastRead: expect.any(String) }])
    expect(state?.businessLastRead).toEqual(expect.any(String))
  })

  it('pages through 250 messages backward and forward, each exactly once, 100 per page', async () => {
    const user = await createUser('ext-paging')
    const start = Date.parse('2025-01-01T00:00:00Z')
    const [seeded] = emulator.seed({
      conversations: [
        {
          participants: [{ userId: user.id }],
          messages: Array.from({ length: 250 }, (_, i) => ({
            received: new Date(start + i * 1000),
            author: { type: 'user' as const, userId: user.id },
            content: { type: 'text', text: `m${i}` },
          })),
        },
      ],
    }).conversations
    const conversationId = seeded?.id ?? ''
    const backward: string[][] = []
    let query: Record<string, string> = {}
    for (;;) {
      const page = (
        await client.call(
          'GET',
          P.messages,
          { appId, conversationId },
          { query: { ...query, 'page[size]': '7' } },
        )
      ).body as Json
      backward.push(page.messages.map((m: Json) => m.content.text))
      if (!page.meta.hasMore) break
      expect(page.links.prev).toContain(`page%5Bbefore%5D=${page.meta.beforeCursor}`)
      query = { 'page[before]': page.meta.beforeCursor }
    }
    expect(backward.map((page) => page.length)).toEqual([100, 100, 50])
    const expected = Array.from({ length: 250 }, (_, i) => `m${i}`)
    expect(backward.reverse().flat()).toEqual(expected)

    const forward: string[] = []
    query = { 'page[after]': '0'.repeat(24) }
    for (;;) {
      const page = (await client.call('GET', P.messages, { appId, conversationId }, { query })).body as Json
      forward.push(...page.messages.map((m: Json) => m.content.text))
      if (!page.meta.hasMore) break
      query = { 'page[after]': page.meta.afterCursor }
    }
    expect(forward).toEqual(expected)
    expect(
      (
        await client.call(
          'GET',
          P.messages,
          { appId, conversationId },
          { query: { 'page[before]': 'short' } },
        )
      ).status,
    ).toBe(400)
  })

  it('answers 423 past 30,000 messages and 413 for bodies over 100 KB', async () => {
    const [seeded] = emulator.seed({
      conversations: [
        {
          messages: Array.from({ length: 30_000 }, () => ({
            author: { type: 'business' as const },
            content: { type: 'text', text: '.' },
          })),
        },
      ],
    }).conversations
    const conversationId = seeded?.id ?? ''
    const locked = await client.call(
      'POST',
      P.messages,
      { appId, conversationId },
      { body: { author: { type: 'business' }, content: { type: 'text', text: 'one more' } } },
    )
    expect(locked.status).toBe(423)
    expect(locked.body).toEqual({
      errors: [{ code: 'locked', title: 'Message limit of 30000 per conversation reached.' }],
    })
    const huge = await client.call(
      'POST',
      P.messages,
      { appId, conversationId },
      {
        body: {
          author: { type: 'business' },
          content: { type: 'text', text: 'x' },
          metadata: { padding: 'x'.repeat(101 * 1024) },
        },
      },
    )
    expect(huge.status).toBe(413)
  })

  describe('auth', () => {
    const getApp = (headers: Record<string, string>) =>
      client.call(
        'GET',
        P.users,
        { appId },
        { query: { 'filter[identities.email]': 'none@example.com' }, headers },
      )

    it('accepts Basic and HS256 JWTs with kid and scope', async () => {
      expect((await getApp(auth)).status).toBe(200)
      const token = await jwt(emulator.credentials.keyId, emulator.credentials.keySecret)
      expect((await getApp({ authorization: `Bearer ${token}` })).status).toBe(200)
    })

    it.each([
      ['a wrong secret', async (e: SunshineEmulator) => basic(e.credentials.keyId, 'wrong')],
      ['no credentials', async () => ({ authorization: '' })],
      [
        'a bad signature',
        async (e: SunshineEmulator) => ({
          authorization: `Bearer ${await jwt(e.credentials.keyId, 'not-the-secret')}`,
        }),
      ],
      [
        'a wrong kid',
        async (e: SunshineEmulator) => ({
          authorization: `Bearer ${await jwt('app_unknown', e.credentials.keySecret)}`,
        }),
      ],
      [
        'no scope claim',
        async (e: SunshineEmulator) => ({
          authorization: `Bearer ${await jwt(e.credentials.keyId, e.credentials.keySecret, {})}`,
        }),
      ],
      [
        'the user scope',
        async (e: SunshineEmulator) => ({
          authorization: `Bearer ${await jwt(e.credentials.keyId, e.credentials.keySecret, { scope: 'user' })}`,
        }),
      ],
    ])('rejects %s with the vendor 401 body', async (_, headers) => {
      const rejected = await getApp(await headers(emulator))
      expect(rejected.status).toBe(401)
      expect(rejected.body).toEqual({
        errors: [{ code: 'unauthorized', title: 'Authorization is required' }],
      })
    })

    it('logs requests with credentials redacted', () => {
      const logged = emulator.requests()
      expect(logged.length).toBeGreaterThan(10)
      expect(JSON.stringify(logged)).not.toContain(emulator.credentials.keySecret)
      expect(logged[0]?.headers.authorization).toBe('[REDACTED]')
    })
  })

  it('delivers the conversation:message webhook with the secret when a customer writes', async () => {
    const receiver = await startWebhookReceiver()
    const received = receiver.received as { headers: Json; body: Json }[]
    const url = `${receiver.url}/hook`
    const hooked = await startSunshineEmulator({
      webhooks: [{ target: url, secret: 'hook-secret', triggers: ['conversation:message'] }],
    })
    try {
      const { users, conversations } = hooked.seed({
        users: [{ externalId: 'cust', profile: { givenName: 'Cust' } }],
        conversations: [{ participants: [{ userExternalId: 'cust' }] }],
      })
      const message = await hooked.simulateCustomerMessage({
        conversationId: conversations[0]?.id ?? '',
        text: 'Hi there',
      })
      expect(received).toHaveLength(1)
      expect(received[0]?.headers['x-api-key']).toBe('hook-secret')
      expect(received[0]?.body).toMatchObject({
        app: { id: hooked.credentials.appId },
        webhook: { version: 'v2' },
        events: [
          {
            type: 'conversation:message',
            payload: {
              conversation: { id: conversations[0]?.id },
              message: { id: message.id, author: { type: 'user', userId: users[0] } },
            },
          },
        ],
      })
      expect(hooked.webhookDeliveries()).toMatchObject([
        { status: 200, attempts: 1, trigger: 'conversation:message' },
      ])
    } finally {
      await hooked.close()
      await receiver.close()
    }
  })

  it('validated every answer of this suite against the spec', () => {
    const operations = new Set(client.validated().map((entry) => entry.split(' ').slice(0, 2).join(' ')))
    expect([...operations].sort()).toEqual(
      [
        'DELETE /v2/apps/{appId}/conversations/{conversationId}',
        'DELETE /v2/apps/{appId}/conversations/{conversationId}/messages',
        'DELETE /v2/apps/{appId}/conversations/{conversationId}/messages/{messageId}',
        'DELETE /v2/apps/{appId}/users/{userIdOrExternalId}',
        'GET /v2/apps/{appId}/conversations',
        'GET /v2/apps/{appId}/conversations/{conversationId}',
        'GET /v2/apps/{appId}/conversations/{conversationId}/messages',
        'GET /v2/apps/{appId}/conversations/{conversationId}/participants',
        'GET /v2/apps/{appId}/users',
        'GET /v2/apps/{appId}/users/{userIdOrExternalId}',
        'PATCH /v2/apps/{appId}/conversations/{conversationId}',
        'PATCH /v2/apps/{appId}/users/{userIdOrExternalId}',
        'POST /v2/apps/{appId}/conversations',
        'POST /v2/apps/{appId}/conversations/{conversationId}/activity',
        'POST /v2/apps/{appId}/conversations/{conversationId}/join',
        'POST /v2/apps/{appId}/conversations/{conversationId}/leave',
        'POST /v2/apps/{appId}/conversations/{conversationId}/messages',
        'POST /v2/apps/{appId}/users',
      ].sort(),
    )
  })
})
