import { readFileSync } from 'node:fs'
import { createMessageCursor } from '@colloquy/adapter-kit'
import { expectLeft, expectRight } from '@colloquy/core/testing'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { decodeProtectedHeader, jwtVerify } from 'jose'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'))
const base = 'https://api.smooch.io'
const appId = '5ebee0975ac5304b664a12fa'
const app = `/v2/apps/${appId}`
const credentials = { appId, keyId: 'app_5ebee0975ac5304b664a12fb', keySecret: 'sunshine-key-secret' }
const basic = `Basic ${Buffer.from(`${credentials.keyId}:${credentials.keySecret}`).toString('base64')}`
const adapter = createSunshineAdapter({ ...credentials, retry: false })
const conversationId = '67a0ecf8f0305f4a391e9db1'
// The adapter's message cursors, made as it makes them: a cursor names its conversation and direction.
const cursors = createMessageCursor('sunshine')

/** An interceptor that requires Basic auth and JSON content, as every request must carry. */
const vendor = () => nock(base, { reqheaders: { authorization: basic, accept: 'application/json' } })

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  const pending = nock.pendingMocks()
  nock.cleanAll()
  expect(pending, 'every interceptor is consumed').toEqual([])
})

describe('Sunshine adapter requests', () => {
  it('conversations.list sends filter[userId] and page[…] as the vendor encodes them', async () => {
    vendor()
      .get(`${app}/conversations`)
      .query({ 'filter[userId]': 'user-1', 'page[size]': '10' })
      .reply(200, {
        ...fixture('conversation.list.json'),
        meta: { hasMore: true, afterCursor: conversationId },
      })
    const page = await expectRight(adapter.conversations.list({ userId: 'user-1', limit: 10 }))
    expect(page.items.map((c) => c.id)).toEqual([conversationId])
    vendor()
      .get(`${app}/conversations`)
      .query({ 'filter[userId]': 'user-1', 'page[size]': '10', 'page[after]': conversationId })
      .reply(200, { conversations: [], meta: { hasMore: false } })
    expect(
      await expectRight(adapter.conversations.list({ userId: 'user-1', limit: 10, cursor: page.nextCursor })),
    ).toEqual({ items: [] })
  })

  it('conversations.list by externalId sends filter[userExternalId]; an unknown user lists nothing', async () => {
    vendor()
      .get(`${app}/conversations`)
      .query({ 'filter[userExternalId]': 'shop:customer-7', 'page[size]': '100' })
      .reply(200, { ...fixture('conversation.list.json'), meta: { hasMore: false } })
    const page = await expectRight(adapter.conversations.list({ externalId: 'shop:customer-7', limit: 100 }))
    expect(page).toEqual({ items: [expect.objectContaining({ id: conversationId })] })
    vendor()
      .get(`${app}/conversations`)
      .query({ 'filter[userExternalId]': 'nobody', 'page[size]': '25' })
      .reply(404, { errors: [{ code: 'user_not_found', title: 'User not found' }] })
    expect(await expectRight(adapter.conversations.list({ externalId: 'nobody' }))).toEqual({ items: [] })
    // By userId an unknown user stays an error: the caller named a user that should exist.
    vendor()
      .get(`${app}/conversations`)
      .query({ 'filter[userId]': 'nobody', 'page[size]': '25' })
      .reply(404, { errors: [{ code: 'user_not_found', title: 'User not found' }] })
    expect(await expectLeft(adapter.conversations.list({ userId: 'nobody' }))).toMatchObject({
      _tag: 'NotFound',
    })
  })

  it('conversations.get, update (PATCH displayName) and delete', async () => {
    vendor().get(`${app}/conversations/${conversationId}`).reply(200, fixture('conversation.get.json'))
    expect((await expectRight(adapter.conversations.get({ conversationId }))).id).toBe(conversationId)
    vendor()
      .patch(`${app}/conversations/${conversationId}`, {
        displayName: 'Order 1001',
        description: 'Late parcel',
        metadata: { lang: 'en' },
      })
      .matchHeader('content-type', /application\/json/)
      .reply(200, fixture('conversation.update.json'))
    await expectRight(
      adapter.conversations.update({
        conversationId,
        title: 'Order 1001',
        description: 'Late parcel',
        metadata: { lang: 'en' },
      }),
    )
    vendor().delete(`${app}/conversations/${conversationId}`).reply(200, {})
    await expectRight(adapter.conversations.delete({ conversationId }))
  })

  it('conversations.create creates users by externalId first, and finds them on 409', async () => {
    vendor()
      .post(`${app}/users`, {
        externalId: 'ext-new',
        profile: { givenName: 'Ada', email: 'ada@example.com' },
      })
      .reply(201, fixture('user.create.json'))
    vendor()
      .post(`${app}/users`, { externalId: 'ext-old', profile: {} })
      .reply(409, { errors: [{ code: 'conflict', title: 'User already exists' }] })
    vendor()
      .get(`${app}/users/ext-old`)
      .reply(200, { user: { id: 'old-user-id', externalId: 'ext-old' } })
    vendor()
      .post(`${app}/conversations`, {
        type: 'sdkGroup',
        participants: [
          { userId: '67a11490f0305f4a391e9f8a' },
          { userId: 'old-user-id' },
          { userId: 'known-user' },
        ],
        displayName: 'Team',
      })
      .reply(201, fixture('conversation.create.json'))
    const created = await expectRight(
      adapter.conversations.create({
        kind: 'group',
        title: 'Team',
        participants: [
          { externalId: 'ext-new', displayName: 'Ada', email: 'ada@example.com' },
          { externalId: 'ext-old' },
          { userId: 'known-user' },
        ],
      }),
    )
    expect(created).toMatchObject({ id: conversationId, kind: 'personal', provider: 'sunshine' })
  })

  it('refuses a personal conversation without exactly one participant, before any request', async () => {
    expect(
      await expectLeft(adapter.conversations.create({ participants: [{ userId: 'a' }, { userId: 'b' }] })),
    ).toMatchObject({
      _tag: 'InvalidRequest',
      message: expect.stringContaining('exactly one participant'),
    })
  })

  it('markRead and setTyping post activity as the business, or as the participant’s user', async () => {
    vendor()
      .post(`${app}/conversations/${conversationId}/activity`, {
        author: { type: 'business' },
        type: 'conversation:read',
      })
      .reply(200, {})
    await expectRight(adapter.conversations.markRead({ conversationId }))
    vendor()
      .get(`${app}/conversations/${conversationId}/participants`)
      .query({ 'page[size]': '100' })
      .reply(200, fixture('participant.list.json'))
    vendor()
      .post(`${app}/conversations/${conversationId}/activity`, {
        author: { type: 'user', userId: '67179a2930a150d5adc4d51f' },
        type: 'conversation:read',
      })
      .reply(200, {})
    await expectRight(
      adapter.conversations.markRead({ conversationId, participantId: '67a0ecf880e2647cbb7a9701' }),
    )
    vendor()
      .post(`${app}/conversations/${conversationId}/activity`, {
        author: { type: 'business' },
        type: 'typing:start',
      })
      .reply(200, {})
    vendor()
      .post(`${app}/conversations/${conversationId}/activity`, {
        author: { type: 'business' },
        type: 'typing:stop',
      })
      .reply(200, {})
    await expectRight(adapter.conversations.setTyping({ conversationId, typing: true }))
    await expectRight(adapter.conversations.setTyping({ conversationId, typing: false }))
  })

  it('messages.list goes backward with page[before] and returns at most limit, oldest first', async () => {
    vendor().get(`${app}/conversations/${conversationId}/messages`).reply(200, fixture('message.list.json'))
    const newest = await expectRight(adapter.messages.list({ conversationId }))
    expect(newest.items.map((m) => m.id)).toEqual(['67a10c0bf0305f4a391e9e51'])
    expect(newest.nextCursor).toBeUndefined()

    const messages = ['5f748c1a2b5315fc007e7901', '5f748c1a2b5315fc007e7902', '5f748c1a2b5315fc007e7903'].map(
      (id, i) => ({
        id,
        received: `2026-01-01T00:00:0${i}.000Z`,
        author: { type: 'user', userId: 'u' },
        content: { type: 'text', text: id },
      }),
    )
    vendor()
      .get(`${app}/conversations/${conversationId}/messages`)
      .query({ 'page[before]': '5f748c1a2b5315fc007e7999' })
      .reply(200, { messages, meta: { hasMore: false } })
    const page = await expectRight(
      adapter.messages.list({
        conversationId,
        limit: 2,
        cursor: cursors.encode('backward', conversationId, '5f748c1a2b5315fc007e7999'),
      }),
    )
    expect(page.items.map((m) => m.id)).toEqual(['5f748c1a2b5315fc007e7902', '5f748c1a2b5315fc007e7903'])
    expect(page.nextCursor).toBe(cursors.encode('backward', conversationId, '5f748c1a2b5315fc007e7902'))
  })

  it('messages.list forward walks back to the oldest page once, then pages with page[after]', async () => {
    const message = (id: string) => ({
      id,
      received: '2026-01-01T00:00:00.000Z',
      author: { type: 'business' },
      content: { type: 'text', text: id },
    })
    vendor()
      .get(`${app}/conversations/${conversationId}/messages`)
      .reply(200, {
        messages: [message('b00000000000000000000002')],
        meta: { hasMore: true, beforeCursor: 'b00000000000000000000002' },
      })
    vendor()
      .get(`${app}/conversations/${conversationId}/messages`)
      .query({ 'page[before]': 'b00000000000000000000002' })
      .reply(200, { messages: [message('a00000000000000000000001')], meta: { hasMore: false } })
    const first = await expectRight(adapter.messages.list({ conversationId, direction: 'forward' }))
    expect(first).toMatchObject({
      items: [{ id: 'a00000000000000000000001' }],
      nextCursor: cursors.encode('forward', conversationId, 'a00000000000000000000001'),
    })
    vendor()
      .get(`${app}/conversations/${conversationId}/messages`)
      .query({ 'page[after]': 'a00000000000000000000001' })
      .reply(200, { messages: [message('b00000000000000000000002')], meta: { hasMore: false } })
    expect(
      await expectRight(
        adapter.messages.list({ conversationId, direction: 'forward', cursor: first.nextCursor }),
      ),
    ).toMatchObject({
      items: [{ id: 'b00000000000000000000002' }],
    })
    expect(
      await expectLeft(
        adapter.messages.list({
          conversationId,
          direction: 'forward',
          // A backward cursor, given for the forward direction.
          cursor: cursors.encode('backward', conversationId, 'a00000000000000000000001'),
        }),
      ),
    ).toMatchObject({
      _tag: 'InvalidRequest',
    })
  })

  // Vendor fields core does not model, so the adapter cannot send them.
  const unmodelled = new Set(['size', 'blockChatInput', 'minSize', 'maxSize'])
  const withoutUnmodelled = (value: unknown, inItem = false): unknown => {
    if (Array.isArray(value)) return value.map((item) => withoutUnmodelled(item, true))
    if (typeof value !== 'object' || value === null) return value
    return Object.fromEntries(
      Object.entries(value)
        // Carousel and list items have no altText in core (a file's altText is its name).
        .filter(([key]) => !unmodelled.has(key) && !(inItem && key === 'altText'))
        .map(([key, inner]) => [key, withoutUnmodelled(inner, key === 'items' || inItem)]),
    )
  }

  it.each(['text', 'image', 'file', 'carousel', 'list', 'location', 'form'])(
    'messages.send posts a %s body and maps the first message of the 201 answer',
    async (type) => {
      const request = fixture(`message.send.${type}.request.json`)
      vendor()
        .post(
          `${app}/conversations/${conversationId}/messages`,
          withoutUnmodelled(request) as nock.RequestBodyMatcher,
        )
        .reply(201, fixture(`message.send.${type}.json`))
      // Send the core form of the vendor's request example, so the adapter must build that exact body.
      const { toContent } = await import('./mapping.js')
      const content = toContent((request as { content: { type: string } }).content)
      const message = await expectRight(
        adapter.messages.send({ conversationId, message: { author: { role: 'agent' }, content } }),
      )
      expect(message).toMatchObject({ id: '5f748c1a2b5315fc007e7977', conversationId, content: { type } })
    },
  )

  it('messages.send posts a customer as the user, with metadata', async () => {
    vendor()
      .post(`${app}/conversations/${conversationId}/messages`, {
        author: { type: 'user', userId: 'user-1', displayName: 'Ada' },
        content: { type: 'text', text: 'Hi' },
        metadata: { orderId: 1001 },
      })
      .reply(201, {
        messages: [
          {
            id: 'm1',
            received: '2026-01-01T00:00:00.000Z',
            author: { type: 'user', userId: 'user-1', displayName: 'Ada' },
            content: { type: 'text', text: 'Hi' },
            metadata: { orderId: 1001 },
          },
        ],
      })
    const message = await expectRight(
      adapter.messages.send({
        conversationId,
        message: {
          author: { role: 'customer', userId: 'user-1', displayName: 'Ada' },
          content: { type: 'text', text: 'Hi' },
          metadata: { orderId: 1001 },
        },
      }),
    )
    expect(message).toMatchObject({
      author: { role: 'customer', userId: 'user-1', displayName: 'Ada' },
      metadata: { orderId: 1001 },
    })
  })

  it('messages.delete and deleteAll', async () => {
    vendor().delete(`${app}/conversations/${conversationId}/messages/m1`).reply(200, {})
    vendor().delete(`${app}/conversations/${conversationId}/messages`).reply(200, {})
    await expectRight(adapter.messages.delete({ conversationId, messageId: 'm1' }))
    await expectRight(adapter.messages.deleteAll({ conversationId }))
  })

  it('participants.list follows every vendor page; join and leave', async () => {
    vendor()
      .get(`${app}/conversations/${conversationId}/participants`)
      .query({ 'page[size]': '100' })
      .reply(200, { participants: [{ id: 'p1', userId: 'u1' }], meta: { hasMore: true, afterCursor: 'p1' } })
    vendor()
      .get(`${app}/conversations/${conversationId}/participants`)
      .query({ 'page[size]': '100', 'page[after]': 'p1' })
      .reply(200, {
        participants: [{ id: 'p2', userId: 'u2', userExternalId: 'ext-2' }],
        meta: { hasMore: false },
      })
    expect(await expectRight(adapter.participants.list({ conversationId }))).toMatchObject([
      { id: 'p1' },
      { id: 'p2', externalId: 'ext-2' },
    ])
    vendor()
      .post(`${app}/conversations/${conversationId}/join`, { userId: '67179a2930a150d5adc4d51f' })
      .reply(201, fixture('participant.join.json'))
    expect(
      await expectRight(adapter.participants.join({ conversationId, userId: '67179a2930a150d5adc4d51f' })),
    ).toMatchObject({ id: '67a0ee3880e2647cbb7a9c97' })
    vendor().post(`${app}/conversations/${conversationId}/leave`, { participantId: 'p2' }).reply(200, {})
    vendor().post(`${app}/conversations/${conversationId}/leave`, { userId: 'u1' }).reply(200, {})
    await expectRight(adapter.participants.leave({ conversationId, participantId: 'p2' }))
    await expectRight(adapter.participants.leave({ conversationId, userId: 'u1' }))
  })

  it('signs one HS256 JWT with kid and scope app, and reuses it', async () => {
    const jwtAdapter = createSunshineAdapter({ ...credentials, auth: 'jwt', retry: false })
    const tokens: string[] = []
    nock(base)
      .get(`${app}/conversations/${conversationId}`)
      .times(2)
      .reply(function () {
        tokens.push(String(this.req.headers.authorization).replace(/^Bearer /, ''))
        return [200, fixture('conversation.get.json')]
      })
    await expectRight(jwtAdapter.conversations.get({ conversationId }))
    await expectRight(jwtAdapter.conversations.get({ conversationId }))
    expect(tokens[0]).toBe(tokens[1])
    expect(decodeProtectedHeader(tokens[0] ?? '')).toMatchObject({
      alg: 'HS256',
      typ: 'JWT',
      kid: credentials.keyId,
    })
    const { payload } = await jwtVerify(tokens[0] ?? '', new TextEncoder().encode(credentials.keySecret))
    expect(payload).toEqual({ scope: 'app' })
  })
})

