import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { ColloquyError } from '@colloquy/core'
import { expectLeft, expectRight } from '@colloquy/core/testing'
import { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'))
const base = 'https://api.smooch.io'
const credentials = {
  appId: '5963c0d619a30a2e00de36b8',
  keyId: 'app_5963c0d619a30a2e00de36b9',
  keySecret: 'smooch-key-secret',
}
const userId = 'c7f6e6d6c3a637261bd9656f'

/** Decodes and checks the JWT the way the vendor does: HS256, `kid`, `scope`, and the signature. */
const validJwt = (authorization: string | undefined, scope = 'app'): boolean => {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1]
  const [header, payload, signature] = token?.split('.') ?? []
  if (!header || !payload || !signature) return false
  const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  const expected = createHmac('sha256', credentials.keySecret)
    .update(`${header}.${payload}`)
    .digest('base64url')
  const protectedHeader = json(header)
  return (
    expected === signature &&
    protectedHeader.alg === 'HS256' &&
    protectedHeader.typ === 'JWT' &&
    protectedHeader.kid === credentials.keyId &&
    JSON.stringify(json(payload)) === JSON.stringify({ scope })
  )
}

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  const pending = nock.pendingMocks()
  nock.cleanAll()
  expect(pending, 'every interceptor is consumed').toEqual([])
})

