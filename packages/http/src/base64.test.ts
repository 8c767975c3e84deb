import { decodeBase64, encodeBase64 } from '@colloquy/http'
import { describe, expect, it } from 'vitest'

const samples = [
  '',
  'a',
  'ab',
  'abc',
  'key:sécret',
  '🙂 emoji and ü',
  '[1735689600000,["id-1","id-2"]]',
  '\u0000\u00ff?>~',
]

describe('encodeBase64 / decodeBase64 (Web APIs, no Buffer)', () => {
  it.each(samples)('agree with Node Buffer on %j, in both alphabets', (text) => {
    expect(encodeBase64(text)).toBe(Buffer.from(text).toString('base64'))
    expect(encodeBase64(text, { url: true })).toBe(Buffer.from(text).toString('base64url'))
    expect(decodeBase64(Buffer.from(text).toString('base64'))).toBe(text)
    expect(decodeBase64(Buffer.from(text).toString('base64url'))).toBe(text)
  })

  it('refuses characters outside both alphabets', () => {
    for (const garbage of ['not base64!', 'a', '%%%%']) expect(() => decodeBase64(garbage)).toThrow()
  })
})
