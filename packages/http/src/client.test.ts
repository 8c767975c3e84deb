import { createHttpClient, type HttpClientOptions } from '@colloquy/http'
import * as t from 'io-ts'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { leftOf, onFakeClock, rightOf, startServer } from './test-support/loopback.js'

const baseUrl = 'https://api.vendor.test/v2'
const Messages = t.type({ messages: t.array(t.type({ id: t.string, text: t.string })) })

const basicAuth = (credentials: { keyId: string; secret: string }) => ({
  authorization: `Basic ${Buffer.from(`${credentials.keyId}:${credentials.secret}`).toString('base64')}`,
})

const client = (overrides: Partial<HttpClientOptions<{ keyId: string; secret: string }>> = {}) =>
  createHttpClient({
    provider: 'test-vendor',
    baseUrl,
    credentials: { keyId: 'app_key', secret: 'key-secret-value' },
    authenticate: basicAuth,
    headers: { 'x-api-version': '2026-01-01' },
    retry: false,
    errorDetails: (body) => {
      const first = (body as { errors?: { code?: string; title?: string }[] })?.errors?.[0]
      return first && { code: first.code, message: first.title }
    },
    ...overrides,
  })

const getMessages = (id = 'c1') =>
  ({
    operation: 'messages.list',
    method: 'GET',
    path: ['apps', 'app1', 'conversations', id, 'messages'],
    codec: Messages,
  }) as const

beforeAll(() => {
  nock.disableNetConnect()
  nock.enableNetConnect('127.0.0.1')
})
afterEach(() => {
  const pending = nock.pendingMocks()
  nock.cleanAll()
  expect(pending, 'every interceptor is consumed').toEqual([])
})

describe('createHttpClient: requests and decoding', () => {
  it('sends method, encoded path, query, auth and version headers, and decodes the body', async () => {
    nock(baseUrl, {
      reqheaders: {
        authorization: `Basic ${Buffer.from('app_key:key-secret-value').toString('base64')}`,
        'x-api-version': '2026-01-01',
        accept: 'application/json',
      },
    })
      .get('/apps/app1/conversations/c1/messages')
      .query({ 'page[before]': 'm9', limit: '5' })
      .reply(200, { messages: [{ id: 'm1', text: 'hi', extra: true }] })
    const page = await rightOf(
      client().request({ ...getMessages(), query: { 'page[before]': 'm9', limit: 5, skip: undefined } }),
    )
    expect(page).toEqual({ messages: [{ id: 'm1', text: 'hi', extra: true }] })
  })

  it('posts a JSON body', async () => {
    nock(baseUrl)
      .post('/apps/app1/conversations/c1/messages', {
        author: { type: 'business' },
        content: { type: 'text', text: 'hello' },
      })
      .matchHeader('content-type', /application\/json/)
      .reply(201, { messages: [{ id: 'm2', text: 'hello' }] })
    const sent = await rightOf(
      client().request({
        ...getMessages(),
        operation: 'messages.send',
        method: 'POST',
        json: { author: { type: 'business' }, content: { type: 'text', text: 'hello' } },
      }),
    )
    expect(sent.messages[0]?.id).toBe('m2')
  })

  it.each([
    ['a/b', 'a%2Fb'],
    ['../x', '..%2Fx'],
    ['what?x=1', 'what%3Fx%3D1'],
    ['frag#ment', 'frag%23ment'],
    ['100%', '100%25'],
    ['ünï©ødé', encodeURIComponent('ünï©ødé')],
  ])('encodes the id %j so the path cannot change', async (id, encoded) => {
    nock(baseUrl).get(`/apps/app1/conversations/${encoded}/messages`).reply(200, { messages: [] })
    await rightOf(client().request(getMessages(id)))
  })

  it.each(['..', '.', ''])('refuses the id %j without sending anything', async (id) => {
    const error = await leftOf(client().request(getMessages(id)))
    expect(error).toMatchObject({
      _tag: 'InvalidRequest',
      operation: 'messages.list',
      provider: 'test-vendor',
    })
  })

  it('reports malformed JSON in a 2xx as Decode', async () => {
    nock(baseUrl)
      .get('/apps/app1/conversations/c1/messages')
      .reply(200, '{"messages": [', { 'content-type': 'application/json' })
    expect(await leftOf(client().request(getMessages()))).toMatchObject({
      _tag: 'Decode',
      issues: ['(body): not valid JSON'],
    })
  })

  it('reports a wrong shape as Decode naming the path', async () => {
    nock(baseUrl)
      .get('/apps/app1/conversations/c1/messages')
      .reply(200, {
        messages: [
          { id: 'm1', text: 'ok' },
          { id: 7, text: 'bad id' },
        ],
      })
    const error = await leftOf(client().request(getMessages()))
    expect(error._tag).toBe('Decode')
    expect(error._tag === 'Decode' && error.issues).toEqual(['messages[1].id: expected string, got 7'])
    expect(error.message).toContain('messages[1].id')
  })

  it('calls a credential function for every request', async () => {
    let calls = 0
    const tokens = client({
      credentials: async () => ({ keyId: 'app_key', secret: `rotated-secret-${++calls}` }),
    })
    for (const n of [1, 2, 3]) {
      nock(baseUrl)
        .get('/apps/app1/conversations/c1/messages')
        .matchHeader(
          'authorization',
          `Basic ${Buffer.from(`app_key:rotated-secret-${n}`).toString('base64')}`,
        )
        .reply(200, { messages: [] })
    }
    for (let i = 0; i < 3; i++) await rightOf(tokens.request(getMessages()))
    expect(calls).toBe(3)
  })
})

