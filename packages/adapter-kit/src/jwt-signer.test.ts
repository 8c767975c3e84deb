import { createJwtSigner, writeFormFields, writeLocation } from '@colloquy/adapter-kit'
import { decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'

describe('createJwtSigner', () => {
  it('signs HS256 with kid and the claims, once per secret, again after rotation', async () => {
    const sign = createJwtSigner({ keyId: 'app_1', claims: { scope: 'app' } })
    const token = await sign('first-secret')
    expect(await sign('first-secret')).toBe(token)
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'app_1' })
    const { payload } = await jwtVerify(token, new TextEncoder().encode('first-secret'))
    expect(payload).toEqual({ scope: 'app' })
    const rotated = await sign('second-secret')
    expect(rotated).not.toBe(token)
    await expect(jwtVerify(rotated, new TextEncoder().encode('first-secret'))).rejects.toThrow()
  })
})

describe('content writers', () => {
  it('writes a location with its place only when it has one', () => {
    expect(writeLocation({ type: 'location', latitude: 45.5, longitude: -73.6 })).toEqual({
      type: 'location',
      coordinates: { lat: 45.5, long: -73.6 },
    })
    expect(writeLocation({ type: 'location', latitude: 1, longitude: 2, name: 'Here' })).toEqual({
      type: 'location',
      coordinates: { lat: 1, long: 2 },
      location: { name: 'Here' },
    })
  })

  it('writes form fields without answers or undefined keys', () => {
    expect(
      writeFormFields([
        { type: 'select', name: 'size', label: 'Size', options: [{ name: 's', label: 'S' }], value: 's' },
        { type: 'text', name: 'name', label: 'Name' },
      ]),
    ).toEqual([
      { type: 'select', name: 'size', label: 'Size', options: [{ name: 's', label: 'S' }] },
      { type: 'text', name: 'name', label: 'Name' },
    ])
  })
})
