/**
 * `startUltraCartEmulator`: UltraCart's REST v2 Conversation API (`/rest/v2/conversation/…`) on
 * loopback, written from the spec rebuilt from UltraCart's SDKs and the reference notes. The agent
 * websocket is not emulated (its protocol is undocumented); `simulateCustomerMessage` returns the
 * `ConversationWebsocketMessage` frame an agent would receive instead.
 *
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Faults } from './faults.js'
import { uuidMaker } from './ids.js'
import { isRecord, type JsonObject as Json } from './json.js'
import { type EmulatorRequest, type EmulatorResponse, type RunningServer, startServer } from './server.js'

/** Options of {@link startUltraCartEmulator}; every field has a default. */
export interface UltraCartEmulatorOptions {
  readonly port?: number
  readonly simpleKey?: string
  /** An OAuth access token accepted as `Authorization: Bearer`. */
  readonly accessToken?: string
  readonly merchantId?: string
  /** The agent the credentials belong to. */
  readonly agent?: { readonly arn: string; readonly name: string }
  readonly faults?: Faults
  /** Milliseconds since the epoch; default `Date.now`. */
  readonly clock?: () => number
}

/** A message to seed; `message_epoch` (ms) may repeat. */
export interface UltraCartSeedMessage {
  readonly uuid?: string
  readonly authorArn: string
  readonly body: string
  readonly messageEpoch?: number
  readonly type?: 'message' | 'notice' | 'engagement prompt'
  readonly mediaUrls?: readonly string[]
}

/** History to load, as the vendor would already hold it. */
export interface UltraCartSeed {
  readonly conversations?: readonly {
    readonly uuid?: string
    readonly medium?: 'websocket' | 'sms'
    readonly closed?: boolean
    /** The customer (and any other agents); the emulator's agent is added when `includeAgent` (default true). */
    readonly participants?: readonly {
      readonly arn: string
      readonly name: string
      readonly email?: string
    }[]
    readonly includeAgent?: boolean
    /** Ordered by `messageEpoch` when stored. */
    readonly messages?: readonly UltraCartSeedMessage[]
  }[]
}

/** A running UltraCart emulator. */
export interface UltraCartEmulator extends RunningServer {
  /** `…/rest/v2`: the adapter's `baseUrl`. */
  readonly url: string
  /** Exactly the vendor part of `createUltraCartAdapter`'s config. */
  readonly credentials: { readonly simpleKey: string }
  readonly accessToken: string
  readonly agent: { readonly arn: string; readonly name: string }
  readonly seed: (
    seed: UltraCartSeed,
  ) => readonly { readonly uuid: string; readonly messageUuids: readonly string[] }[]
  /** Conversations with participants and messages, and queue statuses, as stored. */
  readonly state: () => { readonly conversations: readonly Json[]; readonly queues: readonly Json[] }
  /** A customer writes: stores the message and returns it with the websocket frame an agent would get. */
  readonly simulateCustomerMessage: (input: {
    readonly conversationUuid: string
    readonly body: string
    /** Default: the first participant who is not the agent. */
    readonly authorArn?: string
  }) => Promise<{ readonly message: Json; readonly frame: Json }>
}

interface StoredParticipant {
  readonly conversation_participant_arn: string
  readonly conversation_participant_name: string
  readonly conversation_participant_uuid: string
  readonly email?: string
  joined_dts: string
  left_dts?: string
  status: 'joined' | 'left'
  unread_messages: number
}
interface StoredConversation {
  readonly uuid: string
  readonly arn: string
  readonly medium: 'websocket' | 'sms'
  closed: boolean
  readonly start_dts: string
  participants: StoredParticipant[]
  messages: Json[]
}

const agentStatuses = new Set(['available', 'busy', 'unavailable'])