describe('createHttpClient: error mapping', () => {
  it.each([
    [400, 'InvalidRequest', 'bad_request'],
    [401, 'Unauthorized', 'unauthorized'],
    [403, 'Unauthorized', 'forbidden'],
    [404, 'NotFound', 'conversation_not_found'],
    [409, 'InvalidRequest', 'conflict'],
    [413, 'InvalidRequest', 'too_large'],
    [422, 'InvalidRequest', 'unprocessable'],
    [423, 'InvalidRequest', 'locked'],
    [429, 'RateLimited', 'too_many_requests'],
    [500, 'Http', 'internal'],
    [503, 'Http', 'unavailable'],
  ])('maps %i to %s', async (status, tag, code) => {
    nock(baseUrl)
      .delete('/apps/app1/conversations/c1/messages')
      .matchHeader('authorization', /^Basic /)
      .reply(
        status,
        { errors: [{ code, title: `Vendor says ${code}` }] },
        { 'x-request-id': `req-${status}` },
      )
    const error = await leftOf(
      client().request({
        ...getMessages(),
        operation: 'messages.deleteAll',
        method: 'DELETE',
        resource: { name: 'conversation', id: 'c1' },
      }),
    )
    expect(error).toMatchObject({ _tag: tag, provider: 'test-vendor', operation: 'messages.deleteAll' })
    expect(error.message).toContain(`Vendor says ${code}`)
    if (error._tag === 'InvalidRequest') expect(error).toMatchObject({ status, vendorCode: code })
    if (error._tag === 'Unauthorized' || error._tag === 'Http') expect(error.status).toBe(status)
    if (error._tag === 'NotFound') expect(error).toMatchObject({ resource: 'conversation', id: 'c1' })
    if (error._tag === 'Http') expect(error.body).toContain(code)
    // Every tag keeps the evidence of the response it came from.
    expect(error).toMatchObject({
      status,
      vendorCode: code,
      requestId: `req-${status}`,
      responseHeaders: { 'x-request-id': `req-${status}`, 'content-type': 'application/json' },
      body: JSON.stringify({ errors: [{ code, title: `Vendor says ${code}` }] }),
    })
  })

  it('lets an adapter classify its own vendor quirks', async () => {
    nock(baseUrl).get('/apps/app1/conversations/c1/messages').reply(410, { error: 'disabled' })
    const quirky = client({
      classifyError: (response) =>
        response.status === 410
          ? {
              _tag: 'Unauthorized',
              status: 410,
              provider: response.provider,
              operation: response.operation,
              message: 'app disabled',
            }
          : {
              _tag: 'Http',
              status: response.status,
              provider: response.provider,
              operation: response.operation,
              message: 'other',
            },
    })
    expect(await leftOf(quirky.request(getMessages()))).toMatchObject({ _tag: 'Unauthorized', status: 410 })
  })

  it('reports a reset as Network', async () => {
    nock(baseUrl)
      .get('/apps/app1/conversations/c1/messages')
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
    expect(await leftOf(client().request(getMessages()))).toMatchObject({ _tag: 'Network', timedOut: false })
  })
})

