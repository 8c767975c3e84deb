import { expectLeft, expectRight } from '@colloquy/core/testing'
import nock from 'nock'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { baseUrl, client, getMessages, useNock } from './test-support/vendor-client.js'

// ky and p-queue are imported with the first request (lazy-modules.ts). A broken install must not
// make a request reject: it is a Network error, nothing is sent, and the next request tries again.
describe('the HTTP stack, imported with the first request', () => {
  useNock()
  afterEach(() => {
    vi.doUnmock('ky')
    vi.doUnmock('p-queue')
  })
  const messagesPath = '/apps/app1/conversations/c1/messages'

  it('answers Network and sends nothing when ky cannot be imported, then imports it for the next request', async () => {
    vi.doMock('ky', () => {
      throw new Error('Cannot find package ky')
    })
    const scope = nock(baseUrl).get(messagesPath).reply(200, { messages: [] })
    const transport = client()
    expect(await expectLeft(transport.request(getMessages()))).toMatchObject({
      _tag: 'Network',
      message: expect.stringContaining('messages.list: network failure'),
    })
    expect(scope.isDone()).toBe(false)
    vi.doUnmock('ky')
    expect(await expectRight(transport.request(getMessages()))).toEqual({ messages: [] })
  })

  it('answers Network and sends nothing when p-queue cannot be imported, then imports it for the next request', async () => {
    vi.doMock('p-queue', () => {
      throw new Error('Cannot find package p-queue')
    })
    const scope = nock(baseUrl).get(messagesPath).reply(200, { messages: [] })
    const transport = client({ rateLimit: { maxConcurrent: 1 } })
    expect(await expectLeft(transport.request(getMessages()))).toMatchObject({
      _tag: 'Network',
      message: expect.stringMatching(
        /^messages\.list: the rate limiter could not be loaded .*; nothing was sent$/,
      ),
    })
    expect(scope.isDone()).toBe(false)
    vi.doUnmock('p-queue')
    expect(await expectRight(transport.request(getMessages()))).toEqual({ messages: [] })
  })
})
