import {
  type ColloquyError,
  createEventDeduper,
  createWebhookHandler,
  type DedupeStore,
  type EventPort,
  type InboundEvent,
  memoryDedupeStore,
  unauthorized,
} from '@colloquy/core'
import { createMemoryAdapter } from '@colloquy/core/memory'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, it, vi } from 'vitest'

const url = 'https://app.example/webhooks/memory'
const event = (id: string) => ({
  id,
  type: 'conversation.created',
  conversationId: 'conv_1',
  occurredAt: '2026-01-01T00:00:00.000Z',
})
const webhook = (...ids: string[]) => JSON.stringify({ events: ids.map(event) })
const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request(url, { method: 'POST', body, headers, duplex: 'half' } as RequestInit)

/** A handler over the memory adapter that records the ids `onEvent` saw; `failOn` ids throw. */
const setup = (
  options: { failOn?: Set<string>; dedupe?: Parameters<typeof createWebhookHandler>[0]['dedupe'] } = {},
) => {
  const seen: string[] = []
  const errors: [unknown, InboundEvent | undefined][] = []
  const handler = createWebhookHandler({
    adapter: createMemoryAdapter(),
    onEvent: async (e) => {
      seen.push(e.id)
      if (options.failOn?.has(e.id)) throw new Error(`cannot handle ${e.id}`)
    },
    onError: (error, e) => errors.push([error, e]),
    maxBodyBytes: 1_000,
    ...(options.dedupe === undefined ? {} : { dedupe: options.dedupe }),
  })
  return { handler, seen, errors }
}

/** A body stream of `chunks` chunks of `size` bytes that counts what was pulled and whether it was cancelled. */
const countingStream = (size: number, chunks: number) => {
  const state = { pulledBytes: 0, cancelled: false }
  let left = chunks
  const stream = new ReadableStream<Uint8Array>({
    pull: (controller) => {
      if (left-- === 0) return controller.close()
      state.pulledBytes += size
      controller.enqueue(new Uint8Array(size).fill(0x20))
    },
    cancel: () => {
      state.cancelled = true
    },
  })
  return { stream, state }
}

