import {
  createMessageCursor,
  createTieGroupCursor,
  type TieGroupPosition,
  takeTieGroupPage,
} from '@colloquy/adapter-kit'
import { describe, expect, it } from 'vitest'

interface Row {
  readonly id: string
  readonly at: number
}
const rows = (...spec: [string, number][]): Row[] => spec.map(([id, at]) => ({ id, at }))
const page = (
  messages: readonly Row[],
  options: { bound?: TieGroupPosition; limit: number; full?: boolean; direction?: 'backward' | 'forward' },
) =>
  takeTieGroupPage({
    direction: options.direction ?? 'forward',
    messages,
    bound: options.bound,
    limit: options.limit,
    vendorPageFull: options.full ?? false,
    positionOf: (row) => row.at,
    idOf: (row) => row.id,
  })

describe('createTieGroupCursor', () => {
  const cursor = createTieGroupCursor(createMessageCursor('smooch-v1'))

  it('round-trips cursors and refuses foreign ones', () => {
    const at = { position: 1547492967.683, seen: ['a', 'b'] }
    expect(cursor.decode('forward', 'conv', cursor.encode('forward', 'conv', at))).toEqual(at)
    expect(cursor.decode('backward', 'conv', cursor.encode('forward', 'conv', at))).toBeUndefined()
    expect(cursor.decode('forward', 'other', cursor.encode('forward', 'conv', at))).toBeUndefined()
    expect(cursor.decode('forward', 'conv', 'f!!!')).toBeUndefined()
    const wholeMilliseconds = createTieGroupCursor(createMessageCursor('smooch-v1'), Number.isSafeInteger)
    expect(wholeMilliseconds.decode('forward', 'conv', cursor.encode('forward', 'conv', at))).toBeUndefined()
  })

  it('refuses a well-scoped cursor whose position is not what the vendor takes', () => {
    const messageCursor = createMessageCursor('smooch-v1')
    const cursorOf = (payload: unknown) =>
      messageCursor.encode('forward', 'conv', Buffer.from(JSON.stringify(payload)).toString('base64url'))
    for (const payload of [['1', []], [1, [2]], [Number.MAX_VALUE * 2, []], { position: 1 }, 7])
      expect(cursor.decode('forward', 'conv', cursorOf(payload))).toBeUndefined()
    expect(cursor.decode('forward', 'conv', cursorOf([5, ['x']]))).toEqual({ position: 5, seen: ['x'] })
  })
})

describe('takeTieGroupPage', () => {
  it('continues a tie group cut by a page edge: no gap, no repeat, the ids carried forward', () => {
    // a, b and c share one timestamp; the first page ends after b.
    const first = page(rows(['a', 1], ['b', 1], ['c', 1], ['d', 2]), { limit: 2 })
    expect(first).toEqual({
      items: rows(['a', 1], ['b', 1]),
      next: { position: 1, seen: ['a', 'b'] },
      resume: { position: 1, seen: ['a', 'b'] },
    })
    const bound = 'next' in first ? first.next : undefined
    // The vendor answers from the timestamp inclusive: a and b come again and are dropped.
    const second = page(rows(['a', 1], ['b', 1], ['c', 1], ['d', 2]), { bound, limit: 1 })
    expect(second).toEqual({
      items: rows(['c', 1]),
      next: { position: 1, seen: ['a', 'b', 'c'] },
      resume: { position: 1, seen: ['a', 'b', 'c'] },
    })
    const third = page(rows(['a', 1], ['b', 1], ['c', 1], ['d', 2]), {
      bound: 'next' in second ? second.next : undefined,
      limit: 5,
    })
    expect(third).toEqual({ items: rows(['d', 2]), resume: { position: 2, seen: ['d'] } })
  })

  it('puts an unsorted answer oldest first, ties in the order the vendor sent them', () => {
    expect(page(rows(['c', 2], ['a', 1], ['d', 2], ['b', 1]), { limit: 10 })).toMatchObject({
      items: rows(['a', 1], ['b', 1], ['c', 2], ['d', 2]),
    })
  })

  it('walks backward from the newest, keeping ties at the older edge', () => {
    const newest = page(rows(['a', 1], ['b', 2], ['c', 2]), { limit: 1, direction: 'backward' })
    expect(newest).toMatchObject({ items: rows(['c', 2]), next: { position: 2, seen: ['c'] } })
    const older = page(rows(['a', 1], ['b', 2], ['c', 2]), {
      bound: { position: 2, seen: ['c'] },
      limit: 5,
      direction: 'backward',
    })
    expect(older).toMatchObject({ items: rows(['a', 1], ['b', 2]) })
    expect('next' in older && older.next).toBe(false)
  })

  it('keeps its place on an empty page, and says when a full page is all one returned tie group', () => {
    const bound = { position: 3, seen: ['x'] }
    expect(page([], { bound, limit: 5 })).toEqual({ items: [], resume: bound })
    expect(page([], { limit: 5 })).toEqual({ items: [] })
    expect(page(rows(['x', 3]), { bound, limit: 5, full: true })).toEqual({ stuckAt: 3 })
    // A full vendor page means more may follow, even when this page had room left.
    expect(page(rows(['y', 4]), { bound, limit: 5, full: true })).toMatchObject({
      next: { position: 4, seen: ['y'] },
    })
  })
})
