/**
 * The client the transport's tests share: a fictional vendor with Basic auth, a version header and
 * a Sunshine-like error body (not exported from the package).
 *
 * @module
 */
import { createHttpClient, type HttpClientOptions } from '@colloquy/http'
import * as t from 'io-ts'
import nock from 'nock'
import { afterEach, beforeAll, expect } from 'vitest'

export const baseUrl = 'https://api.vendor.test/v2'
export const Messages = t.type({ messages: t.array(t.type({ id: t.string, text: t.string })) })

export type TestCredentials = { keyId: string; secret: string }

export const basicAuth = (credentials: TestCredentials) => ({
  authorization: `Basic ${Buffer.from(`${credentials.keyId}:${credentials.secret}`).toString('base64')}`,
})

export const client = (overrides: Partial<HttpClientOptions<TestCredentials>> = {}) =>
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

export const getMessages = (id = 'c1') =>
  ({
    operation: 'messages.list',
    method: 'GET',
    path: ['apps', 'app1', 'conversations', id, 'messages'],
    codec: Messages,
  }) as const

/** nock for the vendor, loopback allowed, and every interceptor consumed by each test. */
export const useNock = () => {
  beforeAll(() => {
    nock.disableNetConnect()
    nock.enableNetConnect('127.0.0.1')
  })
  afterEach(() => {
    const pending = nock.pendingMocks()
    nock.cleanAll()
    expect(pending, 'every interceptor is consumed').toEqual([])
  })
}