describe('createWebhookHandler', () => {
  it('answers 200 and calls onEvent once per event, in order, with the request', async () => {
    const contexts: Request[] = []
    const handler = createWebhookHandler({
      adapter: createMemoryAdapter(),
      onEvent: (_, context) => {
        contexts.push(context.request)
      },
    })
    const request = post(webhook('a', 'b'))
    const response = await handler(request)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.json()).toEqual({ received: 2, processed: 2, duplicates: 0 })
    expect(contexts).toEqual([request, request])
  })

  it('answers a redelivery 200 without calling onEvent again, and handles only what is new in a batch', async () => {
    const { handler, seen } = setup()
    expect((await handler(post(webhook('a')))).status).toBe(200)
    const again = await handler(post(webhook('a', 'b')))
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ received: 2, processed: 1, duplicates: 1 })
    expect(seen).toEqual(['a', 'b'])
  })

  it('with dedupe: false, calls onEvent for every delivery', async () => {
    const { handler, seen } = setup({ dedupe: false })
    await handler(post(webhook('a')))
    await handler(post(webhook('a')))
    expect(seen).toEqual(['a', 'a'])
  })

  it('answers 500 when onEvent throws, stops there, and lets the retry handle that event and the rest', async () => {
    const failOn = new Set(['b'])
    const { handler, seen, errors } = setup({ failOn })
    const failed = await handler(post(webhook('a', 'b', 'c')))
    expect(failed.status).toBe(500)
    // The app's error stays in the app: the vendor gets a generic message.
    expect(await failed.json()).toEqual({ error: 'webhook not handled' })
    expect(seen).toEqual(['a', 'b'])
    expect(errors).toEqual([[new Error('cannot handle b'), expect.objectContaining({ id: 'b' })]])

    failOn.clear()
    const retried = await handler(post(webhook('a', 'b', 'c')))
    expect(await retried.json()).toEqual({ received: 3, processed: 2, duplicates: 1 })
    expect(seen).toEqual(['a', 'b', 'b', 'c'])
  })

  it('forgets a failed event in a shared store, so a retry reaching another process is handled', async () => {
    const store = memoryDedupeStore()
    const failing = setup({ failOn: new Set(['a']), dedupe: createEventDeduper({ store }) })
    const healthy = setup({ dedupe: createEventDeduper({ store }) })
    expect((await failing.handler(post(webhook('a')))).status).toBe(500)
    expect((await healthy.handler(post(webhook('a')))).status).toBe(200)
    expect(healthy.seen).toEqual(['a'])
  })

  it('answers 503 when the dedupe store fails, without calling onEvent', async () => {
    const store: DedupeStore = {
      addIfAbsent: () => Promise.reject(new Error('store down')),
      delete: () => undefined,
    }
    const { handler, seen, errors } = setup({ dedupe: createEventDeduper({ store }) })
    expect((await handler(post(webhook('a')))).status).toBe(503)
    expect(seen).toEqual([])
    expect(errors.map(([error]) => String(error))).toEqual(['Error: store down'])
  })

  it('reports both errors when forgetting a failed event fails too (the retry would be swallowed)', async () => {
    const inner = memoryDedupeStore()
    const store: DedupeStore = {
      addIfAbsent: inner.addIfAbsent,
      delete: () => Promise.reject(new Error('gone')),
    }
    const { handler, errors } = setup({ failOn: new Set(['a']), dedupe: createEventDeduper({ store }) })
    expect((await handler(post(webhook('a')))).status).toBe(500)
    const [reported] = errors[0] ?? []
    expect(reported).toBeInstanceOf(AggregateError)
    expect((reported as AggregateError).errors.map(String)).toEqual(['Error: cannot handle a', 'Error: gone'])
  })

  it('answers 400 for a malformed or truncated body, without calling onEvent', async () => {
    const { handler, seen } = setup()
    const full = webhook('a')
    for (const body of [full.slice(0, full.length / 2), '', '{"events": [{"id": 1}]}']) {
      const response = await handler(post(body))
      expect(response.status).toBe(400)
      expect((await response.json()).error).toMatch(/^events\.parse: malformed inbound body/)
    }
    expect(seen).toEqual([])
  })

  it('answers 400 when the sender hangs up mid-body', async () => {
    const { handler } = setup()
    const body = new ReadableStream({
      start: (controller) => {
        controller.enqueue(new TextEncoder().encode('{"events":'))
        controller.error(new Error('connection reset'))
      },
    })
    expect((await handler(post(body))).status).toBe(400)
  })

  it('answers 405 with Allow: POST to any other method', async () => {
    const { handler, seen } = setup()
    for (const method of ['GET', 'PUT', 'HEAD']) {
      const response = await handler(new Request(url, { method }))
      expect([response.status, response.headers.get('allow')]).toEqual([405, 'POST'])
    }
    expect(seen).toEqual([])
  })

  it('answers 413 from a Content-Length over the limit without reading the body', async () => {
    const { handler } = setup()
    const { stream, state } = countingStream(100, 1_000)
    const response = await handler(post(stream, { 'content-length': '100000' }))
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({ error: 'body larger than 1000 bytes' })
    // A stream pulls once to fill its queue before anyone reads: at most that one chunk.
    expect(state.pulledBytes).toBeLessThanOrEqual(100)
    await vi.waitFor(() => expect(state.cancelled).toBe(true))
  })

  it('answers 413 as soon as a body without Content-Length passes the limit, and cancels the rest', async () => {
    const { handler, seen } = setup()
    const { stream, state } = countingStream(300, 1_000)
    expect((await handler(post(stream))).status).toBe(413)
    expect(state.pulledBytes).toBeLessThanOrEqual(1_000 + 2 * 300)
    await vi.waitFor(() => expect(state.cancelled).toBe(true))
    expect(seen).toEqual([])
  })

  it('accepts a body of exactly the limit', async () => {
    const { handler } = setup()
    const body = webhook('a')
    const padded = body.padEnd(1_000, ' ')
    expect((await handler(post(padded))).status).toBe(200)
    expect((await handler(post(`${padded} `))).status).toBe(413)
  })

  it('answers 500 when a middleware already read the body, and says so', async () => {
    const { handler, errors } = setup()
    const request = post(webhook('a'))
    await request.text()
    expect((await handler(request)).status).toBe(500)
    expect(String(errors[0]?.[0])).toMatch(/before any body-parsing middleware/)
  })

  describe('answers from events.parse', () => {
    const withParse = (parse: EventPort['parse']) => {
      const errors: unknown[] = []
      const handler = createWebhookHandler({
        adapter: { events: { parse } },
        onEvent: () => undefined,
        onError: (error) => errors.push(error),
      })
      return { handler, errors }
    }
    const refusing = (error: ColloquyError) => withParse(() => TE.left(error))
    const denied = (status: number) =>
      unauthorized({
        provider: 'p',
        operation: 'events.parse',
        status,
        message: 'events.parse: secret says no',
      })

    it('401 for a rejected secret, with a generic message', async () => {
      const { handler, errors } = refusing(denied(401))
      const response = await handler(post('{}'))
      expect([response.status, await response.json()]).toEqual([401, { error: 'unauthorized' }])
      expect(errors).toEqual([])
    })

    it('503 (retried) when the secret itself is missing or failed (status 0), reported to onError', async () => {
      const { handler, errors } = refusing(denied(0))
      expect((await handler(post('{}'))).status).toBe(503)
      expect(errors).toEqual([denied(0)])
    })

    it('500 when a custom adapter throws or rejects instead of answering a Left', async () => {
      for (const parse of [
        () => {
          throw new Error('sync')
        },
        () => () => Promise.reject(new Error('async')),
      ]) {
        const { handler, errors } = withParse(parse as EventPort['parse'])
        expect((await handler(post('{}'))).status).toBe(500)
        expect(errors).toHaveLength(1)
      }
    })

    it('passes the request headers to parse', async () => {
      const parse = vi.fn<EventPort['parse']>(() => TE.right([]))
      await withParse(parse).handler(post('{}', { 'X-API-Key': 'k' }))
      const headers = parse.mock.calls[0]?.[0].headers
      expect(headers).toBeInstanceOf(Headers)
      expect((headers as Headers).get('x-api-key')).toBe('k')
    })
  })

  it('reports 5xx answers to console.error when no onError is given, and survives a throwing onError', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const adapter = createMemoryAdapter()
      const failing = () => {
        throw new Error('boom')
      }
      await createWebhookHandler({ adapter, onEvent: failing })(post(webhook('a')))
      expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('event memory:a'), new Error('boom'))
      const throwingReporter = createWebhookHandler({ adapter, onEvent: failing, onError: failing })
      expect((await throwingReporter(post(webhook('b')))).status).toBe(500)
    } finally {
      consoleError.mockRestore()
    }
  })

  it('refuses a maxBodyBytes that is not a positive integer when created', () => {
    for (const maxBodyBytes of [0, -1, 1.5, Number.NaN])
      expect(() =>
        createWebhookHandler({ adapter: createMemoryAdapter(), onEvent: () => undefined, maxBodyBytes }),
      ).toThrow(TypeError)
  })
})
