import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { inspect } from 'node:util'
import type { ColloquyError } from '@colloquy/core'
import { expectLeft } from '@colloquy/core/testing'
import { createHttpClient, REDACTED, type TransportEvent, transportChannelName } from '@colloquy/http'
import * as t from 'io-ts'
import nock from 'nock'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from './test-support/loopback.js'

const keyId = 'CANARY-KEYID-7f3a9c'
const secret = 'CANARY-SECRET-b81e44d2'
const basic = Buffer.from(`${keyId}:${secret}`).toString('base64')
const canaries = [keyId, secret, basic]
const baseUrl = 'https://api.vendor.test'

describe('no credential leaks from the transport', () => {
  const produced: unknown[] = []
  const logLines: string[] = []
  const channelMessages: unknown[] = []
  const onChannel = (message: unknown) => channelMessages.push(message)

  beforeAll(() => {
    nock.disableNetConnect()
    nock.enableNetConnect('127.0.0.1')
    subscribe(transportChannelName, onChannel)
  })
  afterAll(() => {
    unsubscribe(transportChannelName, onChannel)
    nock.cleanAll()
  })

  const observed = (
    credentials: () => Promise<{ keyId: string; secret: string }>,
    extra: { baseUrl?: string; timeoutMs?: number } = {},
  ) =>
    createHttpClient({
      provider: 'canary',
      baseUrl: extra.baseUrl ?? baseUrl,
      timeoutMs: extra.timeoutMs ?? 2_000,
      credentials,
      authenticate: (c) => ({
        authorization: `Basic ${Buffer.from(`${c.keyId}:${c.secret}`).toString('base64')}`,
        'x-api-key': c.secret,
      }),
      retry: { limit: 1, backoffLimitMs: 10 },
      errorDetails: (body) => ({ message: (body as { error?: string }).error }),
      hooks: {
        onRequest: (e) => produced.push(e),
        onResponse: (e) => produced.push(e),
        onRetry: (e) => produced.push(e),
        onError: (e) => produced.push(e),
      },
      logger: {
        debug: (line: string, e: TransportEvent) => logLines.push(line, inspect(e)),
        warn: (line: string, e: TransportEvent) => logLines.push(line, inspect(e)),
      },
    })

  it('keeps canaries out of errors, causes, hook events, log lines and channel messages', async () => {
    const chat = observed(async () => ({ keyId, secret }))
    const errors: ColloquyError[] = []
    const codec = t.type({ id: t.number })
    const get = (path: string) => chat.request({ operation: 'test.get', method: 'GET', path: [path], codec })

    nock(baseUrl)
      .get('/unauthorized')
      .reply(401, { error: `key ${keyId} with secret ${secret} is not valid (${basic})` })
    errors.push(await expectLeft(get('unauthorized')))
    nock(baseUrl).get('/server').times(2).reply(500, `upstream saw Authorization: Basic ${basic}`)
    errors.push(await expectLeft(get('server')))
    nock(baseUrl)
      .get('/reset')
      .times(2)
      .replyWithError({ code: 'ECONNRESET', message: `reset while sending ${secret}` })
    errors.push(await expectLeft(get('reset')))
    nock(baseUrl).get('/decode').reply(200, { id: secret })
    errors.push(await expectLeft(get('decode')))

    const failingCredentials = observed(async () => {
      throw new Error(`vault refused ${secret}`)
    })
    errors.push(
      await expectLeft(
        failingCredentials.request({ operation: 'test.get', method: 'GET', path: ['x'], codec }),
      ),
    )

    const server = await startServer(() => {})
    try {
      const slow = observed(async () => ({ keyId, secret }), { baseUrl: server.url, timeoutMs: 100 })
      errors.push(
        await expectLeft(slow.request({ operation: 'test.get', method: 'GET', path: [secret], codec })),
      )
    } finally {
      await server.close()
    }

    expect(errors.map((e) => e._tag)).toEqual([
      'Unauthorized',
      'Http',
      'Network',
      'Decode',
      'Unauthorized',
      'Network',
    ])
    expect(produced.length).toBeGreaterThan(10)
    expect(logLines.length).toBeGreaterThan(10)
    expect(channelMessages).toHaveLength(produced.length)
    const everything = [
      ...errors.flatMap((e) => [
        e.message,
        JSON.stringify(e),
        inspect(e, { depth: 20 }),
        inspect(e.cause, { depth: 20 }),
      ]),
      ...[...produced, ...channelMessages].flatMap((e) => [JSON.stringify(e), inspect(e, { depth: 20 })]),
      ...logLines,
    ].join('\n')
    for (const canary of canaries) expect(everything).not.toContain(canary)
    // The redaction marks where the secrets were, so the messages still explain what happened.
    expect(errors[0]?.message).toContain(REDACTED)
    const request = produced.find(
      (e): e is Extract<TransportEvent, { type: 'request' }> => (e as TransportEvent).type === 'request',
    )
    expect(request?.headers).toMatchObject({ authorization: REDACTED, 'x-api-key': REDACTED })
  })
})
