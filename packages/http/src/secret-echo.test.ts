import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { inspect } from 'node:util'
import type { ColloquyError } from '@colloquy/core'
import { expectLeft } from '@colloquy/core/testing'
import { createHttpClient, type TransportEvent, transportChannelName } from '@colloquy/http'
import * as t from 'io-ts'
import nock from 'nock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { base64Fragments } from './secret-pattern.js'

// Characters that JSON and URLs escape: `/` (PHP writes `\/`), `+`, `"`, `=`, a space.
const keyId = 'CANARY-KEYID-7f3a9c'
const secret = 'CANARY/SeC+rEt"= x-b81e44d2'
const pair = `${keyId}:${secret}`
const basic = Buffer.from(pair).toString('base64')
const jwt =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzY29wZSI6ImFwcCIsInN1YiI6ImNhbmFyeSJ9.c2lnbmF0dXJlLW9mLWNhbmFyeQ'
const baseUrl = 'https://api.vendor.test'

/** Every encoding a server might echo a credential in. */
const phpJson = (text: string) => JSON.stringify(text).slice(1, -1).replace(/\//g, '\\/')
const unicodeJson = (text: string) =>
  [...text]
    .map((c) => (/[A-Za-z0-9]/.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
    .join('')
const encodings: Readonly<Record<string, (text: string) => string>> = {
  raw: (text) => text,
  'JSON-escaped': (text) => JSON.stringify(text).slice(1, -1),
  'JSON-escaped as PHP does (\\/)': phpJson,
  'JSON \\u00xx-escaped': unicodeJson,
  'JSON \\u00XX-escaped (upper case)': (text) =>
    unicodeJson(text).replace(/\\u(\w{4})/g, (_, hex: string) => `\\u${hex.toUpperCase()}`),
  'URL-encoded': encodeURIComponent,
  'form-encoded': (text) => new URLSearchParams({ v: text }).toString().slice(2),
  'base64 (alone)': (text) => Buffer.from(text).toString('base64'),
  'base64 after one byte': (text) => Buffer.from(`x${text}`).toString('base64'),
  'base64 after two bytes': (text) => Buffer.from(`xy${text}`).toString('base64'),
  base64url: (text) => Buffer.from(`xy${text}`).toString('base64url'),
}

/** What must not appear anywhere: the secrets in every form above, the Basic pair, any JWT. */
const forbidden = [
  ...[secret, pair, keyId].flatMap((value) => Object.values(encodings).map((encode) => encode(value))),
  ...base64Fragments(secret),
  basic,
  jwt,
]
const withoutJwts = (text: string) => !/eyJ[\w-]{2,}\.[\w-]{2,}\.[\w-]*/.test(text)

describe('no credential comes back, in any encoding a server echoes it', () => {
  const events: unknown[] = []
  const logLines: string[] = []
  const channelMessages: unknown[] = []
  const onChannel = (message: unknown) => channelMessages.push(message)
  beforeAll(() => {
    nock.disableNetConnect()
    subscribe(transportChannelName, onChannel)
  })
  afterAll(() => {
    unsubscribe(transportChannelName, onChannel)
    nock.cleanAll()
  })

  const client = () =>
    createHttpClient({
      provider: 'echo',
      baseUrl,
      credentials: { keyId, secret },
      authenticate: (c) => ({
        authorization: `Basic ${Buffer.from(`${c.keyId}:${c.secret}`).toString('base64')}`,
        'x-vendor-token': jwt,
      }),
      retry: { limit: 1, backoffLimitMs: 1, maxRetryAfterMs: 1 },
      errorDetails: (body) => {
        const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error
        return (
          error && {
            ...(error.code ? { code: error.code } : {}),
            ...(error.message ? { message: error.message } : {}),
          }
        )
      },
      hooks: {
        onRequest: (e) => events.push(e),
        onResponse: (e) => events.push(e),
        onRetry: (e) => events.push(e),
        onError: (e) => events.push(e),
      },
      logger: {
        debug: (line: string, e: TransportEvent) => logLines.push(line, inspect(e, { depth: 20 })),
        warn: (line: string, e: TransportEvent) => logLines.push(line, inspect(e, { depth: 20 })),
      },
    })

  const everything = (errors: readonly ColloquyError[]) =>
    [
      ...errors.flatMap((e) => [e.message, JSON.stringify(e), inspect(e, { depth: 20 })]),
      ...[...events, ...channelMessages].flatMap((e) => [JSON.stringify(e), inspect(e, { depth: 20 })]),
      ...logLines,
    ].join('\n')

  for (const [name, encode] of Object.entries(encodings)) {
    it(`redacts the secret, the Basic pair and the JWT echoed ${name}`, async () => {
      nock.cleanAll()
      events.length = 0
      logLines.length = 0
      channelMessages.length = 0
      const echo = encode
      // JSON bodies are written by hand, so the server's own escaping reaches the client as it is
      // (a raw `"` would break the JSON: raw echoes go in text bodies and headers).
      const inJson = name === 'raw' ? (encodings['JSON-escaped'] ?? echo) : echo
      const jsonEcho = `{"error":{"code":"${inJson(secret)}","message":"key ${inJson(pair)} or ${inJson(jwt)} refused"}}`
      const echoHeaders = {
        'x-request-id': echo(secret),
        'x-debug': echo(pair),
        'content-type': 'application/json',
      }
      const get = (path: string, codec: t.Mixed = t.unknown) =>
        expectLeft(client().request({ operation: 'echo.get', method: 'GET', path: [path], codec }))
      const errors: ColloquyError[] = []
      for (const status of [400, 401, 404, 409, 429, 500]) {
        const retried = status === 429 || status === 500
        nock(baseUrl)
          .get(`/status-${status}`)
          .times(retried ? 2 : 1)
          .reply(status, jsonEcho, echoHeaders)
        errors.push(await get(`status-${status}`))
      }
      nock(baseUrl)
        .get('/text')
        .times(2)
        .reply(502, `upstream said ${echo(secret)} / ${echo(pair)} / ${echo(jwt)}`, {
          'x-request-id': echo(secret),
        })
      errors.push(await get('text'))
      // A 2xx the codec rejects: the value sits in the decode issues and the body excerpt.
      nock(baseUrl)
        .get('/decode')
        .reply(200, `{"id":"${inJson(secret)}","n":"${inJson(pair)}"}`, echoHeaders)
      errors.push(await get('decode', t.type({ id: t.number })))
      nock(baseUrl)
        .get('/reset')
        .times(2)
        .replyWithError({ code: 'ECONNRESET', message: `reset ${echo(secret)}` })
      errors.push(await get('reset'))

      expect(errors.map((e) => e._tag)).toEqual([
        'InvalidRequest',
        'Unauthorized',
        'NotFound',
        'InvalidRequest',
        'RateLimited',
        'Http',
        'Http',
        'Decode',
        'Network',
      ])
      // The evidence is there, redacted: the vendor code, the request id, the body.
      // (Inside longer base64, the one or two bytes sharing a group with their neighbours remain.)
      expect(errors[0]).toMatchObject({ status: 400 })
      expect(errors[0]?._tag === 'InvalidRequest' && errors[0].vendorCode).toContain('[REDACTED]')
      expect(errors[0]?.requestId).toContain('[REDACTED]')
      expect(errors[6]?.body).toContain('[REDACTED]')
      const all = everything(errors)
      expect(events.length).toBeGreaterThan(20)
      expect(channelMessages).toHaveLength(events.length)
      for (const value of forbidden) expect(all).not.toContain(value)
      expect(withoutJwts(all)).toBe(true)
      expect(nock.pendingMocks()).toEqual([])
    })
  }

  it.each([
    ['user info', `https://user:${encodeURIComponent(secret)}@api.vendor.test/v2`, 'user info'],
    ['a key in the query', `https://api.vendor.test/v2?key=${encodeURIComponent(secret)}`, 'query'],
    ['a fragment', `https://api.vendor.test/v2#${encodeURIComponent(secret)}`, 'fragment'],
    ['no scheme', `api.vendor.test/${encodeURIComponent(secret)}`, 'absolute URL'],
  ])('refuses a baseUrl with %s without repeating it', (_, url, problem) => {
    let thrown: unknown
    try {
      createHttpClient({ provider: 'echo', baseUrl: url, credentials: {}, authenticate: () => ({}) })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(TypeError)
    const message = (thrown as Error).message
    expect(message).toContain(problem)
    for (const value of forbidden) expect(message).not.toContain(value)
    expect(message).not.toContain('api.vendor.test')
  })
})
