import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { expectLeft, expectRight } from '@colloquy/core/testing'
import { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'
import { describe, expect, it } from 'vitest'

const body = (name: string) =>
  readFileSync(new URL(`./__fixtures__/webhook.${name}.json`, import.meta.url), 'utf8')
const secret = 'smooch-webhook-secret'
const adapter = createSmoochV1Adapter({
  appId: 'app',
  keyId: 'key',
  keySecret: 'secret',
  webhookSecret: secret,
})
const headers = { 'x-api-key': secret }

const parse = (input: { headers?: Record<string, string>; body: unknown }) => adapter.events.parse(input)()
const events = (name: string) => expectRight(adapter.events.parse({ headers, body: body(name) }))
const failure = (input: { headers?: Record<string, string>; body: unknown }) =>
  expectLeft(adapter.events.parse(input))

describe('Smooch v1 / v1.1 webhooks', () => {
  it('message:appUser (v1.1, the docs example) → message.created with an id stable across redelivery', async () => {
    const [event] = await events('message-appuser')
    expect(event).toMatchObject({
      id: 'message:appUser:5c3cde67eef2c036b9af23db',
      type: 'message.created',
      provider: 'smooch-v1',
      conversationId: 'f341b4d4ff879cbc04a7ac63',
      occurredAt: new Date('2019-01-14T19:09:27.683Z'),
      message: {
        id: '5c3cde67eef2c036b9af23db',
        author: { role: 'customer', displayName: 'Steve', userId: 'f341b4d4ff879cbc04a7ac63' },
        content: { type: 'text', text: 'Hi! Do you have time to chat?' },
      },
    })
    const [again] = await events('message-appuser')
    expect(again?.id).toBe(event?.id)
  })

  it('message:appMaker (a v1 payload, no version) → message.created by an agent', async () => {
    expect(await events('message-appmaker.v1')).toMatchObject([
      {
        id: 'message:appMaker:5c3cde67eef2c036b9af2410',
        type: 'message.created',
        message: { author: { role: 'agent' }, content: { text: 'Sure, how can I help?' } },
      },
    ])
  })

  it('several messages in one payload give several events', async () => {
    const payload = JSON.parse(body('message-appuser'))
    payload.messages.push({ ...payload.messages[0], _id: 'second-message', text: 'Hello?' })
    const parsed = await parse({ headers, body: payload })
    expect(parsed._tag === 'Right' && parsed.right.map((e) => e.id)).toEqual([
      'message:appUser:5c3cde67eef2c036b9af23db',
      'message:appUser:second-message',
    ])
  })

  it.each([
    [
      'conversation-read',
      {
        type: 'conversation.read',
        userId: 'f341b4d4ff879cbc04a7ac63',
        occurredAt: new Date('2019-01-14T19:09:59.500Z'),
      },
    ],
    ['typing-appuser', { type: 'typing', typing: true, userId: 'f341b4d4ff879cbc04a7ac63' }],
    ['conversation-start', { type: 'conversation.created', conversationId: 'f341b4d4ff879cbc04a7ac63' }],
    ['postback', { type: 'unknown', vendorType: 'postback', id: 'postback:5c3cde67eef2c036b9af2402:TACOS' }],
    ['merge-appuser', { type: 'unknown', vendorType: 'merge:appUser' }],
  ])('%s → %o, with a stable id', async (name, expected) => {
    const [first] = await events(name)
    expect(first).toMatchObject({ provider: 'smooch-v1', ...expected })
    expect((await events(name))[0]?.id).toBe(first?.id)
  })

  it('derives the id of a message-less trigger as it did with node:crypto (dedupe keys stay valid)', async () => {
    const json = JSON.parse(body('conversation-read'))
    const digest = createHash('sha256').update(JSON.stringify(json)).digest('hex').slice(0, 24)
    expect((await events('conversation-read'))[0]?.id).toBe(`conversation:read:${digest}`)
  })

  it.each([
    ['a missing key', {}],
    ['an empty key', { 'x-api-key': '' }],
    ['a wrong key of another length', { 'x-api-key': 'short' }],
    ['a wrong key of the same length', { 'x-api-key': secret.replace(/.$/, '!') }],
  ])('rejects %s with Unauthorized', async (_, given) => {
    expect(await failure({ headers: given, body: body('message-appuser') })).toMatchObject({
      _tag: 'Unauthorized',
      operation: 'events.parse',
    })
  })

  it('reports bodies of the wrong shape as Decode with a path', async () => {
    expect(
      await failure({ headers, body: { trigger: 'message:appUser', messages: [{ _id: 1 }] } }),
    ).toMatchObject({
      _tag: 'Decode',
      issues: expect.arrayContaining(['messages[0]._id: expected string, got 1']),
    })
  })
})

describe('Smooch webhook verification', () => {
  const keys = { appId: 'app', keyId: 'key', keySecret: 'secret' }

  it("without webhookSecret, every webhook is Unauthorized until verification: 'none' opts out", async () => {
    const unconfigured = createSmoochV1Adapter(keys)
    expect(unconfigured.capabilities.events.verification).toBe('api-key-header')
    const refused = await unconfigured.events.parse({ headers, body: body('message-appuser') })()
    expect(refused).toMatchObject({ _tag: 'Left', left: { _tag: 'Unauthorized', provider: 'smooch-v1' } })
    expect(refused._tag === 'Left' && refused.left.message).toContain("verification: 'none'")

    const open = createSmoochV1Adapter({ ...keys, verification: 'none' })
    expect(open.capabilities.events.verification).toBe('none')
    const parsed = await open.events.parse({ body: body('message-appuser') })()
    expect(parsed._tag === 'Right' && parsed.right.map((e) => e.type)).toEqual(['message.created'])
  })

  it("checks a configured secret even with verification: 'none'", async () => {
    const both = createSmoochV1Adapter({ ...keys, webhookSecret: secret, verification: 'none' })
    expect(both.capabilities.events.verification).toBe('api-key-header')
    expect((await both.events.parse({ body: body('message-appuser') })())._tag).toBe('Left')
  })
})