describe('Sunshine error examples map to the DESIGN §4 tags', () => {
  const examples = fixture('errors.json') as unknown as {
    operation: string
    status: number
    body: { errors: { code: string; title: string }[] }
  }[]
  const tags: Record<number, string> = {
    400: 'InvalidRequest',
    401: 'Unauthorized',
    402: 'Http',
    403: 'Unauthorized',
    404: 'NotFound',
    409: 'InvalidRequest',
    423: 'InvalidRequest',
  }

  it.each(
    examples.map(
      (example) =>
        [`${example.operation} ${example.status} ${example.body.errors[0]?.code}`, example] as const,
    ),
  )('%s', async (_, example) => {
    vendor().get(`${app}/conversations/${conversationId}`).reply(example.status, example.body)
    const error = await expectLeft(adapter.conversations.get({ conversationId }))
    const [first] = example.body.errors
    expect(error).toMatchObject({
      _tag: tags[example.status],
      provider: 'sunshine',
      operation: 'conversations.get',
    })
    expect(error.message).toContain(first?.title)
    if (error._tag === 'InvalidRequest') expect(error.vendorCode).toBe(first?.code)
    if (error._tag === 'NotFound' && first?.code === 'user_not_found') expect(error.resource).toBe('user')
    if (error._tag === 'NotFound' && first?.code === 'conversation_not_found')
      expect(error).toMatchObject({ resource: 'conversation' })
  })

  it('the default-conversation delete refusal is InvalidRequest', async () => {
    const refusal = examples.find((e) => e.operation === 'DeleteConversation')
    vendor().delete(`${app}/conversations/${conversationId}`).reply(400, refusal?.body)
    expect(await expectLeft(adapter.conversations.delete({ conversationId }))).toMatchObject({
      _tag: 'InvalidRequest',
      status: 400,
      vendorCode: 'bad_request',
    })
  })
})
