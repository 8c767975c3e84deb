import { readFileSync } from 'node:fs'
import { expectLeft, expectRight } from '@colloquy/core/testing'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { describe, expect, it } from 'vitest'

const body = (name: string) =>
  readFileSync(new URL(`./__fixtures__/webhook.${name}.json`, import.meta.url), 'utf8')
const secret = 'webhook-shared-secret'
const adapter = createSunshineAdapter({
  appId: 'app',
  keyId: 'key',
  keySecret: 'secret',
  webhookSecret: secret,
})
const headers = { 'X-API-Key': secret, 'content-type': 'application/json' }

const parse = (input: { headers?: Record<string, string>; body: unknown }) => adapter.events.parse(input)()
const events = (name: string) => expectRight(adapter.events.parse({ headers, body: body(name) }))
const failure = (input: { headers?: Record<string, string>; body: unknown }) =>
  expectLeft(adapter.events.parse(input))
const common = {
  id: '5f74a0d52b5315fc007e798a',
  provider: 'sunshine',
  conversationId: 'f52b01137aa6c250bc7251fa',
  occurredAt: new Date('2020-09-30T15:14:29.834Z'),
}

describe("Sunshine webhooks (the spec's examples)", () => {
  it('conversation:message → message.created with the mapped message', async () => {
    const [event] = await events('conversation-message')
    expect(event).toMatchObject({
      ...common,
      type: 'message.created',
      message: {
        id: '5f74c7d84a146f3abd72af1d',
        conversationId: 'f52b01137aa6c250bc7251fa',
        author: {
          role: 'customer',
          userId: '26508c10541a4b0ff472e5e2',
          displayName: 'Steve Rogers',
          avatarUrl: 'https://s3.amazonaws.com/avatar.jpg',
        },
        content: { type: 'text', text: 'hello' },
        createdAt: new Date('2020-09-30T18:00:56.820Z'),
      },
    })
    // `raw` is the vendor's event as delivered, and the message's `raw` the vendor's message.
    const [delivered] = JSON.parse(body('conversation-message')).events
    expect(event?.raw).toEqual(delivered)
    expect(event?.type === 'message.created' && event.message.raw).toEqual(delivered.payload.message)
  })

  it.each([
    ['conversation-read', { type: 'conversation.read', userId: 'b5a0f8de1fd4198a96faa0af' }],
    ['conversation-typing', { type: 'typing', typing: true, userId: '7283cdd6f586679a5fc43cfb' }],
    ['conversation-create', { type: 'conversation.created' }],
    ['conversation-join', { type: 'participant.joined', userId: '26508c10541a4b0ff472e5e2' }],
    ['conversation-leave', { type: 'participant.left', userId: '26508c10541a4b0ff472e5e2' }],
    ['conversation-postback', { type: 'unknown', vendorType: 'conversation:postback' }],
    ['conversation-remove', { type: 'unknown', vendorType: 'conversation:remove' }],
  ])('%s → %o', async (name, expected) => {
    expect(await events(name)).toEqual([expect.objectContaining({ ...common, ...expected })])
  })

  it('returns every event of a batched request, in order', async () => {
    const message = JSON.parse(body('conversation-message'))
    const typing = JSON.parse(body('conversation-typing'))
    const batch = { ...message, events: [...message.events, { ...typing.events[0], id: 'second-event' }] }
    const parsed = await parse({ headers, body: Buffer.from(JSON.stringify(batch)) })
    expect(parsed._tag === 'Right' && parsed.right.map((e) => [e.id, e.type])).toEqual([
      ['5f74a0d52b5315fc007e798a', 'message.created'],
      ['second-event', 'typing'],
    ])
  })

  it.each([
    ['a missing key', {}],
    ['an empty key', { 'x-api-key': '' }],
    ['a wrong key of another length', { 'x-api-key': 'nope' }],
    ['a wrong key of the same length', { 'x-api-key': secret.replace(/.$/, 'X') }],
  ])('rejects %s with Unauthorized', async (_, given) => {
    expect(await failure({ headers: given, body: body('conversation-message') })).toMatchObject({
      _tag: 'Unauthorized',
      provider: 'sunshine',
      operation: 'events.parse',
    })
  })

  it('reports bodies of the wrong shape as Decode with a path', async () => {
    expect(await failure({ headers, body: '{"events": [{"id": 1}]}' })).toMatchObject({
      _tag: 'Decode',
      issues: expect.arrayContaining(['events[0].id: expected string, got 1']),
    })
    expect(await failure({ headers, body: 'not json' })).toMatchObject({
      _tag: 'Decode',
      issues: ['(body): not valid JSON'],
    })
  })
})

describe('Sunshine webhook verification', () => {
  const keys = { appId: 'app', keyId: 'key', keySecret: 'secret' }

  it("without webhookSecret, every webhook is Unauthorized until verification: 'none' opts out", async () => {
    const unconfigured = createSunshineAdapter(keys)
    expect(unconfigured.capabilities.events.verification).toBe('api-key-header')
    const refused = await unconfigured.events.parse({ headers, body: body('conversation-message') })()
    expect(refused).toMatchObject({ _tag: 'Left', left: { _tag: 'Unauthorized', provider: 'sunshine' } })
    expect(refused._tag === 'Left' && refused.left.message).toContain("verification: 'none'")

    const open = createSunshineAdapter({ ...keys, verification: 'none' })
    expect(open.capabilities.events.verification).toBe('none')
    const parsed = await open.events.parse({ body: body('conversation-message') })()
    expect(parsed._tag === 'Right' && parsed.right.map((e) => e.type)).toEqual(['message.created'])
  })

  it("checks a configured secret even with verification: 'none'", async () => {
    const both = createSunshineAdapter({ ...keys, webhookSecret: secret, verification: 'none' })
    expect(both.capabilities.events.verification).toBe('api-key-header')
    expect((await both.events.parse({ body: body('conversation-message') })())._tag).toBe('Left')
  })
})