describe.each(['v1.1', 'v1'] as const)('Smooch %s adapter requests', (apiVersion) => {
  const adapter = createSmoochV1Adapter({ ...credentials, apiVersion, retry: false })
  const appUsers = `/${apiVersion}/apps/${credentials.appId}/appusers`
  /** Every request must carry a valid JWT. */
  const vendor = () => nock(base).matchHeader('authorization', (value) => validJwt(value))

  it('conversations.get reads the appUser, then the conversation from an empty message query', async () => {
    vendor().get(`${appUsers}/${userId}`).reply(200, fixture('appuser.get.json'))
    vendor()
      .get(`${appUsers}/${userId}/messages`)
      .query({ after: '9999999999' })
      .reply(200, { conversation: { _id: 'df0ebe56cbeab98589b8bfa7', unreadCount: 3 }, messages: [] })
    expect(await expectRight(adapter.conversations.get({ conversationId: userId }))).toMatchObject({
      id: userId,
      unreadCount: 3,
      participants: [{ externalId: 'steveb@channel5.com' }],
    })
  })

  it('conversations.create pre-creates the appUser, or finds it on 409', async () => {
    vendor()
      .post(appUsers, { userId: 'customer-42', givenName: 'Ada', email: 'ada@example.com' })
      .reply(201, {
        appUser: {
          _id: 'a1',
          userId: 'customer-42',
          givenName: 'Ada',
          properties: {},
          conversationStarted: false,
        },
      })
    expect(
      await expectRight(
        adapter.conversations.create({
          participants: [{ externalId: 'customer-42', displayName: 'Ada', email: 'ada@example.com' }],
        }),
      ),
    ).toMatchObject({
      id: 'a1',
      unreadCount: 0,
    })
    vendor()
      .post(appUsers, { userId: 'steveb@channel5.com' })
      .reply(409, { error: { code: 'conflict', description: 'AppUser exists' } })
    vendor().get(`${appUsers}/steveb%40channel5.com`).reply(200, fixture('appuser.get.json'))
    vendor()
      .get(`${appUsers}/${userId}/messages`)
      .query({ after: '9999999999' })
      .reply(200, fixture('message.list.json'))
    expect(
      await expectRight(
        adapter.conversations.create({ participants: [{ externalId: 'steveb@channel5.com' }] }),
      ),
    ).toMatchObject({ id: userId })
  })

  it('markRead resets the unread count; before any message it is a no-op for an existing appUser', async () => {
    vendor().post(`${appUsers}/${userId}/conversation/read`).reply(200)
    await expectRight(adapter.conversations.markRead({ conversationId: userId }))
    vendor()
      .post(`${appUsers}/new-user/conversation/read`)
      .reply(404, { error: { code: 'not_found', description: 'Conversation not found' } })
    vendor()
      .get(`${appUsers}/new-user`)
      .reply(200, { appUser: { _id: 'new-user', properties: {}, conversationStarted: false } })
    await expectRight(adapter.conversations.markRead({ conversationId: 'new-user' }))
  })

  it('messages.list of an appUser without messages yet is an empty history; of no appUser, NotFound', async () => {
    // The vendor answers 404 until the appUser's first message creates its conversation.
    vendor()
      .get(`${appUsers}/new-user/messages`)
      .query({ after: '0' })
      .reply(404, { error: { code: 'not_found', description: 'Conversation not found' } })
    vendor()
      .get(`${appUsers}/new-user`)
      .reply(200, { appUser: { _id: 'new-user', properties: {}, conversationStarted: false } })
    expect(
      await expectRight(adapter.messages.list({ conversationId: 'new-user', direction: 'forward' })),
    ).toEqual({
      items: [],
    })
    vendor()
      .get(`${appUsers}/nobody/messages`)
      .reply(404, { error: { code: 'not_found', description: 'Conversation not found' } })
    vendor()
      .get(`${appUsers}/nobody`)
      .reply(404, { error: { code: 'not_found', description: 'AppUser not found' } })
    expect(await expectLeft(adapter.messages.list({ conversationId: 'nobody' }))).toMatchObject({
      _tag: 'NotFound',
      operation: 'messages.list',
      message: expect.stringContaining('Conversation not found'),
    })
  })

  it('setTyping posts typing:start and typing:stop as appMaker', async () => {
    vendor()
      .post(`${appUsers}/${userId}/conversation/activity`, { role: 'appMaker', type: 'typing:start' })
      .reply(200, { conversation: { _id: 'c', unreadCount: 0 } })
    vendor()
      .post(`${appUsers}/${userId}/conversation/activity`, { role: 'appMaker', type: 'typing:stop' })
      .reply(200)
    await expectRight(adapter.conversations.setTyping({ conversationId: userId, typing: true }))
    await expectRight(adapter.conversations.setTyping({ conversationId: userId, typing: false }))
  })

  it('messages.list asks newest first, then from the last received value inclusive', async () => {
    vendor()
      .get(`${appUsers}/${userId}/messages`)
      .reply(200, {
        conversation: { _id: 'c', unreadCount: 0 },
        messages: Array.from({ length: 100 }, (_, i) => ({
          _id: `m${i}`,
          role: 'appUser',
          received: 1547492967.683 + Math.floor(i / 2),
          text: `t${i}`,
        })),
      })
    const page = await expectRight(adapter.messages.list({ conversationId: userId, limit: 3 }))
    expect(page.items.map((m) => m.id)).toEqual(['m97', 'm98', 'm99'])
    vendor()
      .get(`${appUsers}/${userId}/messages`)
      .query({ before: String(1547492967.683 + 48 + 0.0005) })
      .reply(200, {
        messages: [
          { _id: 'm96', role: 'appUser', received: 1547492967.683 + 48, text: 'x' },
          { _id: 'm97', role: 'appUser', received: 1547492967.683 + 48, text: 'x' },
        ],
      })
    const older = await expectRight(
      adapter.messages.list({ conversationId: userId, limit: 3, cursor: page.nextCursor }),
    )
    expect(older).toEqual({ items: [expect.objectContaining({ id: 'm96' })] })
  })

  it('messages.list forward starts after 0', async () => {
    vendor()
      .get(`${appUsers}/${userId}/messages`)
      .query({ after: '0' })
      .reply(200, fixture('message.list.json'))
    expect(
      (await expectRight(adapter.messages.list({ conversationId: userId, direction: 'forward' }))).items,
    ).toHaveLength(1)
  })

  it('messages.send posts role, type, fields and metadata, and maps the message of the 201 answer', async () => {
    vendor()
      .post(`${appUsers}/${userId}/messages`, {
        role: 'appMaker',
        type: 'text',
        text: 'Just put some vinegar on it',
        actions: [{ type: 'reply', text: 'Thanks', payload: 'thanks' }],
        name: 'Steve',
        avatarUrl: 'https://www.gravatar.com/image.jpg',
        metadata: { ticket: 7 },
      })
      .reply(201, fixture('message.send.json'))
    const sent = await expectRight(
      adapter.messages.send({
        conversationId: userId,
        message: {
          author: { role: 'agent', displayName: 'Steve', avatarUrl: 'https://www.gravatar.com/image.jpg' },
          content: {
            type: 'text',
            text: 'Just put some vinegar on it',
            actions: [{ type: 'reply', text: 'Thanks', payload: 'thanks' }],
          },
          metadata: { ticket: 7 },
        },
      }),
    )
    expect(sent).toMatchObject({
      id: '55c8c1498590aa1900b9b9b1',
      createdAt: new Date('2015-08-10T15:20:41.586Z'),
    })
  })

  it('messages.delete and deleteAll; participants.list is the appUser', async () => {
    vendor().delete(`${appUsers}/${userId}/messages/55c8c1498590aa1900b9b9b1`).reply(200)
    vendor().delete(`${appUsers}/${userId}/messages`).reply(200)
    await expectRight(
      adapter.messages.delete({ conversationId: userId, messageId: '55c8c1498590aa1900b9b9b1' }),
    )
    await expectRight(adapter.messages.deleteAll({ conversationId: userId }))
    vendor().get(`${appUsers}/${userId}`).reply(200, fixture('appuser.get.json'))
    expect(await expectRight(adapter.participants.list({ conversationId: userId }))).toMatchObject([
      { id: userId, role: 'customer', displayName: 'Steve Rogers' },
    ])
  })

  it('unsupported operations answer without a request', async () => {
    for (const [task, capability] of [
      [adapter.conversations.list({}), 'conversations.list'],
      [adapter.conversations.update({ conversationId: userId, title: 'x' }), 'conversations.update'],
      [adapter.conversations.delete({ conversationId: userId }), 'conversations.delete'],
      [adapter.participants.join({ conversationId: userId, userId: 'u' }), 'participants.join'],
    ] as const) {
      expect(await expectLeft<ColloquyError, unknown>(task)).toMatchObject({
        _tag: 'Unsupported',
        capability,
      })
    }
  })
})

