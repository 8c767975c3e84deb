import { expectLeft, expectRight } from '@colloquy/core/testing'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { baseUrl, client, getMessages, useNock } from './test-support/vendor-client.js'

useNock()

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
    const page = await expectRight(
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
    const sent = await expectRight(
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
    await expectRight(client().request(getMessages(id)))
  })

  it.each(['..', '.', ''])('refuses the id %j without sending anything', async (id) => {
    const error = await expectLeft(client().request(getMessages(id)))
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
    expect(await expectLeft(client().request(getMessages()))).toMatchObject({
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
    const error = await expectLeft(client().request(getMessages()))
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
    for (let i = 0; i < 3; i++) await expectRight(tokens.request(getMessages()))
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
    const error = await expectLeft(
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
    expect(await expectLeft(quirky.request(getMessages()))).toMatchObject({
      _tag: 'Unauthorized',
      status: 410,
    })
  })

  it('reports a reset as Network', async () => {
    nock(baseUrl)
      .get('/apps/app1/conversations/c1/messages')
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
    expect(await expectLeft(client().request(getMessages()))).toMatchObject({
      _tag: 'Network',
      timedOut: false,
    })
  })
})
