import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

// The recipes read their configuration from the environment when imported.
const secret = vi.hoisted(() => {
  const value = 'recipe-webhook-secret'
  Object.assign(process.env, {
    SUNSHINE_APP_ID: 'app',
    SUNSHINE_KEY_ID: 'key',
    SUNSHINE_KEY_SECRET: 'key-secret',
    SUNSHINE_WEBHOOK_SECRET: value,
  })
  return value
})

const { handledEvents } = await import('./recipes/chat-events.js')
const { app: expressApp } = await import('./recipes/express.js')
const { app: honoApp } = await import('./recipes/hono.js')
const { app: fastifyApp } = await import('./recipes/fastify.js')
const nextRoute = await import('./recipes/next-route.js')

const maxBodyBytes = 1_048_576 // the handler's default
const fixture = JSON.parse(
  readFileSync(
    new URL('../../sunshine-adapter/src/__fixtures__/webhook.conversation-message.json', import.meta.url),
    'utf8',
  ),
)
/** A Sunshine `conversation:message` webhook with its own event id and text. */
const webhook = (eventId: string, text: string) => {
  const body = structuredClone(fixture)
  body.events[0].id = eventId
  body.events[0].payload.message.content.text = text
  return JSON.stringify(body)
}

type Answer = { readonly status: number; readonly body: string }

/** A plain POST over HTTP/1.1. */
const post = (url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    })
    request.on('response', (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => {
        text += chunk
      })
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }))
    })
    request.on('error', reject)
    request.end(body)
  })

/**
 * Starts an oversized body and waits for the answer while still holding the rest of it: with
 * `declared`, a Content-Length of 64 MiB and only 16 KiB sent; without, a chunked body sent to
 * 64 KiB past the limit and never ended. An answer that comes anyway was given without reading it all.
 */
const postOversized = (
  url: string,
  declared: boolean,
): Promise<{ status: number; body: string; sentBytes: number }> =>
  new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': secret,
        ...(declared ? { 'content-length': String(64 * 1_048_576) } : {}),
      },
    })
    let sentBytes = 0
    let answered = false
    request.on('response', (response) => {
      answered = true
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => {
        body += chunk
      })
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body, sentBytes })
        request.destroy()
      })
    })
    // Writing into a connection the server stopped reading may fail; only a missing answer matters.
    request.on('error', (error) => {
      if (!answered) reject(error)
    })
    const chunk = Buffer.alloc(16_384, 0x20)
    const target = declared ? chunk.length : maxBodyBytes + 65_536
    while (sentBytes < target) {
      request.write(chunk)
      sentBytes += chunk.length
    }
  })

const listening = async (start: () => Promise<AddressInfo> | AddressInfo) => {
  const address = await start()
  return `http://127.0.0.1:${address.port}/webhooks/sunshine`
}

const servers: { close: () => unknown }[] = []
const frameworks: Record<string, () => Promise<string>> = {
  'Express 5': () =>
    listening(
      () =>
        new Promise((resolve) => {
          const server = expressApp.listen(0, '127.0.0.1', () => resolve(server.address() as AddressInfo))
          servers.push(server)
        }),
    ),
  'Hono (@hono/node-server)': () =>
    listening(
      () =>
        new Promise((resolve) => {
          servers.push(serve({ fetch: honoApp.fetch, port: 0, hostname: '127.0.0.1' }, resolve))
        }),
    ),
  'Fastify 5': () =>
    listening(async () => {
      await fastifyApp.listen({ port: 0, host: '127.0.0.1' })
      servers.push(fastifyApp)
      return fastifyApp.server.address() as AddressInfo
    }),
  // Next.js calls the route module's POST with a Request and sends the Response it returns; a
  // Web-standard server does the same here.
  'Next.js route handler (export const POST)': () =>
    listening(
      () =>
        new Promise((resolve) => {
          const route = (request: Request) =>
            request.method === 'POST' ? nextRoute.POST(request) : new Response(null, { status: 405 })
          servers.push(serve({ fetch: route, port: 0, hostname: '127.0.0.1' }, resolve))
        }),
    ),
}

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()))
})

const tooLarge = JSON.stringify({ error: `body larger than ${maxBodyBytes} bytes` })
const timesHandled = (eventId: string) => handledEvents.filter((event) => event.id === eventId).length

describe.each(Object.keys(frameworks))('%s recipe over HTTP', (framework) => {
  let url: string
  // The recipes share one handler (and its deduper): every case uses its own event ids.
  const id = (name: string) => `${framework}:${name}`
  beforeAll(async () => {
    url = await (frameworks[framework] as () => Promise<string>)()
  })

  it('a good event → 200 and onEvent once; the same event redelivered → 200, onEvent not called again', async () => {
    const body = webhook(id('good'), 'Hello')
    const first = await post(url, body, { 'x-api-key': secret })
    expect(first).toEqual({ status: 200, body: JSON.stringify({ received: 1, processed: 1, duplicates: 0 }) })
    expect(timesHandled(id('good'))).toBe(1)
    const again = await post(url, body, { 'x-api-key': secret })
    expect(again).toEqual({ status: 200, body: JSON.stringify({ received: 1, processed: 0, duplicates: 1 }) })
    expect(timesHandled(id('good'))).toBe(1)
  })

  it('a bad or missing secret → 401, onEvent not called', async () => {
    for (const headers of [{ 'x-api-key': `${secret}-wrong` }, {}] as Record<string, string>[]) {
      expect((await post(url, webhook(id('forged'), 'Hello'), headers)).status).toBe(401)
    }
    expect(timesHandled(id('forged'))).toBe(0)
  })

  it('a truncated body → 400', async () => {
    const body = webhook(id('truncated'), 'Hello')
    const answer = await post(url, body.slice(0, body.length / 2), { 'x-api-key': secret })
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.body).error).toContain('not valid JSON')
  })

  it('onEvent throws → 500, which Sunshine retries; the event is not remembered, so the retry runs it again', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const body = webhook(id('failing'), 'fail')
      expect((await post(url, body, { 'x-api-key': secret })).status).toBe(500)
      // Still failing, so still 500: a remembered event would have been answered 200 as a duplicate.
      expect((await post(url, body, { 'x-api-key': secret })).status).toBe(500)
      // The app hears of it (the default onError), the vendor only gets a generic answer.
      expect(consoleError).toHaveBeenCalledTimes(2)
      expect(consoleError).toHaveBeenLastCalledWith(expect.stringContaining(id('failing')), expect.any(Error))
    } finally {
      consoleError.mockRestore()
    }
  })

  it('an oversized body with a Content-Length → 413 after 16 KiB of a declared 64 MiB', async () => {
    // The handler's own answer, not the framework's body limit.
    expect(await postOversized(url, true)).toEqual({ status: 413, body: tooLarge, sentBytes: 16_384 })
  })

  it('an oversized chunked body → 413 while the rest is still unsent', async () => {
    const answer = await postOversized(url, false)
    expect([answer.status, answer.body]).toEqual([413, tooLarge])
  })
})

describe("core's README", () => {
  it('shows each recipe exactly as tested here', () => {
    const readme = readFileSync(new URL('../../core/README.md', import.meta.url), 'utf8')
    for (const file of ['webhook-handler', 'express', 'hono', 'fastify', 'next-route']) {
      const source = readFileSync(new URL(`./recipes/${file}.ts`, import.meta.url), 'utf8')
      expect(readme, `${file}.ts`).toContain(`\`\`\`ts\n${source}\`\`\``)
    }
  })
})
