import { readFileSync } from 'node:fs'
import {
  checkEventsParse,
  expectHostileBodiesRejected,
  expectSafeMessages,
  mutatedJson,
  unknownEnumValue,
} from '@colloquy/core/fuzz'
import { decodeWith } from '@colloquy/http'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { UltraCartConversationResponse, UltraCartMessagesResponse } from './codecs.js'
import { toConversation, toMessage } from './mapping.js'

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'))
const adapter = createUltraCartAdapter({ simpleKey: 'k', verification: 'none' })
const frames = [
  'conversation-closed',
  'new-conversation',
  'new-message',
  'participant-join',
  'participant-left',
  'ping',
  'queue-position',
  'read-message',
  'typing',
  'updated-message',
].map((name) => fixture(`websocket.${name}.json`))
const roleOf = () => 'customer' as const
const runs = 200

describe('UltraCart fuzzing', () => {
  it(`events.parse never throws on any JSON or mutated websocket frame (${runs * (frames.length + 1)} cases)`, () =>
    checkEventsParse((body) => adapter.events.parse({ body })(), frames, runs))

  it('answers bodies built to crash a parser (deep, circular, BigInt, throwing getters) with a tagged error', () =>
    expectHostileBodiesRejected(
      (body) => adapter.events.parse({ body })(),
      frames[2] as Record<string, unknown>,
    ))

  it(`message pages and conversations decode to models or a Decode error, never a throw (${runs * 2} cases)`, () => {
    fc.assert(
      fc.property(mutatedJson(fixture('messages.since.json')), (body) =>
        expectSafeMessages(decodeWith(UltraCartMessagesResponse, body), (decoded) =>
          (decoded.conversation_messages ?? []).map((message) =>
            toMessage('ultracart', 'c', message, roleOf),
          ),
        ),
      ),
      { numRuns: runs },
    )
    fc.assert(
      fc.property(mutatedJson(fixture('conversation.get.json')), (body) => {
        const decoded = decodeWith(UltraCartConversationResponse, body)
        if (decoded._tag === 'Left') {
          expect(decoded.left.length).toBeGreaterThan(0)
          return
        }
        if (!decoded.right.conversation) return
        const mapped = toConversation('ultracart', decoded.right.conversation, roleOf)
        expect(typeof mapped.id).toBe('string')
        for (const date of [mapped.createdAt, mapped.updatedAt])
          if (date) expect(Number.isNaN(date.getTime())).toBe(false)
      }),
      { numRuns: runs },
    )
  })

  it(`unknown frame and event types decode to 'unknown' (${runs * 2} cases)`, async () => {
    const frame = fixture('websocket.typing.json') as { type: string; event_type?: string }
    await fc.assert(
      fc.asyncProperty(unknownEnumValue, async (type) => {
        for (const body of [
          { ...frame, type },
          { ...frame, event_type: type },
        ]) {
          const parsed = await adapter.events.parse({ body })()
          expect(
            parsed._tag === 'Right' &&
              parsed.right.map((e) => [e.type, e.type === 'unknown' ? e.vendorType : undefined]),
          ).toEqual([['unknown', type]])
        }
      }),
      { numRuns: runs },
    )
  })
})
