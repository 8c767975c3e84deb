import { decodeWith, retryAfterMs } from '@colloquy/http'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'

describe('decodeWith', () => {
  const Author = t.type({ type: t.union([t.literal('user'), t.literal('business')]) })
  const Page = t.type({
    messages: t.array(t.type({ id: t.string, author: Author })),
    meta: t.partial({ hasMore: t.boolean }),
  })

  it('names the path of every mismatch, skipping io-ts union bookkeeping', () => {
    const result = decodeWith(Page, {
      messages: [
        { id: 'a', author: { type: 'user' } },
        { id: 'b', author: { type: 'robot' } },
      ],
      meta: { hasMore: 'yes' },
    })
    expect(result).toEqual({
      _tag: 'Left',
      left: [
        'messages[1].author.type: expected "user", got "robot"',
        'messages[1].author.type: expected "business", got "robot"',
        'meta.hasMore: expected boolean, got "yes"',
      ],
    })
  })

  it('names the body itself when it is not an object', () => {
    expect(decodeWith(Page, 'html')).toEqual({
      _tag: 'Left',
      left: [
        '(body): expected { messages: Array<{ id: string, author: { type: ("user" | "business") } }>, meta: Partial<{ hasMore: boolean }> }, got "html"',
      ],
    })
  })

  it('keeps unknown keys', () => {
    expect(decodeWith(Author, { type: 'user', extra: 1 })).toEqual({
      _tag: 'Right',
      right: { type: 'user', extra: 1 },
    })
  })
})

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-21T12:00:00Z')
  it.each([
    ['0', 0],
    ['2', 2_000],
    ['1.5', 1_500],
    ['Sat, 21 Nov 2026 12:00:30 GMT', 30_000],
    ['Sat, 21 Nov 2026 11:00:00 GMT', 0],
  ])('reads %j as %i ms', (header, expected) => expect(retryAfterMs(header, now)).toBe(expected))

  it.each([null, undefined, '', 'soon'])('ignores %j', (header) =>
    expect(retryAfterMs(header, now)).toBeUndefined(),
  )
})