describe('createHttpClient: retries', () => {
  const retrying = (overrides: Partial<HttpClientOptions<{ keyId: string; secret: string }>> = {}) =>
    client({ retry: { limit: 2, maxRetryAfterMs: 5_000, backoffLimitMs: 50 }, ...overrides })

  it('retries a GET on 503 and succeeds', async () => {
    nock(baseUrl).get('/apps/app1/conversations/c1/messages').reply(503, {})
    nock(baseUrl).get('/apps/app1/conversations/c1/messages').reply(200, { messages: [] })
    await rightOf(retrying().request(getMessages()))
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
    await onFakeClock(() => rightOf(patient().request(getMessages())))
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
    await onFakeClock(() => rightOf(patient().request(getMessages())))
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
    const error = await leftOf(retrying().request(getMessages()))
    expect(error._tag).toBe('RateLimited')
    expect(second).toHaveLength(1)
    nock.cleanAll()
  })

  it('waits a short X-RateLimit-Reset, capped like Retry-After', async () => {
    const arrivals = arrivalsAfter({ status: 503, headers: { 'x-ratelimit-reset': '2' } })
    await onFakeClock(() => rightOf(retrying().request(getMessages())))
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(2_000)
  })

  it('returns RateLimited at once when Retry-After exceeds the cap', async () => {
    nock(baseUrl).get('/apps/app1/conversations/c1/messages').reply(429, {}, { 'retry-after': '120' })
    const error = await leftOf(retrying().request(getMessages()))
    expect(error).toMatchObject({ _tag: 'RateLimited', retryAfterMs: 120_000 })
  })

  it('returns RateLimited with the wait when 429 outlasts the retry budget', async () => {
    nock(baseUrl).get('/apps/app1/conversations/c1/messages').times(3).reply(429, {}, { 'retry-after': '0' })
    expect(await leftOf(retrying().request(getMessages()))).toMatchObject({
      _tag: 'RateLimited',
      retryAfterMs: 0,
    })
  })

  it('retries a POST on 429', async () => {
    nock(baseUrl).post('/apps/app1/conversations/c1/messages').reply(429, {}, { 'retry-after': '0' })
    nock(baseUrl).post('/apps/app1/conversations/c1/messages').reply(201, { messages: [] })
    await rightOf(retrying().request({ ...getMessages(), method: 'POST', json: { text: 'x' } }))
  })

  it('does not retry a POST on 500: the vendor may have stored the message', async () => {
    nock(baseUrl).post('/apps/app1/conversations/c1/messages').reply(500, {})
    const second = nock(baseUrl).post('/apps/app1/conversations/c1/messages').reply(201, { messages: [] })
    expect(await leftOf(retrying().request({ ...getMessages(), method: 'POST', json: {} }))).toMatchObject({
      _tag: 'Http',
      status: 500,
    })
    expect(second.isDone()).toBe(false)
    nock.cleanAll()
  })

  it('does not retry a POST after a reset', async () => {
    nock(baseUrl).post('/apps/app1/conversations/c1/messages').replyWithError({ code: 'ECONNRESET' })
    const second = nock(baseUrl).post('/apps/app1/conversations/c1/messages').reply(201, { messages: [] })
    expect(await leftOf(retrying().request({ ...getMessages(), method: 'POST', json: {} }))).toMatchObject({
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
    await rightOf(observed.request(getMessages()))
    expect(events).toEqual(['request 1', 'response 502', 'retry 2 HTTP 502', 'request 2', 'response 200'])
  })
})

describe('createHttpClient: timeouts and limits (loopback server)', () => {
  it('gives Network with timedOut when the server never answers', async () => {
    const server = await startServer(() => {})
    try {
      const error = await leftOf(client({ baseUrl: server.url, timeoutMs: 150 }).request(getMessages()))
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
      const error = await leftOf(client({ baseUrl: server.url, timeoutMs: 150 }).request(getMessages()))
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
        const answer = await rightOf(
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
        const get = await leftOf(client({ baseUrl: server.url, retry: { limit: 1 } }).request(getMessages()))
        expect(get).toMatchObject({ _tag: 'Decode', issues: ['(body): not valid JSON'] })
        expect(server.requests()).toBe(2)
        const post = await leftOf(
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
      await Promise.all(Array.from({ length: total }, () => rightOf(limited.request(getMessages()))))
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
      () => Promise.all(Array.from({ length: 10 }, () => rightOf(limited.request(getMessages())))),
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
