import { expectLeft, expectRight } from '@colloquy/core/testing'
import type { HttpClientOptions } from '@colloquy/http'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { onFakeClock, startServer } from './test-support/loopback.js'
import { baseUrl, client, getMessages, useNock } from './test-support/vendor-client.js'

useNock()

describe('createHttpClient: timeouts and limits (loopback server)', () => {
  it('gives Network with timedOut when the server never answers', async () => {
    const server = await startServer(() => {})
    try {
      const error = await expectLeft(client({ baseUrl: server.url, timeoutMs: 150 }).request(getMessages()))
      expect(error).toMatchObject({ _tag: 'Network', timedOut: true })
    } finally {
      await server.close()
    }
  })

  it('gives Network with timedOut when the body stalls after the headers', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"messages": [')
    })
    try {
      const error = await expectLeft(client({ baseUrl: server.url, timeoutMs: 150 }).request(getMessages()))
      expect(error).toMatchObject({ _tag: 'Network', timedOut: true })
    } finally {
      await server.close()
    }
  })

  describe('a body cut off after the headers', () => {
    /** Answers the first `cutOff` requests with half a JSON document, then whole ones. */
    const flakyServer = (cutOff: number) => {
      let requests = 0
      return startServer((_request, response) => {
        requests++
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(requests <= cutOff ? '{"messages": [{"id"' : '{"messages":[]}')
      }).then((server) => ({ ...server, requests: () => requests }))
    }
    const retried: string[] = []
    const hooks = {
      onRetry: (event: { attempt: number; reason: string }) =>
        retried.push(`${event.attempt} ${event.reason}`),
    }

    it('sends a GET again, within the retry limit, and reports the retry', async () => {
      retried.length = 0
      const server = await flakyServer(2)
      try {
        const answer = await expectRight(
          client({ baseUrl: server.url, retry: { limit: 2 }, hooks }).request(getMessages()),
        )
        expect(answer).toEqual({ messages: [] })
        expect(server.requests()).toBe(3)
        expect(retried).toEqual([
          '2 a response body that is not valid JSON (cut off?)',
          '3 a response body that is not valid JSON (cut off?)',
        ])
      } finally {
        await server.close()
      }
    })

    it('gives Decode once the retries are spent, and never sends a POST twice', async () => {
      const server = await flakyServer(10)
      try {
        const get = await expectLeft(
          client({ baseUrl: server.url, retry: { limit: 1 } }).request(getMessages()),
        )
        expect(get).toMatchObject({ _tag: 'Decode', issues: ['(body): not valid JSON'] })
        expect(server.requests()).toBe(2)
        const post = await expectLeft(
          client({ baseUrl: server.url, retry: { limit: 2 } }).request({
            ...getMessages(),
            method: 'POST',
            json: {},
          }),
        )
        expect(post._tag).toBe('Decode')
        expect(server.requests()).toBe(3)
      } finally {
        await server.close()
      }
    })
  })

  /**
   * 20 requests at once against a server that holds every answer until `holdUntil` requests are
   * in flight together (or, once fewer can come, answers at once): counts, not timings.
   */
  const concurrencyProbe = async (rateLimit: HttpClientOptions<never>['rateLimit'], holdUntil: number) => {
    let inFlight = 0
    let maxInFlight = 0
    let answered = 0
    const total = 20
    const held: (() => void)[] = []
    const server = await startServer((_request, response) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight)
      held.push(() => {
        inFlight--
        answered++
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"messages":[]}')
      })
      if (held.length >= Math.min(holdUntil, total - answered)) for (const answer of held.splice(0)) answer()
    })
    const order: string[] = []
    try {
      const limited = client({
        baseUrl: server.url,
        rateLimit,
        hooks: { onRequest: () => order.push('request'), onResponse: () => order.push('response') },
      })
      await Promise.all(Array.from({ length: total }, () => expectRight(limited.request(getMessages()))))
      return { maxInFlight, order }
    } finally {
      await server.close()
    }
  }

  it('never overlaps requests with maxConcurrent 1', async () => {
    const { maxInFlight, order } = await concurrencyProbe({ maxConcurrent: 1 }, 1)
    expect(maxInFlight).toBe(1)
    // Each request starts only after the previous one was answered.
    expect(order).toEqual(Array.from({ length: 20 }, () => ['request', 'response']).flat())
  })

  it('overlaps requests without a limit (so the check above can fail)', async () => {
    // The server answers only once two requests wait together: without overlap this would hang.
    const { maxInFlight, order } = await concurrencyProbe(false, 2)
    expect(maxInFlight).toBeGreaterThan(1)
    expect(order.slice(0, 2)).toEqual(['request', 'request'])
  })

  it('holds a requests-per-interval limit in every sliding window', async () => {
    const arrivals: number[] = []
    const attempts: number[] = []
    nock(baseUrl)
      .get('/apps/app1/conversations/c1/messages')
      .times(10)
      .reply(() => {
        arrivals.push(Date.now())
        return [200, { messages: [] }]
      })
    const limited = client({
      rateLimit: { requests: 4, intervalMs: 300 },
      hooks: { onRequest: () => attempts.push(Date.now()) },
    })
    const stepMs = 5
    await onFakeClock(
      () => Promise.all(Array.from({ length: 10 }, () => expectRight(limited.request(getMessages())))),
      stepMs,
    )
    expect(arrivals).toHaveLength(10)
    for (let k = 0; k + 4 < attempts.length; k++) {
      // Attempt k+4 may not start within one window of attempt k (fake clock: exact)...
      expect((attempts[k + 4] ?? 0) - (attempts[k] ?? 0)).toBeGreaterThanOrEqual(300)
      // ...nor reach the server within it, give or take the one clock step a request is in flight.
      expect((arrivals[k + 4] ?? 0) - (arrivals[k] ?? 0)).toBeGreaterThanOrEqual(300 - stepMs)
    }
    // The limit holds requests back no longer than its windows need.
    expect((attempts[9] ?? 0) - (attempts[0] ?? 0)).toBeLessThan(2 * 300 + 100)
  })
})
