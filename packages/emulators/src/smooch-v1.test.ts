import { type SmoochV1Emulator, startSmoochV1Emulator } from '@colloquy/emulators'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { specClient } from './test-support/spec-client.js'
import { specValidator } from './test-support/spec-validator.js'
import { startWebhookReceiver } from './test-support/webhook-receiver.js'

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary vendor JSON and assert on it
type Json = Record<string, any>

// The swagger files list no error responses; the docs give this shape (reference §3.4).
const errorShape = (body: unknown): string[] => {
  const error = (body as Json)?.error
  return typeof error?.code === 'string' && typeof error?.description === 'string'
    ? []
    : ['not {error:{code,description}}']
}
const jwt = async (kid: string, secret: string, claims: Json = { scope: 'app' }) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
    .sign(new TextEncoder().encode(secret))
const paths = (version: 'v1' | 'v1.1') => ({
  appUsers: `/${version}/apps/{appId}/appusers`,
  appUser: `/${version}/apps/{appId}/appusers/{userId}`,
  messages: `/${version}/apps/{appId}/appusers/{userId}/messages`,
  message: `/${version}/apps/{appId}/appusers/{userId}/messages/{messageId}`,
  read: `/${version}/apps/{appId}/appusers/{userId}/conversation/read`,
  activity: `/${version}/apps/{appId}/appusers/{userId}/conversation/activity`,
})

