import { startUltraCartEmulator, type UltraCartEmulator } from '@colloquy/emulators'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { specClient } from './test-support/spec-client.js'
import { schemaValidator, specValidator } from './test-support/spec-validator.js'

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary vendor JSON and assert on it
type Json = Record<string, any>

const P = {
  conversations: '/conversation/conversations',
  conversation: '/conversation/conversations/{conversation_uuid}',
  messagesSince: '/conversation/conversations/{conversation_uuid}/messages/{since}',
  join: '/conversation/conversations/{conversation_uuid}/join',
  leave: '/conversation/conversations/{conversation_uuid}/leave',
  markRead: '/conversation/conversations/{conversation_uuid}/markread',
  queueStatuses: '/conversation/conversations/queues/statuses',
  queueStatus: '/conversation/conversations/queues/{queue_name}/status',
  agentAuth: '/conversation/agent/auth',
  keepAlive: '/conversation/agent/keepalive',
  uploadUrl: '/conversation/upload_url/{extension}',
}
const customer = { arn: 'arn:ultracart:DEMO:participant/jane', name: 'Jane' }

describe('UltraCart emulator', () => {
  let emulator: UltraCartEmulator
  let client: ReturnType<typeof specClient>

  beforeAll(async () => {
    emulator = await startUltraCartEmulator()
    client = specClient({
      baseUrl: emulator.url,
      validator: specValidator('ultracart'),
      authorization: () => ({
        'x-ultracart-simple-key': emulator.credentials.simpleKey,
        'x-ultracart-api-version': '2017-03-01',
      }),
      validateUndocumentedError: schemaValidator('ultracart', 'ErrorResponse'),
    })
  })
  afterAll(() => emulator.close())

  it('starts a conversation, reads it with participants and messages, joins, marks read and leaves', async () => {
    const started = await client.call(
      'PUT',
      P.conversations,
      {},
      { body: { add_conversation_participant_arns: [customer.arn] } },
    )
    expect(started.status).toBe(200)
    const conversation = (started.body as Json).conversation
    expect(started.body).not.toHaveProperty('success')
    expect(conversation.participants.map((p: Json) => p.conversation_participant_arn)).toEqual([
      emulator.agent.arn,
      customer.arn,
    ])
    const uuid = conversation.conversation_uuid
    await emulator.simulateCustomerMessage({ conversationUuid: uuid, body: 'Where is my order?' })
    await emulator.simulateCustomerMessage({ conversationUuid: uuid, body: 'Hello?' })

    const read = await client.call(
      'GET',
      P.conversation,
      { conversation_uuid: uuid },
      { query: { limit: '1' } },
    )
    expect((read.body as Json).conversation).toMatchObject({
      message_count: 2,
      unread_messages: true,
      last_conversation_message_body: 'Hello?',
    })
    expect((read.body as Json).conversation.messages.map((m: Json) => m.body)).toEqual(['Hello?'])
    for (const path of [P.join, P.markRead]) {
      const answer = await client.call('PUT', path, { conversation_uuid: uuid })
      expect(answer).toMatchObject({ status: 200, body: undefined })
    }
    expect(
      ((await client.call('GET', P.conversation, { conversation_uuid: uuid })).body as Json).conversation
        .unread_messages,
    ).toBe(false)
    expect((await client.call('DELETE', P.leave, { conversation_uuid: uuid })).status).toBe(200)
    expect((await client.call('DELETE', P.leave, { conversation_uuid: uuid })).status).toBe(400)
    const missing = await client.call('GET', P.conversation, { conversation_uuid: 'no-such-uuid' })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('uc-rest-error')).toBe('Conversation not found')
  })

  it('pages 250 conversations by _limit/_offset exactly once, and refuses _limit over 200', async () => {
    const before = ((await client.call('GET', P.conversations)).body as Json).metadata.result_set
      .total_records
    const created = emulator.seed({
      conversations: Array.from({ length: 250 }, () => ({
        medium: 'sms' as const,
        participants: [customer],
      })),
    })
    const seen: string[] = []
    let offset = 0
    for (;;) {
      const page = (
        await client.call(
          'GET',
          P.conversations,
          {},
          { query: { _limit: '100', _offset: String(offset), medium: 'sms' } },
        )
      ).body as Json
      seen.push(...page.conversations.map((c: Json) => c.conversation_uuid))
      expect(page.metadata.result_set).toMatchObject({
        limit: 100,
        offset,
        count: page.conversations.length,
        total_records: 250,
      })
      if (!page.metadata.result_set.more) break
      offset = page.metadata.result_set.next_offset
    }
    expect(seen).toEqual(created.map((c) => c.uuid))
    const all = (await client.call('GET', P.conversations, {}, { query: { _limit: '200' } })).body as Json
    expect(all.metadata.result_set.total_records).toBe(before + 250)
    expect((await client.call('GET', P.conversations, {}, { query: { _limit: '201' } })).status).toBe(400)
  })

  it('returns messages strictly after an epoch-ms value, so equal epochs at a page edge need care', async () => {
    const start = 1_714_586_591_000
    // Three messages share each epoch: the 100-message page edges (100 = 3 × 33 + 1) split a group.
    const [seeded] = emulator.seed({
      conversations: [
        {
          participants: [customer],
          messages: Array.from({ length: 250 }, (_, i) => ({
            authorArn: customer.arn,
            body: `m${i}`,
            messageEpoch: start + Math.floor(i / 3),
          })),
        },
      ],
    })
    const uuid = seeded?.uuid ?? ''
    const since = async (epoch: number) =>
      (
        (
          await client.call(
            'GET',
            P.messagesSince,
            { conversation_uuid: uuid, since: String(epoch) },
            { query: { limit: '100' } },
          )
        ).body as Json
      ).conversation_messages as Json[]

    const naive: string[] = []
    let cursor = start - 1
    for (let page = await since(cursor); page.length > 0; page = await since(cursor)) {
      naive.push(...page.map((m) => m.conversation_message_uuid))
      cursor = page.at(-1)?.message_epoch
    }
    expect(naive.length).toBeLessThan(250)

    const seen = new Set<string>()
    const exact: string[] = []
    cursor = start - 1
    for (;;) {
      const page = await since(cursor)
      const fresh = page.filter((m) => !seen.has(m.conversation_message_uuid))
      for (const message of fresh) {
        seen.add(message.conversation_message_uuid)
        exact.push(message.conversation_message_uuid)
      }
      if (fresh.length === 0) break
      // Step back one millisecond so the last epoch's remaining messages come again; ids dedupe.
      cursor = (page.at(-1)?.message_epoch ?? cursor) - 1
    }
    expect(exact).toEqual(seeded?.messageUuids)
    expect(
      (await client.call('GET', P.messagesSince, { conversation_uuid: uuid, since: 'yesterday' })).status,
    ).toBe(400)
  })

  it('reads and updates queue statuses', async () => {
    const statuses = (await client.call('GET', P.queueStatuses)).body as Json
    expect(statuses.queue_statuses[0]).toMatchObject({ queue_name: 'support', agent_available_count: 1 })
    expect(
      (await client.call('PUT', P.queueStatus, { queue_name: 'support' }, { body: { agent_status: 'busy' } }))
        .status,
    ).toBe(200)
    expect(emulator.state().queues[0]).toMatchObject({ agent_available_count: 0, agent_busy_count: 1 })
    expect(
      (
        await client.call(
          'PUT',
          P.queueStatus,
          { queue_name: 'support' },
          { body: { agent_status: 'asleep' } },
        )
      ).status,
    ).toBe(400)
    expect(
      (await client.call('PUT', P.queueStatus, { queue_name: 'sales' }, { body: { agent_status: 'busy' } }))
        .status,
    ).toBe(404)
  })

  it('gives agent websocket auth, keep-alive and presigned upload URLs', async () => {
    const auth = ((await client.call('PUT', P.agentAuth)).body as Json).agent_auth
    expect(auth).toMatchObject({
      conversation_participant_arn: emulator.agent.arn,
      jwt: expect.any(String),
      websocket_url: expect.stringMatching(/^wss:/),
    })
    expect(await client.call('GET', P.keepAlive)).toMatchObject({ status: 200, body: undefined })
    const upload = ((await client.call('GET', P.uploadUrl, { extension: 'png' })).body as Json)
      .conversation_multimedia_upload_url
    expect(upload.key).toMatch(/\.png$/)
    expect((await client.call('GET', P.uploadUrl, { extension: '../x' })).status).toBe(400)
  })

  it('returns a websocket frame matching ConversationWebsocketMessage for a customer message', async () => {
    const [seeded] = emulator.seed({ conversations: [{ participants: [customer] }] })
    const { frame, message } = await emulator.simulateCustomerMessage({
      conversationUuid: seeded?.uuid ?? '',
      body: 'Hi',
    })
    expect(schemaValidator('ultracart', 'ConversationWebsocketMessage')(frame)).toEqual([])
    expect(frame).toMatchObject({
      type: 'event',
      event_type: 'new message',
      message: { body: 'Hi', author_conversation_participant_arn: customer.arn },
    })
    expect(message.type).toBe('message')
  })

  describe('auth', () => {
    const list = (headers: Record<string, string>) =>
      fetch(`${emulator.url}/conversation/conversations`, { headers })

    it('accepts the simple key and an OAuth bearer token', async () => {
      expect((await list({ 'x-ultracart-simple-key': emulator.credentials.simpleKey })).status).toBe(200)
      expect((await list({ authorization: `Bearer ${emulator.accessToken}` })).status).toBe(200)
    })

    it.each([
      ['a wrong simple key', { 'x-ultracart-simple-key': 'wrong' }],
      ['a wrong bearer token', { authorization: 'Bearer wrong' }],
      ['no credentials', {}],
    ])('rejects %s with the vendor 401 envelope and UC-REST-ERROR', async (_, headers) => {
      const rejected = await list(headers as Record<string, string>)
      expect(rejected.status).toBe(401)
      expect(rejected.headers.get('uc-rest-error')).toBe('Invalid credentials supplied')
      const body = await rejected.json()
      expect(specValidator('ultracart').validate('GET', P.conversations, 401, body)).toEqual([])
      expect(body).toMatchObject({
        success: false,
        error: { user_message: 'Invalid credentials supplied', error_code: '401' },
      })
    })
  })

  it('validated every answer of this suite against the spec', () => {
    const operations = new Set(client.validated().map((entry) => entry.split(' ').slice(0, 2).join(' ')))
    expect([...operations]).toEqual(
      expect.arrayContaining([
        `GET ${P.conversations}`,
        `PUT ${P.conversations}`,
        `GET ${P.conversation}`,
        `GET ${P.messagesSince}`,
        `GET ${P.queueStatuses}`,
        `PUT ${P.agentAuth}`,
        `GET ${P.uploadUrl}`,
      ]),
    )
  })
})
