// Acceptance of the vendor's own spec: answers generated (json-schema-faker, seeded) from the
// response schemas of smooch-v1.1.swagger.json / smooch-v1.swagger.json, each validated by ajv
// against the schema it came from, are served to the adapter, which must read every one of them.
import type { ColloquyError } from '@colloquy/core'
import { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { specValidator } from '../../emulators/src/test-support/spec-validator.js'

const base = 'https://api.smooch.io'
const appId = 'app-1'
const userId = 'app-user-1'
const seeds = Array.from({ length: 25 }, (_, i) => i + 1)

// What the adapter needs that the swagger leaves optional: the appUser's id (the conversation id).
const alwaysSent = { AppUser: ['_id'] }

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

describe.each(['v1.1', 'v1'] as const)(
  'the Smooch %s adapter reads every answer the spec describes',
  (apiVersion) => {
    const spec = specValidator(apiVersion === 'v1' ? 'smooch-v1' : 'smooch-v1.1')
    const adapter = createSmoochV1Adapter({
      appId,
      keyId: 'app_key',
      keySecret: 'smooch-key-secret',
      apiVersion,
      retry: false,
    })
    const appUsers = `/${apiVersion}/apps/${appId}/appusers`
    const sample = (
      method: string,
      path: string,
      status: number,
      seed: number,
      responseRequired?: string[],
    ) =>
      spec.sample(method, `/${apiVersion}/apps/{appId}/appusers${path}`, status, seed, {
        required: alwaysSent,
        ...(responseRequired ? { responseRequired } : {}),
      }) as object

    it('the validator is not vacuous: a body the schema forbids is refused', () => {
      const path = `/${apiVersion}/apps/{appId}/appusers/{userId}/messages`
      expect(spec.validate('GET', path, 200, { messages: [{ _id: 7 }] })).not.toEqual([])
    })

    it.each(seeds)('messages.list, backward and forward (seed %i)', async (seed) => {
      nock(base)
        .get(`${appUsers}/${userId}/messages`)
        .query(true)
        .times(2)
        .reply(200, sample('GET', '/{userId}/messages', 200, seed, ['messages']))
      expect(await outcome(adapter.messages.list({ conversationId: userId }))).toBe('Right')
      expect(await outcome(adapter.messages.list({ conversationId: userId, direction: 'forward' }))).toBe(
        'Right',
      )
    })

    it.each(seeds)('messages.send (seed %i)', async (seed) => {
      nock(base)
        .post(`${appUsers}/${userId}/messages`)
        .reply(201, sample('POST', '/{userId}/messages', 201, seed, ['message']))
      expect(
        await outcome(
          adapter.messages.send({
            conversationId: userId,
            message: { author: { role: 'agent' }, content: { type: 'text', text: 'hi' } },
          }),
        ),
      ).toBe('Right')
    })

    it.each(seeds)('conversations.get and create (seed %i)', async (seed) => {
      // Both read the unread count from a messages answer, unless the appUser has no conversation yet.
      const messagesAnswer = () =>
        nock(base)
          .get(/\/appusers\/[^/]+\/messages/)
          .query(true)
          .optionally()
          .reply(200, sample('GET', '/{userId}/messages', 200, seed, ['messages']))
      nock(base)
        .get(`${appUsers}/${userId}`)
        .reply(200, sample('GET', '/{userId}', 200, seed, ['appUser']))
      messagesAnswer()
      expect(await outcome(adapter.conversations.get({ conversationId: userId }))).toBe('Right')
      nock.cleanAll()
      nock(base)
        .post(appUsers)
        .reply(201, sample('POST', '', 201, seed, ['appUser']))
      messagesAnswer()
      expect(
        await outcome(adapter.conversations.create({ participants: [{ externalId: 'customer-1' }] })),
      ).toBe('Right')
    })
  },
)
