import { type SunshineEmulator, startSunshineEmulator } from '@colloquy/emulators'
import { afterEach, describe, expect, it, vi } from 'vitest'

describe('fault injection', () => {
  let emulator: SunshineEmulator
  afterEach(() => emulator?.close())

  const start = async () => {
    emulator = await startSunshineEmulator()
    const { conversations } = emulator.seed({
      users: [{ externalId: 'u' }],
      conversations: [{ participants: [{ userExternalId: 'u' }] }],
    })
    const { appId, keyId, keySecret } = emulator.credentials
    const conversationUrl = `${emulator.url}/v2/apps/${appId}/conversations/${conversations[0]?.id}`
    const headers = {
      authorization: `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString('base64')}`,
      'content-type': 'application/json',
    }
    const get = (signal?: AbortSignal) => fetch(conversationUrl, { headers, ...(signal ? { signal } : {}) })
    const post = () =>
      fetch(`${conversationUrl}/messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ author: { type: 'business' }, content: { type: 'text', text: 'x' } }),
      })
    const stored = () => emulator.state().conversations[0]?.messages as unknown[]
    return { get, post, stored }
  }

  // Both run on a fake clock (`setTimeout`, `Date`): waits are measured in fake milliseconds, so no
  // assertion depends on how busy the machine is.
  it('adds latency', async () => {
    const { get } = await start()
    emulator.setFaults({ latencyMs: 150 })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    try {
      const started = Date.now()
      let answered: number | undefined
      const request = get().then((response) => {
        answered = Date.now()
        return response
      })
      while (answered === undefined) await vi.advanceTimersByTimeAsync(10)
      expect((await request).status).toBe(200)
      expect(answered - started).toBeGreaterThanOrEqual(150)
    } finally {
      vi.useRealTimers()
    }
  })

  it('answers 429 with Retry-After past the rate limit, in the vendor error shape', async () => {
    const { get } = await start()
    emulator.setFaults({ rateLimit: { requests: 2, intervalMs: 10_000 } })
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      expect((await get()).status).toBe(200)
      expect((await get()).status).toBe(200)
      const limited = await get()
      expect(limited.status).toBe(429)
      // The clock stood still: the window frees a slot in exactly 10 s.
      expect(limited.headers.get('retry-after')).toBe('10')
      expect(await limited.json()).toEqual({
        errors: [{ code: 'too_many_requests', title: 'Rate limit exceeded' }],
      })
      expect(emulator.faultCounts().rateLimited).toBe(1)
      vi.advanceTimersByTime(10_000)
      expect((await get()).status).toBe(200)
    } finally {
      vi.useRealTimers()
    }
  })

  it('answers 5xx before storing anything', async () => {
    const { post, stored } = await start()
    emulator.setFaults({ serverErrors: 1 })
    const failed = await post()
    expect([500, 502, 503]).toContain(failed.status)
    expect(stored()).toEqual([])
  })

  it('resets the connection before storing anything', async () => {
    const { post, stored } = await start()
    emulator.setFaults({ resets: 1 })
    await expect(post()).rejects.toThrow()
    expect(stored()).toEqual([])
    expect(emulator.requests().at(-1)?.outcome).toBe('reset')
  })

  it('loses the response of a request it did store', async () => {
    const { post, stored } = await start()
    emulator.setFaults({ lostResponses: 1 })
    await expect(post()).rejects.toThrow()
    expect(stored()).toHaveLength(1)
  })

  it('stalls longer than a client timeout', async () => {
    const { get } = await start()
    emulator.setFaults({ stalls: 1, stallMs: 5_000 })
    await expect(get(AbortSignal.timeout(200))).rejects.toThrow(/timeout|aborted/i)
    expect(emulator.requests().at(-1)?.outcome).toBe('stalled')
  })

  it('cuts successful bodies off mid-JSON', async () => {
    const { get } = await start()
    emulator.setFaults({ malformed: 1 })
    const response = await get()
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(() => JSON.parse(text)).toThrow()
  })

  it('makes the same decisions for the same seed', async () => {
    const outcomes = async (seed: number) => {
      const { get } = await start()
      emulator.setFaults({ seed, serverErrors: 0.5 })
      const statuses: number[] = []
      for (let i = 0; i < 30; i++) statuses.push((await get()).status)
      await emulator.close()
      return statuses
    }
    const first = await outcomes(42)
    expect(await outcomes(42)).toEqual(first)
    expect(await outcomes(7)).not.toEqual(first)
    expect(first.filter((status) => status === 200).length).toBeGreaterThan(5)
    expect(first.filter((status) => status >= 500).length).toBeGreaterThan(5)
  })
})