export const startUltraCartEmulator = async (
  options: UltraCartEmulatorOptions = {},
): Promise<UltraCartEmulator> => {
  const clock = options.clock ?? Date.now
  const newUuid = uuidMaker(0x0c)
  const simpleKey = options.simpleKey ?? randomBytes(24).toString('hex')
  const accessToken = options.accessToken ?? randomBytes(24).toString('base64url')
  const merchantId = options.merchantId ?? 'DEMO'
  const agent = options.agent ?? { arn: `arn:ultracart:${merchantId}:participant/agent-1`, name: 'Agent One' }
  const conversations = new Map<string, StoredConversation>()
  const queues: Json[] = [
    {
      queue_name: 'support',
      agent_count: 1,
      agent_available_count: 1,
      agent_busy_count: 0,
      agent_unavailable_count: 0,
      customer_active_count: 0,
      customer_waiting_count: 0,
      agents: [
        {
          conversation_participant_arn: agent.arn,
          conversation_participant_name: agent.name,
          agent_status: 'available',
        },
      ],
      queue_entries: [],
    },
  ]
  const dts = (epoch = clock()) => new Date(epoch).toISOString()

  const error = (status: number, _code: string, message: string): EmulatorResponse => ({
    status,
    body: {
      success: false,
      error: { user_message: message, developer_message: message, error_code: String(status) },
      metadata: {},
    },
    headers: { 'UC-REST-ERROR': message },
  })
  const envelope = (payloadName: string, payload: unknown, resultSet?: Json): EmulatorResponse => ({
    status: 200,
    body: {
      [payloadName]: payload,
      success: true,
      metadata: { payload_name: payloadName, ...(resultSet ? { result_set: resultSet } : {}) },
    },
  })
  const empty = (): EmulatorResponse => ({ status: 200 })

  const participantJson = (p: StoredParticipant): Json => ({ ...p })
  const activeAgent = (c: StoredConversation) =>
    c.participants.find((p) => p.conversation_participant_arn === agent.arn && p.status === 'joined')
  const summaryJson = (c: StoredConversation): Json => {
    const last = c.messages.at(-1)
    return {
      conversation_uuid: c.uuid,
      conversation_arn: c.arn,
      merchant_id: merchantId,
      medium: c.medium,
      closed: c.closed,
      visible: true,
      start_dts: c.start_dts,
      message_count: c.messages.length,
      unread_messages: (activeAgent(c)?.unread_messages ?? 0) > 0,
      participants: c.participants.map(participantJson),
      ...(last
        ? {
            last_message_dts: last.message_dts,
            last_interactive_message_dts: last.message_dts,
            last_conversation_message_body: last.body,
            last_conversation_participant_arn: last.author_conversation_participant_arn,
            last_conversation_participant_name: last.author_conversation_participant_name,
          }
        : {}),
    }
  }
  const conversationJson = (c: StoredConversation, messages: readonly Json[] = c.messages): Json => ({
    ...summaryJson(c),
    base_language_iso_code: 'en',
    virtual_agent: false,
    messages: [...messages],
  })

  const addParticipant = (
    c: StoredConversation,
    arn: string,
    name: string,
    email?: string,
  ): StoredParticipant => {
    const existing = c.participants.find((p) => p.conversation_participant_arn === arn)
    if (existing) {
      existing.status = 'joined'
      existing.joined_dts = dts()
      delete existing.left_dts
      return existing
    }
    const participant: StoredParticipant = {
      conversation_participant_arn: arn,
      conversation_participant_name: name,
      conversation_participant_uuid: newUuid(),
      ...(email === undefined ? {} : { email }),
      joined_dts: dts(),
      status: 'joined',
      unread_messages: 0,
    }
    c.participants.push(participant)
    return participant
  }

  const createConversation = (input: {
    uuid?: string
    medium?: 'websocket' | 'sms'
    closed?: boolean
  }): StoredConversation => {
    const uuid = input.uuid ?? newUuid()
    const conversation: StoredConversation = {
      uuid,
      arn: `arn:ultracart:${merchantId}:conversation/${uuid}`,
      medium: input.medium ?? 'websocket',
      closed: input.closed ?? false,
      start_dts: dts(),
      participants: [],
      messages: [],
    }
    conversations.set(uuid, conversation)
    return conversation
  }

  const storeMessage = (c: StoredConversation, input: UltraCartSeedMessage): Json => {
    const author = c.participants.find((p) => p.conversation_participant_arn === input.authorArn)
    const epoch = input.messageEpoch ?? clock()
    const message: Json = {
      conversation_message_uuid: input.uuid ?? newUuid(),
      author_conversation_participant_arn: input.authorArn,
      author_conversation_participant_name: author?.conversation_participant_name ?? input.authorArn,
      body: input.body,
      message_dts: dts(epoch),
      message_epoch: epoch,
      merchant_id: merchantId,
      media_urls: [...(input.mediaUrls ?? [])],
      type: input.type ?? 'message',
      transport_statuses: [],
      upload_keys: [],
    }
    // Keep epoch order; equal epochs stay in arrival order.
    let index = c.messages.length
    while (index > 0 && (c.messages[index - 1]?.message_epoch as number) > epoch) index--
    c.messages.splice(index, 0, message)
    for (const participant of c.participants) {
      if (participant.conversation_participant_arn !== input.authorArn && participant.status === 'joined')
        participant.unread_messages++
    }
    return message
  }

  const seed: UltraCartEmulator['seed'] = (data) =>
    (data.conversations ?? []).map((input) => {
      const conversation = createConversation(input)
      if (input.includeAgent ?? true) addParticipant(conversation, agent.arn, agent.name)
      for (const p of input.participants ?? []) addParticipant(conversation, p.arn, p.name, p.email)
      const messageUuids = (input.messages ?? []).map(
        (m) => storeMessage(conversation, m).conversation_message_uuid as string,
      )
      return { uuid: conversation.uuid, messageUuids }
    })

  const same = (a: string, b: string) =>
    a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))
  const authenticate = (request: EmulatorRequest) => {
    const key = request.headers['x-ultracart-simple-key']
    const authorization = request.headers.authorization ?? ''
    const accepted =
      (typeof key === 'string' && same(key, simpleKey)) ||
      (authorization.startsWith('Bearer ') && same(authorization.slice('Bearer '.length), accessToken))
    return accepted ? undefined : error(401, 'unauthorized', 'Invalid credentials supplied')
  }

  const integer = (value: string | null, fallback: number, min: number, max: number): number | undefined => {
    if (value === null) return fallback
    const parsed = Number(value)
    return Number.isInteger(parsed) && parsed >= min && parsed <= max ? parsed : undefined
  }
  const withConversation =
    (handle: (c: StoredConversation, request: EmulatorRequest) => EmulatorResponse) =>
    (request: EmulatorRequest) => {
      const conversation = conversations.get(request.params.uuid ?? '')
      // The spec documents no 404; the reference's illustrative error body is used with status 404.
      return conversation ? handle(conversation, request) : error(404, 'not_found', 'Conversation not found')
    }

  const base = '/conversation'
  const routes = {
    [`GET ${base}/conversations`]: (request: EmulatorRequest) => {
      const limit = integer(request.query.get('_limit'), 100, 1, 200)
      const offset = integer(request.query.get('_offset'), 0, 0, Number.MAX_SAFE_INTEGER)
      if (limit === undefined) return error(400, 'bad_request', '_limit must be an integer from 1 to 200')
      if (offset === undefined) return error(400, 'bad_request', '_offset must be a non-negative integer')
      const medium = request.query.get('medium')
      // Oldest first, so offsets stay stable while new conversations start (order is undocumented).
      const all = [...conversations.values()].filter((c) => medium === null || c.medium === medium)
      const page = all.slice(offset, offset + limit)
      const more = offset + page.length < all.length
      return envelope('conversations', page.map(summaryJson), {
        count: page.length,
        limit,
        offset,
        next_offset: offset + page.length,
        more,
        total_records: all.length,
      })
    },
    [`PUT ${base}/conversations`]: (request: EmulatorRequest) => {
      const input = isRecord(request.body) ? request.body : {}
      const arns = input.add_conversation_participant_arns ?? []
      if (!Array.isArray(arns) || !arns.every((arn) => typeof arn === 'string')) {
        return error(400, 'bad_request', 'add_conversation_participant_arns must be an array of strings')
      }
      const conversation = createConversation({})
      addParticipant(conversation, agent.arn, agent.name)
      for (const arn of arns as string[]) addParticipant(conversation, arn, arn.split('/').at(-1) ?? arn)
      // ConversationStartResponse has no success/metadata envelope.
      return { status: 200, body: { conversation: conversationJson(conversation) } }
    },
    [`GET ${base}/conversations/queues/statuses`]: () => envelope('queue_statuses', structuredClone(queues)),
    [`PUT ${base}/conversations/queues/:queue/status`]: (request: EmulatorRequest) => {
      const queue = queues.find((q) => q.queue_name === request.params.queue)
      if (!queue) return error(404, 'not_found', `No queue named ${request.params.queue}`)
      const status = isRecord(request.body) ? request.body.agent_status : undefined
      if (typeof status !== 'string' || !agentStatuses.has(status)) {
        return error(400, 'bad_request', 'agent_status must be available, busy or unavailable')
      }
      for (const entry of queue.agents as Json[])
        if (entry.conversation_participant_arn === agent.arn) entry.agent_status = status
      const agents = queue.agents as Json[]
      const count = (value: string) => agents.filter((a) => a.agent_status === value).length
      Object.assign(queue, {
        agent_available_count: count('available'),
        agent_busy_count: count('busy'),
        agent_unavailable_count: count('unavailable'),
      })
      return empty()
    },
    [`GET ${base}/conversations/:uuid`]: withConversation((c, request) => {
      const limit = integer(request.query.get('limit'), c.messages.length, 0, Number.MAX_SAFE_INTEGER)
      if (limit === undefined) return error(400, 'bad_request', 'limit must be a non-negative integer')
      return envelope('conversation', conversationJson(c, limit === 0 ? [] : c.messages.slice(-limit)))
    }),
    [`GET ${base}/conversations/:uuid/messages/:since`]: withConversation((c, request) => {
      const since = Number(request.params.since)
      const limit = integer(request.query.get('limit'), 100, 1, 200)
      if (!Number.isInteger(since)) return error(400, 'bad_request', 'since must be epoch milliseconds')
      if (limit === undefined) return error(400, 'bad_request', 'limit must be an integer from 1 to 200')
      // `since` is exclusive: messages strictly after it, oldest first (semantics inferred, undocumented).
      const after = c.messages.filter((m) => (m.message_epoch as number) > since).slice(0, limit)
      return envelope('conversation_messages', after)
    }),
    [`PUT ${base}/conversations/:uuid/join`]: withConversation((c) => {
      addParticipant(c, agent.arn, agent.name)
      return empty()
    }),
    [`DELETE ${base}/conversations/:uuid/leave`]: withConversation((c) => {
      const participant = activeAgent(c)
      if (!participant) return error(400, 'bad_request', 'The agent is not in this conversation')
      participant.status = 'left'
      participant.left_dts = dts()
      return empty()
    }),
    [`PUT ${base}/conversations/:uuid/markread`]: withConversation((c) => {
      const participant = activeAgent(c)
      if (participant) participant.unread_messages = 0
      return empty()
    }),
    [`PUT ${base}/agent/auth`]: () =>
      envelope('agent_auth', {
        conversation_participant_arn: agent.arn,
        conversation_participant_name: agent.name,
        merchant_id: merchantId,
        user_id: 1,
        chat_admin: true,
        chat_user: true,
        jwt: randomBytes(32).toString('base64url'),
        websocket_url: `wss://emulated.ultracart.invalid/conversation/ws/${merchantId}`,
        group_ids: [],
      }),
    [`GET ${base}/agent/keepalive`]: () => empty(),
    [`GET ${base}/upload_url/:extension`]: (request: EmulatorRequest) => {
      const extension = request.params.extension ?? ''
      if (!/^[a-z0-9]{1,10}$/i.test(extension))
        return error(400, 'bad_request', 'extension must be 1 to 10 letters or digits')
      const key = `conversation/${merchantId}/${newUuid()}.${extension}`
      return envelope('conversation_multimedia_upload_url', {
        key,
        url: `https://uploads.emulated.ultracart.invalid/${key}?signature=emulated`,
      })
    },
  }

  const server = await startServer({
    port: options.port,
    basePath: '/rest/v2',
    routes,
    authenticate,
    error,
    maxBodyBytes: 1024 * 1024,
    faults: options.faults,
  })

  return {
    ...server,
    credentials: { simpleKey },
    accessToken,
    agent,
    seed,
    state: () => ({
      conversations: [...conversations.values()].map((c) => structuredClone(conversationJson(c))),
      queues: structuredClone(queues),
    }),
    simulateCustomerMessage: async (input) => {
      const conversation = conversations.get(input.conversationUuid)
      if (!conversation)
        throw new Error(`simulateCustomerMessage: no conversation '${input.conversationUuid}'`)
      const authorArn =
        input.authorArn ??
        conversation.participants.find((p) => p.conversation_participant_arn !== agent.arn)
          ?.conversation_participant_arn
      if (authorArn === undefined)
        throw new Error('simulateCustomerMessage: the conversation has no customer')
      const message = storeMessage(conversation, { authorArn, body: input.body })
      const frame = {
        type: 'event',
        event_type: 'new message',
        conversation_uuid: conversation.uuid,
        conversation_arn: conversation.arn,
        message,
        event_new_message: summaryJson(conversation),
      }
      return { message, frame }
    },
  }
}