describe('Smooch JWT scope and errors', () => {
  it('signs account-scoped keys with scope account, once', async () => {
    const adapter = createSmoochV1Adapter({ ...credentials, scope: 'account', retry: false })
    const tokens: string[] = []
    nock(base)
      .matchHeader('authorization', (value) => validJwt(value, 'account'))
      .get(`/v1.1/apps/${credentials.appId}/appusers/${userId}`)
      .times(2)
      .reply(function () {
        tokens.push(String(this.req.headers.authorization))
        return [200, fixture('appuser.get.json')]
      })
    await expectRight(adapter.participants.list({ conversationId: userId }))
    await expectRight(adapter.participants.list({ conversationId: userId }))
    expect(tokens[0]).toBe(tokens[1])
  })

  const tags: Record<number, string> = {
    400: 'InvalidRequest',
    401: 'Unauthorized',
    402: 'Http',
    403: 'Unauthorized',
    404: 'NotFound',
    409: 'InvalidRequest',
    413: 'InvalidRequest',
    429: 'RateLimited',
    503: 'Http',
  }
  const examples = fixture('errors.json') as unknown as {
    status: number
    body: { error: { code: string; description: string } }
  }[]
  it.each(examples.map((e) => [e.status, e] as const))(
    'maps %i to the DESIGN tag',
    async (status, example) => {
      const adapter = createSmoochV1Adapter({ ...credentials, retry: false })
      nock(base)
        .get(`/v1.1/apps/${credentials.appId}/appusers/${userId}/messages`)
        .reply(status, example.body)
      // A 404 is checked against the appUser (an appUser without messages has an empty history).
      if (status === 404)
        nock(base).get(`/v1.1/apps/${credentials.appId}/appusers/${userId}`).reply(status, example.body)
      const error = await expectLeft(adapter.messages.list({ conversationId: userId }))
      expect(error).toMatchObject({ _tag: tags[status], provider: 'smooch-v1', operation: 'messages.list' })
      expect(error.message).toContain(example.body.error.description)
      if (status === 404) expect(error).toMatchObject({ resource: 'conversation', id: userId })
      if (error._tag === 'InvalidRequest') expect(error.vendorCode).toBe(example.body.error.code)
    },
  )
})
