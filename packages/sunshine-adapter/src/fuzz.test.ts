import { readFileSync } from 'node:fs'
import {
  checkEventsParse,
  expectHostileBodiesRejected,
  expectSafeMessages,
  mutatedJson,
  unknownEnumValue,
} from '@colloquy/core/fuzz'
import { decodeWith } from '@colloquy/http'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SunshineMessageListResponse } from './codecs.js'
import { toMessage } from './mapping.js'

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'))
const adapter = createSunshineAdapter({ appId: 'a', keyId: 'k', keySecret: 's', verification: 'none' })
const webhooks = ['message', 'read', 'typing', 'create', 'join', 'leave', 'postback'].map((name) =>
  fixture(`webhook.conversation-${name}.json`),
)
const runs = 300

describe('Sunshine fuzzing', () => {
  it(`events.parse never throws on any JSON or mutated webhook (${runs * (webhooks.length + 1)} cases)`, () =>
    checkEventsParse((body) => adapter.events.parse({ body })(), webhooks, runs))

  it('answers bodies built to crash a parser (deep, circular, BigInt, throwing getters) with a tagged error', () =>
    expectHostileBodiesRejected(
      (body) => adapter.events.parse({ body })(),
      webhooks[0] as Record<string, unknown>,
    ))

  it(`message pages decode to models or a Decode error, never a throw (${runs * 2} cases)`, () => {
    const pages = [
      fixture('message.list.json'),
      { messages: (fixture('message.send.carousel.json') as { messages: unknown[] }).messages },
    ]
    for (const page of pages) {
      fc.assert(
        fc.property(mutatedJson(page), (body) =>
          expectSafeMessages(decodeWith(SunshineMessageListResponse, body), (decoded) =>
            (decoded.messages ?? []).map((message) => toMessage('sunshine', 'c', message)),
          ),
        ),
        { numRuns: runs },
      )
    }
  })

  it(`unknown content and event types decode to 'unsupported' and 'unknown' (${runs * 2} cases)`, async () => {
    const page = fixture('message.list.json') as { messages: { content: { type: string } }[] }
    const webhook = fixture('webhook.conversation-message.json') as { events: { type: string }[] }
    await fc.assert(
      fc.asyncProperty(unknownEnumValue, async (type) => {
        const message = structuredClone(page.messages[0])
        if (message) message.content.type = type
        const decoded = decodeWith(SunshineMessageListResponse, { messages: [message] })
        expect(
          decoded._tag === 'Right' &&
            (decoded.right.messages ?? []).map((m) => toMessage('sunshine', 'c', m).content.type),
        ).toEqual(['unsupported'])
        const event = structuredClone(webhook)
        for (const e of event.events) e.type = type
        const parsed = await adapter.events.parse({ body: event })()
        expect(parsed._tag === 'Right' && parsed.right.map((e) => e.type)).toEqual(
          event.events.map(() => 'unknown'),
        )
      }),
      { numRuns: runs },
    )
  })
})
