import { readFileSync } from 'node:fs'
import {
  checkEventsParse,
  expectHostileBodiesRejected,
  expectSafeMessages,
  mutatedJson,
  unknownEnumValue,
} from '@colloquy/core/fuzz'
import { decodeWith } from '@colloquy/http'
import { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SmoochV1GetMessagesResponse } from './codecs.js'
import { toMessage } from './mapping.js'

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'))
const webhookSecret = 'smooch-webhook-secret'
const adapter = createSmoochV1Adapter({ appId: 'a', keyId: 'k', keySecret: 's', webhookSecret })
const headers = { 'x-api-key': webhookSecret }
const webhooks = [
  'conversation-read',
  'conversation-start',
  'merge-appuser',
  'message-appmaker.v1',
  'message-appuser',
  'postback',
  'typing-appuser',
].map((name) => fixture(`webhook.${name}.json`))
const runs = 300

describe('Smooch v1 fuzzing', () => {
  it(`events.parse never throws on any JSON or mutated webhook (${runs * (webhooks.length + 1)} cases)`, () =>
    checkEventsParse((body) => adapter.events.parse({ headers, body })(), webhooks, runs))

  it('answers bodies built to crash a parser (deep, circular, BigInt, throwing getters) with a tagged error', () =>
    expectHostileBodiesRejected(
      (body) => adapter.events.parse({ headers, body })(),
      webhooks[0] as Record<string, unknown>,
    ))

  it(`message pages decode to models or a Decode error, never a throw (${runs * 2} cases)`, () => {
    const carousel = fixture('message.send.carousel.json') as { message: unknown }
    const pages = [fixture('message.list.json'), { messages: [carousel.message] }]
    for (const page of pages) {
      fc.assert(
        fc.property(mutatedJson(page), (body) =>
          expectSafeMessages(decodeWith(SmoochV1GetMessagesResponse, body), (decoded) =>
            decoded.messages.map((message) => toMessage('smooch-v1', 'c', message)),
          ),
        ),
        { numRuns: runs },
      )
    }
  })

  it(`unknown message types and triggers decode to 'unsupported' and 'unknown' (${runs * 2} cases)`, async () => {
    const page = fixture('message.list.json') as { messages: { type: string }[] }
    const webhook = fixture('webhook.message-appuser.json') as { trigger: string }
    await fc.assert(
      fc.asyncProperty(unknownEnumValue, async (type) => {
        const decoded = decodeWith(SmoochV1GetMessagesResponse, {
          ...page,
          messages: page.messages.map((m) => ({ ...m, type })),
        })
        expect(
          decoded._tag === 'Right' &&
            new Set(decoded.right.messages.map((m) => toMessage('smooch-v1', 'c', m).content.type)),
        ).toEqual(new Set(['unsupported']))
        const parsed = await adapter.events.parse({ headers, body: { ...webhook, trigger: type } })()
        expect(parsed._tag === 'Right' && parsed.right.map((e) => e.type)).toEqual(['unknown'])
      }),
      { numRuns: runs },
    )
  })
})
