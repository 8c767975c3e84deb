// Acceptance of the vendor's own spec: answers generated (json-schema-faker, seeded) from the
// response schemas of sunshine-v2.openapi.yaml, each validated by ajv against the schema it came
// from, are served to the adapter, which must read every one of them.
import type { ColloquyError } from '@colloquy/core'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { specValidator } from '../../emulators/src/test-support/spec-validator.js'

const spec = specValidator('sunshine')
const base = 'https://api.smooch.io'
const appId = 'app-1'
const conversationId = 'conversation-1'
const adapter = createSunshineAdapter({
  appId,
  keyId: 'app_key',
  keySecret: 'sunshine-key-secret',
  retry: false,
})
const seeds = Array.from({ length: 25 }, (_, i) => i + 1)

// The spec marks no field of these required; the vendor always sends them, and the adapter
// cannot make a model without them. Everything else may be absent, null or any documented value.
const alwaysSent = {
  message: ['id', 'received', 'author', 'content'],
  author: ['type'],
  conversation: ['id', 'type'],
  participant: ['id', 'userId'],
  user: ['id'],
}
// …and the one object a single-resource answer is about.
const resourceOf: Readonly<Record<string, string>> = {
  'GET /conversations/{conversationId}': 'conversation',
  'PATCH /conversations/{conversationId}': 'conversation',
  'POST /conversations': 'conversation',
  'POST /conversations/{conversationId}/join': 'participant',
  'POST /conversations/{conversationId}/messages': 'messages',
  'POST /users': 'user',
}
const sample = (method: string, path: string, status: number, seed: number) => {
  const resource = status < 300 ? resourceOf[`${method} ${path}`] : undefined
  return spec.sample(method, `/v2/apps/{appId}${path}`, status, seed, {
    required: alwaysSent,
    ...(resource ? { responseRequired: [resource] } : {}),
  })
}

const outcome = async <A>(task: TaskEither<ColloquyError, A>) => {
  const result = await task()
  return result._tag === 'Right' ? 'Right' : `${result.left._tag}: ${result.left.message}`
}

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  const pending = nock.pendingMocks()
  nock.cleanAll()
  expect(pending, 'every generated answer was read').toEqual([])
})

const app = `/v2/apps/${appId}`
const conversation = `${app}/conversations/${conversationId}`

describe('the Sunshine adapter reads every answer the spec describes', () => {
  it('the validator is not vacuous: a body the schema forbids is refused', () => {
    expect(
      spec.validate('GET', '/v2/apps/{appId}/conversations/{conversationId}/messages', 200, { messages: 7 }),
    ).not.toEqual([])
    expect(
      spec.validate('GET', '/v2/apps/{appId}/conversations/{conversationId}/messages', 200, {
        messages: [{ author: { type: 'user', avatarUrl: 42 } }],
      }),
    ).not.toEqual([])
    // …and `null` where the spec allows it (author.avatarUrl: allOf [icon], icon nullable) passes.
    expect(
      spec.validate('GET', '/v2/apps/{appId}/conversations/{conversationId}/messages', 200, {
        messages: [{ author: { type: 'user', avatarUrl: null } }],
      }),
    ).toEqual([])
  })

  it.each(seeds)('messages.list, backward and forward (seed %i)', async (seed) => {
    // The first page is the sample; the walk back of a forward read then ends on an empty page.
    nock(base)
      .get(`${conversation}/messages`)
      .reply(200, sample('GET', '/conversations/{conversationId}/messages', 200, seed) as object)
    expect(await outcome(adapter.messages.list({ conversationId }))).toBe('Right')
    nock(base)
      .get(`${conversation}/messages`)
      .reply(200, sample('GET', '/conversations/{conversationId}/messages', 200, seed) as object)
    nock(base).get(`${conversation}/messages`).query(true).optionally().reply(200, {})
    expect(await outcome(adapter.messages.list({ conversationId, direction: 'forward' }))).toBe('Right')
  })

  it.each(seeds)('messages.send (seed %i)', async (seed) => {
    nock(base)
      .post(`${conversation}/messages`)
      .reply(201, sample('POST', '/conversations/{conversationId}/messages', 201, seed) as object)
    expect(
      await outcome(
        adapter.messages.send({
          conversationId,
          message: { author: { role: 'agent' }, content: { type: 'text', text: 'hi' } },
        }),
      ),
    ).toBe('Right')
  })

  it.each(seeds)('conversations.get, update and list (seed %i)', async (seed) => {
    nock(base)
      .get(conversation)
      .reply(200, sample('GET', '/conversations/{conversationId}', 200, seed) as object)
    expect(await outcome(adapter.conversations.get({ conversationId }))).toBe('Right')
    nock(base)
      .patch(conversation)
      .reply(200, sample('PATCH', '/conversations/{conversationId}', 200, seed) as object)
    expect(await outcome(adapter.conversations.update({ conversationId, title: 'New title' }))).toBe('Right')
    nock(base)
      .get(`${app}/conversations`)
      .query(true)
      .reply(200, sample('GET', '/conversations', 200, seed) as object)
    expect(await outcome(adapter.conversations.list({ userId: 'user-1' }))).toBe('Right')
  })

  it.each(seeds)('conversations.create for a new user (seed %i)', async (seed) => {
    nock(base)
      .post(`${app}/users`)
      .reply(201, sample('POST', '/users', 201, seed) as object)
    nock(base)
      .post(`${app}/conversations`)
      .reply(201, sample('POST', '/conversations', 201, seed) as object)
    expect(
      await outcome(adapter.conversations.create({ participants: [{ externalId: 'customer-1' }] })),
    ).toBe('Right')
  })

  it.each(seeds)('participants.list and join (seed %i)', async (seed) => {
    nock(base)
      .get(`${conversation}/participants`)
      .query(true)
      .reply(200, sample('GET', '/conversations/{conversationId}/participants', 200, seed) as object)
    // A page that says more follows is followed to the end, here an empty answer.
    nock(base).get(`${conversation}/participants`).query(true).optionally().reply(200, {})
    expect(await outcome(adapter.participants.list({ conversationId }))).toBe('Right')
    nock(base)
      .post(`${conversation}/join`)
      .reply(201, sample('POST', '/conversations/{conversationId}/join', 201, seed) as object)
    expect(await outcome(adapter.participants.join({ conversationId, userId: 'user-1' }))).toBe('Right')
  })

  it.each(seeds)('error answers map to their tags with the vendor code (seed %i)', async (seed) => {
    nock(base)
      .get(`${conversation}/messages`)
      .reply(404, sample('GET', '/conversations/{conversationId}/messages', 404, seed) as object)
    const result = await adapter.messages.list({ conversationId })()
    expect(result._tag === 'Left' && result.left._tag).toBe('NotFound')
    nock(base)
      .post(`${app}/users`)
      .reply(409, sample('POST', '/users', 409, seed) as object)
    nock(base)
      .get(`${app}/users/customer-1`)
      .reply(200, sample('POST', '/users', 201, seed) as object)
    nock(base)
      .post(`${app}/conversations`)
      .reply(404, sample('POST', '/conversations', 404, seed) as object)
    const create = await adapter.conversations.create({ participants: [{ externalId: 'customer-1' }] })()
    expect(create._tag === 'Left' && create.left._tag).toBe('NotFound')
  })
})
