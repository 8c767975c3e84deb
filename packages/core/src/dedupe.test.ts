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
      delete: async (key) => {
        keys.delete(key)
      },
    }
    const [one, two] = [createEventDeduper({ store }), createEventDeduper({ store })]
    expect(await one.firstTime({ provider: 'p', id: 'x' })).toBe(true)
    expect(await two.firstTime({ provider: 'p', id: 'x' })).toBe(false)
    expect([...keys]).toEqual(['p:x'])
    await two.forget({ provider: 'p', id: 'x' })
    expect(keys.size).toBe(0)
    expect(await one.firstTime({ provider: 'p', id: 'x' })).toBe(true)
  })

  it('lets a forgotten event through again, and only that one', async () => {
    const dedupe = createEventDeduper()
    const [a, b] = [
      { provider: 'p', id: 'a' },
      { provider: 'p', id: 'b' },
    ]
    await dedupe.filter([a, b])
    await dedupe.forget(a)
    await dedupe.forget({ provider: 'p', id: 'never-seen' })
    expect(await dedupe.filter([a, b])).toEqual([a])
  })

  it('refuses, when created, a store that cannot forget', () => {
    const store = { addIfAbsent: () => true } as unknown as DedupeStore
    expect(() => createEventDeduper({ store })).toThrow(/delete\(key\)/)
  })
})
