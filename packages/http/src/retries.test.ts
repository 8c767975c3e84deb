import { expectLeft, expectRight } from '@colloquy/core/testing'
import type { HttpClientOptions } from '@colloquy/http'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { onFakeClock } from './test-support/loopback.js'
import { baseUrl, client, getMessages, useNock } from './test-support/vendor-client.js'

useNock()

describe('createHttpClient: retries', () => {
  const retrying = (overrides: Partial<HttpClientOptions<{ keyId: string; secret: string }>> = {}) =>
    client({ retry: { limit: 2, maxRetryAfterMs: 5_000, backoffLimitMs: 50 }, ...overrides })

  it('retries a GET on 503 and succeeds', async () => {
    nock(baseUrl).get('/apps/app1/conversations/c1/messages').reply(503, {})
    nock(baseUrl).get('/apps/app1/conversations/c1/messages').reply(200, { messages: [] })
    await expectRight(retrying().request(getMessages()))
  })

  /** Fake-clock times at which the messages endpoint was called: first `first`, then 200s. */
  const arrivalsAfter = (first: { status: number; headers: Record<string, string> }, calls = 2) => {
    const arrivals: number[] = []
    nock(baseUrl)
      .get('/apps/app1/conversations/c1/messages')
      .times(calls)
      .reply(() => {
        arrivals.push(Date.now())
        return arrivals.length === 1 ? [first.status, {}, first.headers] : [200, { messages: [] }]
      })
    return arrivals
  }

  // The fake clock also moves while a response is being processed, so upper bounds are loose: they
  // only show that the client did not sleep its whole cap instead.
  const patient = () => retrying({ retry: { limit: 2, maxRetryAfterMs: 30_000, backoffLimitMs: 50 } })

  it('honours Retry-After in seconds', async () => {
    const arrivals = arrivalsAfter({ status: 429, headers: { 'retry-after': '1' } })
    await onFakeClock(() => expectRight(patient().request(getMessages())))
    const waited = (arrivals[1] ?? 0) - (arrivals[0] ?? 0)
    expect(waited).toBeGreaterThanOrEqual(1_000)
    expect(waited).toBeLessThan(30_000)
  })

  it('honours Retry-After as an HTTP date', async () => {
    const arrivals: number[] = []
    let retryAt = 0
    nock(baseUrl)
      .get('/apps/app1/conversations/c1/messages')
      .times(2)
      .reply(() => {
        arrivals.push(Date.now())
        if (arrivals.length > 1) return [200, { messages: [] }]
        // HTTP dates have whole seconds: the next whole second at least 1.5 s away.
        retryAt = Math.ceil((Date.now() + 1_500) / 1000) * 1000
        return [429, {}, { 'retry-after': new Date(retryAt).toUTCString() }]
      })
    await onFakeClock(() => expectRight(patient().request(getMessages())))
    expect(arrivals[1]).toBeGreaterThanOrEqual(retryAt)
    expect(arrivals[1]).toBeLessThan(retryAt + 28_000)
  })

  it.each([
    ['Infinity', { 'retry-after': 'Infinity' }],
    ['a number no clock reaches', { 'retry-after': '1e400' }],
    ['unreadable (ky would sleep the whole cap)', { 'retry-after': 'soon' }],
    ['only X-RateLimit-Reset, in seconds', { 'x-ratelimit-reset': '3600' }],
    [
      'only X-RateLimit-Reset, as a timestamp',
      { 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 600) },
    ],
    ['only RateLimit-Reset', { 'ratelimit-reset': '90' }],
  ])('returns RateLimited at once for a wait past the cap: %s', async (_, headers) => {
    const second = arrivalsAfter({ status: 429, headers })
    const error = await expectLeft(retrying().request(getMessages()))
    expect(error._tag).toBe('RateLimited')
    expect(second).toHaveLength(1)
    nock.cleanAll()
  })

  it('waits a short X-RateLimit-Reset, capped like Retry-After', async () => {
    const arrivals = arrivalsAfter({ status: 503, headers: { 'x-ratelimit-reset': '2' } })
    await onFakeClock(() => expectRight(retrying().request(getMessages())))
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(2_000)
  })

  it('returns RateLimited at once when Retry-After exceeds the cap', async () => {
    nock(baseUrl).get('/apps/app1/conversations/c1/messages').reply(429, {}, { 'retry-after': '120' })
    const error = await expectLeft(retrying().request(getMessages()))
    expect(error).toMatchObject({ _tag: 'RateLimited', retryAfterMs: 120_000 })
  })

  it('returns RateLimited with the wait when 429 outlasts the retry budget', async () => {
    nock(baseUrl).get('/apps/app1/conversations/c1/messages').times(3).reply(429, {}, { 'retry-after': '0' })
    expect(await expectLeft(retrying().request(getMessages()))).toMatchObject({
      _tag: 'RateLimited',
      retryAfterMs: 0,
    })
  })

  it('retries a POST on 429', async () => {
    nock(baseUrl).post('/apps/app1/conversations/c1/messages').reply(429, {}, { 'retry-after': '0' })
    nock(baseUrl).post('/apps/app1/conversations/c1/messages').reply(201, { messages: [] })
    await expectRight(retrying().request({ ...getMessages(), method: 'POST', json: { text: 'x' } }))
  })

  it('does not retry a POST on 500: the vendor may have stored the message', async () => {
    nock(baseUrl).post('/apps/app1/conversations/c1/messages').reply(500, {})
    const second = nock(baseUrl).post('/apps/app1/conversations/c1/messages').reply(201, { messages: [] })
    expect(
      await expectLeft(retrying().request({ ...getMessages(), method: 'POST', json: {} })),
    ).toMatchObject({
      _tag: 'Http',
      status: 500,
    })
    expect(second.isDone()).toBe(false)
    nock.cleanAll()
  })

  it('does not retry a POST after a reset', async () => {
    nock(baseUrl).post('/apps/app1/conversations/c1/messages').replyWithError({ code: 'ECONNRESET' })
    const second = nock(baseUrl).post('/apps/app1/conversations/c1/messages').reply(201, { messages: [] })
    expect(
      await expectLeft(retrying().request({ ...getMessages(), method: 'POST', json: {} })),
    ).toMatchObject({
      _tag: 'Network',
    })
    expect(second.isDone()).toBe(false)
    nock.cleanAll()
  })

  it('reports each retry to the hooks', async () => {
    nock(baseUrl).get('/apps/app1/conversations/c1/messages').reply(502, {})
    nock(baseUrl).get('/apps/app1/conversations/c1/messages').reply(200, { messages: [] })
    const events: string[] = []
    const observed = retrying({
      hooks: {
        onRequest: (e) => events.push(`request ${e.attempt}`),
        onResponse: (e) => events.push(`response ${e.status}`),
        onRetry: (e) => events.push(`retry ${e.attempt} ${e.reason}`),
      },
    })
    await expectRight(observed.request(getMessages()))
    expect(events).toEqual(['request 1', 'response 502', 'retry 2 HTTP 502', 'request 2', 'response 200'])
  })
})
