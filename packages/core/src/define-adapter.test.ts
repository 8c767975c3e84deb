import { headerValue } from '@colloquy/core'
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
