import { readJsonBody } from '@colloquy/core'
import { expectHostileBodiesRejected } from '@colloquy/core/fuzz'
import { createMemoryAdapter } from '@colloquy/core/memory'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`

describe('readJsonBody', () => {
  it('parses text, bytes and ArrayBuffers as UTF-8 JSON', () => {
    const text = '{"text":"héllo 🙂"}'
    const bytes = new TextEncoder().encode(text)
    for (const body of [text, bytes, bytes.buffer])
      expect(readJsonBody(body)).toEqual(E.right({ text: 'héllo 🙂' }))
  })

  it('copies a pre-parsed body as plain JSON data', () => {
    const body = { at: new Date('2026-01-01T00:00:00.000Z'), skipped: undefined, list: [1, 'two'] }
    expect(readJsonBody(body)).toEqual(E.right({ at: '2026-01-01T00:00:00.000Z', list: [1, 'two'] }))
  })

  it('accepts 128 levels of nesting and refuses 129, as text and pre-parsed', () => {
    expect(readJsonBody(nested(128))._tag).toBe('Right')
    expect(readJsonBody(JSON.parse(nested(128)))._tag).toBe('Right')
    for (const body of [nested(129), JSON.parse(nested(129))])
      expect(readJsonBody(body)).toEqual(E.left('(body): nested deeper than 128 levels'))
  })

  it('answers values with no JSON form with a Left, never a throw', () => {
    const circular: Record<string, unknown> = {}
    circular.self = circular
    const getter = Object.defineProperty({}, 'trap', {
      enumerable: true,
      get: () => {
        throw new Error('trap')
      },
    })
    for (const body of [circular, { n: 1n }, getter, undefined, () => 1])
      expect(readJsonBody(body)._tag).toBe('Left')
    expect(readJsonBody('{"a":')).toEqual(E.left('(body): not valid JSON'))
  })
})

describe('the memory adapter parses hostile bodies into tagged errors', () => {
  it('deep, circular, BigInt and throwing bodies', async () => {
    const adapter = createMemoryAdapter()
    await expectHostileBodiesRejected((body) => adapter.events.parse({ body })(), { events: [] })
  })
})
