// Acceptance of the vendor's own spec: answers generated (json-schema-faker, seeded) from the
// response schemas of ultracart-v2-conversation.reconstructed.openapi.json, each validated by ajv
// against the schema it came from, are served to the adapter, which must read every one of them.
import type { ColloquyError } from '@colloquy/core'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { specValidator } from '../../emulators/src/test-support/spec-validator.js'

const spec = specValidator('ultracart')
const base = 'https://secure.ultracart.com/rest/v2'
const uuid = 'conversation-1'
const seeds = Array.from({ length: 25 }, (_, i) => i + 1)

// The spec marks no field required; these the vendor always sends and the adapter needs.
const alwaysSent = {
  Conversation: ['conversation_uuid'],
  ConversationSummary: ['conversation_uuid'],
  ConversationMessage: ['conversation_message_uuid', 'message_epoch'],
  ConversationParticipant: ['conversation_participant_arn'],
  ConversationWebchatQueueStatus: ['queue_name'],
}
// An answer that succeeded says so (a 200 with `success: false` is an error: tested apart).
const succeeded = Object.fromEntries(
  [
    'ConversationsResponse',
    'ConversationResponse',
    'ConversationMessagesResponse',
    'ConversationWebchatQueueStatusesResponse',
  ].map((name) => [name, { success: true }]),
)
const sample = (method: string, path: string, seed: number, responseRequired?: string[]) =>
  spec.sample(method, path, 200, seed, {
    required: alwaysSent,
    constants: succeeded,
    ...(responseRequired ? { responseRequired } : {}),
  }) as object

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

describe('the UltraCart adapter reads every answer the spec describes', () => {
  const fresh = () =>
    createUltraCartAdapter({ simpleKey: 'ultracart-simple-key-0001', retry: false, rateLimit: false })
  const statuses = (seed: number) =>
    nock(base)
      .get('/conversation/conversations/queues/statuses')
      .reply(200, sample('GET', '/conversation/conversations/queues/statuses', seed))

  it('the validator is not vacuous: a body the schema forbids is refused', () => {
    expect(
      spec.validate('GET', '/conversation/conversations', 200, { conversations: [{ conversation_uuid: 7 }] }),
    ).not.toEqual([])
  })

  it.each(seeds)('conversations.list, and the next page from its cursor (seed %i)', async (seed) => {
    const adapter = fresh()
    statuses(seed)
    const first = sample('GET', '/conversation/conversations', seed)
    nock(base).get('/conversation/conversations').query(true).reply(200, first)
    const page = await adapter.conversations.list({})()
    expect(page._tag === 'Right' ? 'Right' : page.left.message).toBe('Right')
    const cursor = page._tag === 'Right' ? page.right.nextCursor : undefined
    if (cursor !== undefined) {
      nock(base)
        .get('/conversation/conversations')
        .query(true)
        .reply(200, sample('GET', '/conversation/conversations', seed + 100))
      expect(await outcome(adapter.conversations.list({ cursor }))).toBe('Right')
    }
  })

  it.each(seeds)('conversations.get and participants.list (seed %i)', async (seed) => {
    const adapter = fresh()
    statuses(seed)
    nock(base)
      .get(`/conversation/conversations/${uuid}`)
      .query(true)
      .times(2)
      .reply(200, sample('GET', '/conversation/conversations/{conversation_uuid}', seed, ['conversation']))
    expect(await outcome(adapter.conversations.get({ conversationId: uuid }))).toBe('Right')
    expect(await outcome(adapter.participants.list({ conversationId: uuid }))).toBe('Right')
  })

  it.each(seeds)('messages.list (seed %i)', async (seed) => {
    const adapter = fresh()
    statuses(seed)
    nock(base)
      .get(`/conversation/conversations/${uuid}/messages/0`)
      .query(true)
      .reply(200, sample('GET', '/conversation/conversations/{conversation_uuid}/messages/{since}', seed))
    expect(await outcome(adapter.messages.list({ conversationId: uuid }))).toBe('Right')
  })

  it.each(seeds)('error answers map to their tags (seed %i)', async (seed) => {
    for (const [status, tag] of [
      [400, 'InvalidRequest'],
      [401, 'Unauthorized'],
      [410, 'Unauthorized'],
      [500, 'Http'],
    ] as const) {
      nock(base)
        .put(`/conversation/conversations/${uuid}/markread`)
        .reply(
          status,
          spec.sample(
            'PUT',
            '/conversation/conversations/{conversation_uuid}/markread',
            status,
            seed,
          ) as object,
        )
      const result = await fresh().conversations.markRead({ conversationId: uuid })()
      expect(result._tag === 'Left' && result.left._tag).toBe(tag)
    }
  })
})
