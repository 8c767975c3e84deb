import type { IncomingMessage } from 'node:http'
import { expectLeft } from '@colloquy/core/testing'
import { createHttpClient } from '@colloquy/http'
import * as t from 'io-ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from './test-support/loopback.js'

const simpleKey = 'CANARY-SIMPLE-KEY-4d1f0a'
const bearer = 'CANARY-BEARER-TOKEN-93be'

interface Received {
  readonly host: string | undefined
  readonly method: string | undefined
  readonly url: string | undefined
  readonly headers: IncomingMessage['headers']
  readonly body: string
}

/** A server that records everything it receives. */
const recordingServer = async (answer: (request: IncomingMessage) => [number, Record<string, string>]) => {
  const received: Received[] = []
  const server = await startServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString()
    })
    request.on('end', () => {
      received.push({
        host: request.headers.host,
        method: request.method,
        url: request.url,
        headers: request.headers,
        body,
      })
      const [status, headers] = answer(request)
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end('{"ok":true}')
    })
  })
  return { ...server, received }
}

describe('redirects: no credential and no body ever reaches another origin', () => {
  let elsewhere: Awaited<ReturnType<typeof recordingServer>>
  let vendor: Awaited<ReturnType<typeof recordingServer>>
  let location = ''

  beforeAll(async () => {
    elsewhere = await recordingServer(() => [200, {}])
    // Redirects whatever it is asked to `location`, except requests that arrive under another name.
    vendor = await recordingServer((request) =>
      request.headers.host?.startsWith('localhost')
        ? [200, {}]
        : [Number(request.url?.split('/')[2]), { location }],
    )
  })
  afterAll(async () => {
    await elsewhere.close()
    await vendor.close()
  })

  const client = (auth: Record<string, string>) =>
    createHttpClient({
      provider: 'test-vendor',
      baseUrl: vendor.url,
      credentials: auth,
      authenticate: (headers) => headers,
      retry: { limit: 2, backoffLimitMs: 1 },
    })

  const targets = () => [
    ['another port', `${elsewhere.url}/landing?token=${simpleKey}`, elsewhere.url],
    [
      'another host name for the same server',
      vendor.url.replace('127.0.0.1', 'localhost'),
      'http://localhost:',
    ],
    ['the same origin', `${vendor.url}/moved`, vendor.url],
  ]

  for (const status of [301, 302, 303, 307, 308]) {
    for (const method of ['GET', 'POST'] as const) {
      it(`refuses a ${status} answer to a ${method} as Http, whatever the target`, async () => {
        for (const [, target, origin] of targets()) {
          location = target as string
          elsewhere.received.length = 0
          vendor.received.length = 0
          const error = await expectLeft(
            client({ 'x-ultracart-simple-key': simpleKey, authorization: `Bearer ${bearer}` }).request({
              operation: 'messages.send',
              method,
              path: ['redirect', String(status)],
              ...(method === 'POST' ? { json: { text: 'private message body' } } : {}),
              codec: t.unknown,
            }),
          )
          expect(error).toMatchObject({ _tag: 'Http', status })
          expect(error.message).toContain(`${status} redirect to ${origin}`)
          expect(error.message).toContain('refused')
          // Asked once (a redirect is not retried), and nothing went anywhere else.
          expect(vendor.received.map((r) => r.url)).toEqual([`/redirect/${status}`])
          expect(elsewhere.received).toEqual([])
          expect(vendor.received.filter((r) => r.host?.startsWith('localhost'))).toEqual([])
          // The redirect's path and query (which may carry a token) are not repeated.
          expect(JSON.stringify(error)).not.toContain(simpleKey)
        }
      })
    }
  }
})