describe('Smooch v1 / v1.1 emulator', () => {
  let emulator: SmoochV1Emulator
  let appId: string
  let bearer: string
  const clients = {} as Record<'v1' | 'v1.1', ReturnType<typeof specClient>>

  beforeAll(async () => {
    emulator = await startSmoochV1Emulator()
    appId = emulator.credentials.appId
    bearer = `Bearer ${await jwt(emulator.credentials.keyId, emulator.credentials.keySecret)}`
    for (const version of ['v1', 'v1.1'] as const) {
      clients[version] = specClient({
        baseUrl: emulator.url,
        validator: specValidator(version === 'v1' ? 'smooch-v1' : 'smooch-v1.1'),
        authorization: () => ({ authorization: bearer }),
        validateUndocumentedError: errorShape,
      })
    }
  })
  afterAll(() => emulator.close())

  it.each(['v1', 'v1.1'] as const)(
    '%s: serves the short app-implied paths to app-scoped keys, and only to them',
    async (version) => {
      const userId = `short-${version}`
      const { keyId, keySecret } = emulator.credentials
      const call = async (authorization: string, method: string, path: string, body?: unknown) => {
        const response = await fetch(`${emulator.url}/${version}${path}`, {
          method,
          headers: { authorization, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
        const text = await response.text()
        return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Json }
      }
      const created = await call(bearer, 'POST', '/appusers', { userId })
      expect(created.status).toBe(201)
      const posted = await call(bearer, 'POST', `/appusers/${userId}/messages`, {
        role: 'appUser',
        type: 'text',
        text: 'via the short path',
      })
      expect(posted.status).toBe(201)
      const listed = await call(bearer, 'GET', `/appusers/${userId}/messages`)
      expect(listed.body?.messages.map((m: Json) => m.text)).toEqual(['via the short path'])
      // The same data under the app's long path.
      expect((await call(bearer, 'GET', `/apps/${appId}/appusers/${userId}`)).body?.appUser.userId).toBe(
        userId,
      )
      // Each answer is the one the spec documents for the long path.
      const validator = specValidator(version === 'v1' ? 'smooch-v1' : 'smooch-v1.1')
      expect(validator.validate('GET', paths(version).messages, 200, listed.body)).toEqual([])
      const account = `Bearer ${await jwt(keyId, keySecret, { scope: 'account' })}`
      expect((await call(account, 'GET', `/appusers/${userId}/messages`)).status).toBe(401)
      expect((await call(account, 'GET', `/apps/${appId}/appusers/${userId}/messages`)).status).toBe(200)
    },
  )

  describe.each(['v1', 'v1.1'] as const)('%s', (version) => {
    const P = paths(version)
    const call = (...args: Parameters<ReturnType<typeof specClient>['call']>) =>
      clients[version].call(...args)

    it('pre-creates, reads, updates and deletes appUsers', async () => {
      const userId = `steve-${version}`
      const created = await call(
        'POST',
        P.appUsers,
        { appId },
        { body: { userId, givenName: 'Steve', properties: { plan: 'gold' } } },
      )
      expect(created.status).toBe(201)
      expect((created.body as Json).appUser).toMatchObject({
        userId,
        givenName: 'Steve',
        conversationStarted: false,
      })
      expect((await call('POST', P.appUsers, { appId }, { body: { userId } })).status).toBe(409)
      expect((await call('POST', P.appUsers, { appId }, { body: {} })).status).toBe(400)
      const updated = await call(
        'PUT',
        P.appUser,
        { appId, userId },
        { body: { surname: 'Rogers', properties: { tier: 2 } } },
      )
      expect((updated.body as Json).appUser).toMatchObject({
        surname: 'Rogers',
        properties: { plan: 'gold', tier: 2 },
      })
      expect((await call('GET', P.messages, { appId, userId })).status).toBe(404)
      expect((await call('DELETE', P.appUser, { appId, userId })).status).toBe(200)
      expect((await call('GET', P.appUser, { appId, userId })).status).toBe(404)
    })

    it('posts every message type as appUser and appMaker, lists, reads, types and deletes', async () => {
      const userId = `msgs-${version}`
      await call('POST', P.appUsers, { appId }, { body: { userId } })
      const action = { type: 'link', text: 'Open', uri: 'https://example.com' }
      const posts: Json[] = [
        { role: 'appUser', type: 'text', text: 'Hello', metadata: { lang: 'en' } },
        {
          role: 'appMaker',
          type: 'text',
          text: 'Hi!',
          name: 'Support',
          actions: [{ type: 'reply', text: 'Yes', payload: 'yes' }],
        },
        { role: 'appMaker', type: 'image', mediaUrl: 'https://example.com/cat.png', text: 'A cat' },
        { role: 'appMaker', type: 'file', mediaUrl: 'https://example.com/report.pdf' },
        {
          role: 'appMaker',
          type: 'carousel',
          items: [
            { title: 'One', actions: [action] },
            { title: 'Two', actions: [action] },
          ],
        },
        {
          role: 'appMaker',
          type: 'list',
          items: [{ title: 'Row', description: 'A row', actions: [action] }],
        },
        {
          role: 'appMaker',
          type: 'location',
          coordinates: { lat: 45.5, long: -73.56 },
          location: { name: 'Office' },
        },
        { role: 'appMaker', type: 'form', fields: [{ type: 'text', name: 'name', label: 'Your name' }] },
      ]
      const ids: string[] = []
      for (const post of posts) {
        const created = await call('POST', P.messages, { appId, userId }, { body: post })
        expect(created.status, JSON.stringify(post)).toBe(201)
        expect((created.body as Json).extraMessages).toEqual([])
        expect((created.body as Json).message).toMatchObject(post)
        ids.push((created.body as Json).message._id)
      }
      for (const bad of [
        { role: 'appUser', type: 'text' },
        { role: 'bot', type: 'text', text: 'x' },
        { role: 'appMaker', type: 'video' },
        { role: 'appMaker', type: 'carousel', items: [{ title: 'no actions' }] },
      ]) {
        expect((await call('POST', P.messages, { appId, userId }, { body: bad })).status).toBe(400)
      }
      const listed = (await call('GET', P.messages, { appId, userId })).body as Json
      expect(listed.messages.map((m: Json) => m._id)).toEqual(ids)
      expect(listed.conversation.unreadCount).toBe(1)
      expect((await call('POST', P.read, { appId, userId })).status).toBe(200)
      expect(((await call('GET', P.messages, { appId, userId })).body as Json).conversation.unreadCount).toBe(
        0,
      )
      const typing = await call(
        'POST',
        P.activity,
        { appId, userId },
        { body: { role: 'appMaker', type: 'typing:start' } },
      )
      expect(typing.status).toBe(200)
      expect(
        (
          await call(
            'POST',
            P.activity,
            { appId, userId },
            { body: { role: 'appUser', type: 'typing:start' } },
          )
        ).status,
      ).toBe(400)
      expect((await call('DELETE', P.message, { appId, userId, messageId: ids[0] ?? '' })).status).toBe(200)
      expect((await call('DELETE', P.message, { appId, userId, messageId: ids[0] ?? '' })).status).toBe(404)
      expect((await call('DELETE', P.messages, { appId, userId })).status).toBe(200)
      expect(((await call('GET', P.messages, { appId, userId })).body as Json).messages).toEqual([])
    })

    it('pages 250 messages by exclusive received bounds, 100 per call, with ties across page edges', async () => {
      const start = 1_700_000_000
      // Three messages share each `received` value, so page edges (every 100) split a group.
      const [seeded] = emulator.seed({
        appUsers: [
          {
            userId: `paging-${version}`,
            messages: Array.from({ length: 250 }, (_, i) => ({
              role: 'appUser' as const,
              text: `m${i}`,
              received: start + Math.floor(i / 3) * 0.5,
            })),
          },
        ],
      })
      const userId = seeded?.userId ?? ''
      const expected = seeded?.messageIds ?? []
      const get = async (query?: Record<string, string>) =>
        (await call('GET', P.messages, { appId, userId }, query ? { query } : {})).body as Json

      const newest = await get()
      expect(newest.messages).toHaveLength(100)
      expect(newest.next).toBe(
        `${emulator.url}/${version}/apps/${appId}/appusers/${encodeURIComponent(userId)}/messages?before=${newest.messages[0].received}`,
      )

      // The naive walk (before = oldest received) loses the tied messages the page did not hold.
      const naive: string[] = newest.messages.map((m: Json) => m._id)
      let page = newest
      while (page.next) {
        page = await get({ before: String(page.messages[0].received) })
        naive.unshift(...page.messages.map((m: Json) => m._id))
      }
      expect(naive.length).toBeLessThan(250)

      // A tie-aware walk forward: re-ask from just below the last timestamp and skip ids already seen.
      const seen = new Set<string>()
      const forward: string[] = []
      let after = String(start - 1)
      for (;;) {
        const current = await get({ after })
        const fresh = current.messages.filter((m: Json) => !seen.has(m._id))
        for (const message of fresh) {
          seen.add(message._id)
          forward.push(message._id)
        }
        if (!current.next) break
        expect(current.next).toContain(`after=${current.messages.at(-1).received}`)
        after = String(current.messages.at(-1).received - 0.001)
      }
      expect(forward).toEqual(expected)
      expect((await get({ before: '1', after: '2' })).error?.code).toBe('bad_request')
    })
  })

  describe('auth', () => {
    const getUser = (version: 'v1' | 'v1.1', authorization: string) =>
      fetch(`${emulator.url}/${version}/apps/${appId}/appusers/nobody`, { headers: { authorization } })
    const basic = () =>
      `Basic ${Buffer.from(`${emulator.credentials.keyId}:${emulator.credentials.keySecret}`).toString('base64')}`

    it('accepts JWTs on v1 and v1.1, and Basic on v1.1 only', async () => {
      expect((await getUser('v1', bearer)).status).toBe(404)
      expect((await getUser('v1.1', bearer)).status).toBe(404)
      expect((await getUser('v1.1', basic())).status).toBe(404)
      expect((await getUser('v1', basic())).status).toBe(401)
    })

    it.each([
      ['a bad signature', (e: SmoochV1Emulator) => jwt(e.credentials.keyId, 'wrong-secret')],
      ['a wrong kid', (e: SmoochV1Emulator) => jwt('app_other', e.credentials.keySecret)],
      ['no scope', (e: SmoochV1Emulator) => jwt(e.credentials.keyId, e.credentials.keySecret, {})],
      [
        'the appUser scope',
        (e: SmoochV1Emulator) => jwt(e.credentials.keyId, e.credentials.keySecret, { scope: 'appUser' }),
      ],
    ])('rejects %s with the vendor 401 body', async (_, token) => {
      const rejected = await getUser('v1.1', `Bearer ${await token(emulator)}`)
      expect(rejected.status).toBe(401)
      expect(await rejected.json()).toEqual({
        error: { code: 'unauthorized', description: 'Authorization is required' },
      })
    })
  })

  it('delivers message:appUser webhooks in v1.1 and v1 shapes with the secret', async () => {
    const receiver = await startWebhookReceiver()
    const base = receiver.url
    const hooked = await startSmoochV1Emulator({
      webhooks: [
        { target: `${base}/v11`, secret: 'secret-11' },
        { target: `${base}/v1`, secret: 'secret-1', version: 'v1' },
      ],
    })
    try {
      hooked.seed({ appUsers: [{ _id: 'f341b4d4ff879cbc04a7ac63', userId: 'steve', givenName: 'Steve' }] })
      const message = await hooked.simulateCustomerMessage({
        userId: 'steve',
        text: 'Hi! Do you have time to chat?',
      })
      const bySecret = Object.fromEntries(
        receiver.received.map((r) => [String(r.headers['x-api-key']), r.body as Json]),
      )
      expect(bySecret['secret-11']).toMatchObject({
        trigger: 'message:appUser',
        app: { _id: hooked.credentials.appId },
        version: 'v1.1',
        messages: [
          {
            _id: message._id,
            role: 'appUser',
            text: 'Hi! Do you have time to chat?',
            name: 'Steve',
            authorId: 'f341b4d4ff879cbc04a7ac63',
          },
        ],
        appUser: { _id: 'f341b4d4ff879cbc04a7ac63', conversationStarted: true },
      })
      expect(bySecret['secret-1']).toMatchObject({
        trigger: 'message:appUser',
        messages: [{ _id: message._id }],
      })
      expect(bySecret['secret-1']?.version).toBeUndefined()
      expect(hooked.webhookDeliveries().map((d) => d.status)).toEqual([200, 200])
    } finally {
      await hooked.close()
      await receiver.close()
    }
  })

  it('validated every answer of this suite against the spec', () => {
    for (const version of ['v1', 'v1.1'] as const) {
      const operations = new Set(
        clients[version].validated().map((entry) => entry.split(' ').slice(0, 2).join(' ')),
      )
      const P = paths(version)
      // Every operation that answers JSON on success; error answers were checked too.
      expect([...operations]).toEqual(
        expect.arrayContaining([
          `GET ${P.appUser}`,
          `GET ${P.messages}`,
          `POST ${P.appUsers}`,
          `POST ${P.messages}`,
          `PUT ${P.appUser}`,
          ...(version === 'v1.1' ? [`POST ${P.activity}`] : []),
        ]),
      )
    }
  })
})
