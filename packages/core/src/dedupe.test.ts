import { createEventDeduper, type DedupeStore } from '@colloquy/core'
import { describe, expect, it } from 'vitest'

describe('createEventDeduper', () => {
  it('lets an event through once within the TTL, and again after it', async () => {
    let now = 0
    const dedupe = createEventDeduper({ ttlMs: 1_000, clock: () => now })
    const event = { provider: 'sunshine', id: 'evt-1' }
    expect(await dedupe.firstTime(event)).toBe(true)
    expect(await dedupe.firstTime(event)).toBe(false)
    expect(await dedupe.firstTime({ provider: 'smooch-v1', id: 'evt-1' })).toBe(true)
    now = 1_001
    expect(await dedupe.firstTime(event)).toBe(true)
  })

  it('filters a redelivered batch, keeping order', async () => {
    const dedupe = createEventDeduper()
    const batch = ['a', 'b', 'c'].map((id) => ({ provider: 'sunshine', id }))
    expect(await dedupe.filter(batch)).toEqual(batch)
    expect(await dedupe.filter([...batch, { provider: 'sunshine', id: 'd' }])).toEqual([
      { provider: 'sunshine', id: 'd' },
    ])
  })

  it('bounds the memory store, dropping the oldest keys', async () => {
    const dedupe = createEventDeduper({ maxEntries: 2 })
    for (const id of ['a', 'b', 'c']) await dedupe.firstTime({ provider: 'p', id })
    expect(await dedupe.firstTime({ provider: 'p', id: 'a' })).toBe(true)
    expect(await dedupe.firstTime({ provider: 'p', id: 'c' })).toBe(false)
  })

  it('uses a shared store when given one', async () => {
    const keys = new Set<string>()
    const store: DedupeStore = {
      addIfAbsent: async (key) => {
        if (keys.has(key)) return false
        keys.add(key)
        return true
      },
    }
    const [one, two] = [createEventDeduper({ store }), createEventDeduper({ store })]
    expect(await one.firstTime({ provider: 'p', id: 'x' })).toBe(true)
    expect(await two.firstTime({ provider: 'p', id: 'x' })).toBe(false)
    expect([...keys]).toEqual(['p:x'])
  })
})
