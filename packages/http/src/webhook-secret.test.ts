import { createHash } from 'node:crypto'
import { checkWebhookSecret, jsonDigest, sha256Hex, webhookVerification } from '@colloquy/http'
import { describe, expect, it } from 'vitest'

const check = (
  headers: Record<string, string> | undefined,
  secret: Parameters<typeof checkWebhookSecret>[0]['secret'],
  verification?: 'api-key-header' | 'none',
) => checkWebhookSecret({ provider: 'p', headers, secret, ...(verification ? { verification } : {}) })()

describe('checkWebhookSecret (Web Crypto)', () => {
  const secret = 'wh-sécret-🙂'

  it.each([
    ['the right key', { 'x-api-key': secret }, 'Right'],
    ['the right key under another case of header name', { 'X-Api-Key': secret }, 'Right'],
    ['a missing key', {}, 'Left'],
    ['an empty key', { 'x-api-key': '' }, 'Left'],
    ['a prefix of the key', { 'x-api-key': secret.slice(0, -2) }, 'Left'],
    ['the key with one more character', { 'x-api-key': `${secret}!` }, 'Left'],
    ['a key of the same length', { 'x-api-key': secret.replace('s', 't') }, 'Left'],
  ])('%s → %s', async (_, headers, tag) => {
    const result = await check(headers, secret)
    expect(result._tag).toBe(tag)
    if (result._tag === 'Left') expect(result.left).toMatchObject({ _tag: 'Unauthorized', status: 401 })
  })

  it('resolves the secret per call from a function, and a failing one is Unauthorized, not a rejection', async () => {
    expect((await check({ 'x-api-key': secret }, async () => secret))._tag).toBe('Right')
    expect(
      await check({ 'x-api-key': secret }, () => Promise.reject(new Error(`vault down: ${secret}`))),
    ).toEqual({
      _tag: 'Left',
      left: expect.objectContaining({
        _tag: 'Unauthorized',
        status: 0,
        message: 'events.parse: the webhook secret could not be resolved',
      }),
    })
  })

  it("without a secret, rejects everything unless verification is 'none'", async () => {
    const refused = await check({ 'x-api-key': 'anything' }, undefined)
    expect(refused).toMatchObject({ _tag: 'Left', left: { _tag: 'Unauthorized', status: 0 } })
    expect(refused._tag === 'Left' && refused.left.message).toContain("verification: 'none'")
    expect((await check(undefined, undefined, 'api-key-header'))._tag).toBe('Left')
    expect((await check(undefined, undefined, 'none'))._tag).toBe('Right')
  })

  it("checks a configured secret even when verification says 'none'", async () => {
    expect((await check({}, secret, 'none'))._tag).toBe('Left')
    expect(webhookVerification({ webhookSecret: secret, verification: 'none' })).toBe('api-key-header')
    expect(webhookVerification({ verification: 'none' })).toBe('none')
    expect(webhookVerification({})).toBe('api-key-header')
  })
})

describe('sha256Hex and jsonDigest', () => {
  it('match node:crypto, so event ids derived before the move to Web Crypto stay the same', async () => {
    const payload = { trigger: 'conversation:read', text: 'héllo 🙂' }
    const text = JSON.stringify(payload)
    const expected = createHash('sha256').update(text).digest('hex')
    expect(await sha256Hex(text)).toBe(expected)
    expect(await jsonDigest(payload)).toBe(expected.slice(0, 24))
  })

  it('rejects for a value with no JSON form instead of digesting something arbitrary', async () => {
    const circular: Record<string, unknown> = {}
    circular.self = circular
    await expect(jsonDigest(circular)).rejects.toThrow(TypeError)
  })
})
