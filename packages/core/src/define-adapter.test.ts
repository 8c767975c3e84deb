import { adapterSpecificationVersion, defineAdapter, headerValue } from '@colloquy/core'
import { createMemoryAdapter } from '@colloquy/core/memory'
import { describe, expect, it } from 'vitest'

describe('defineAdapter', () => {
  it('answers a missing or non-object input with InvalidRequest instead of throwing', async () => {
    const adapter = createMemoryAdapter()
    for (const input of [undefined, null, 'conv_1', 42]) {
      const result = await adapter.conversations.get(input as never)()
      expect(result).toMatchObject({
        _tag: 'Left',
        left: { _tag: 'InvalidRequest', message: 'conversations.get: input must be an object' },
      })
    }
  })

  it('refuses an adapter written for another port contract, or for none, naming both versions', () => {
    const { specificationVersion: _, ...unversioned } = createMemoryAdapter({ provider: 'acme' })
    expect(adapterSpecificationVersion).toBe('colloquy.v1')
    expect(() => defineAdapter(unversioned as never)).toThrow(
      new TypeError(
        "defineAdapter: the 'acme' adapter declares no specificationVersion; this @colloquy/core defines the port contract 'colloquy.v1': set specificationVersion: 'colloquy.v1' once the adapter keeps it (describeAdapterContract proves that)",
      ),
    )
    expect(() => defineAdapter({ ...unversioned, specificationVersion: 'colloquy.v0' } as never)).toThrow(
      new TypeError(
        "defineAdapter: the 'acme' adapter implements the port contract 'colloquy.v0', but this @colloquy/core defines 'colloquy.v1': use a release of the adapter built for 'colloquy.v1'",
      ),
    )
    expect(() => defineAdapter({ ...unversioned, specificationVersion: 1 } as never)).toThrow(
      /implements the port contract number, but this @colloquy\/core defines 'colloquy.v1'/,
    )
    const current = defineAdapter({ ...unversioned, specificationVersion: adapterSpecificationVersion })
    expect(current.specificationVersion).toBe('colloquy.v1')
  })

  it('names the offending field', async () => {
    const adapter = createMemoryAdapter()
    const result = await adapter.messages.send({
      conversationId: 'c',
      message: { author: { role: 'agent' }, content: { type: 'location', latitude: 123, longitude: 0 } },
    })()
    expect(result).toMatchObject({
      left: { message: 'messages.send: message.content latitude/longitude must be numbers within ±90/±180' },
    })
  })
})

describe('headerValue', () => {
  it('reads plain objects case-insensitively, arrays by their first value, and Headers', () => {
    expect(headerValue({ 'X-API-Key': 'k' }, 'x-api-key')).toBe('k')
    expect(headerValue({ 'x-api-key': ['a', 'b'] }, 'X-Api-Key')).toBe('a')
    expect(headerValue(new Headers({ 'X-API-Key': 'h' }), 'x-api-key')).toBe('h')
    expect(headerValue(new Headers(), 'x-api-key')).toBeUndefined()
    expect(headerValue(undefined, 'x-api-key')).toBeUndefined()
  })
})
