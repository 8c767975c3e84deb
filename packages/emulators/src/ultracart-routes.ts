/**
 * The UltraCart emulator's routes (`/rest/v2/conversation/…`): the Conversation API's envelope,
 * result sets, messages-since, agent auth, queues and uploads.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { isRecord, type JsonObject as Json } from './json.js'
import type { EmulatorRequest, EmulatorResponse } from './server.js'
import type { StoredConversation, UltraCartStore } from './ultracart-store.js'

const agentStatuses = new Set(['available', 'busy', 'unavailable'])

/** UltraCart's error answer: the envelope with `success: false` and the `UC-REST-ERROR` header. */
export const ultraCartError = (status: number, _code: string, message: string): EmulatorResponse => ({
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
const error = ultraCartError

/** The routes of the merchant `merchantId`, whose credentials belong to `agent`. */
export const ultraCartRoutes = (
  store: UltraCartStore,
  identity: {
    readonly merchantId: string
    readonly agent: { readonly arn: string; readonly name: string }
    readonly newUuid: () => string
  },
) => {
  const { merchantId, agent, newUuid } = identity

  const integer = (value: string | null, fallback: number, min: number, max: number): number | undefined => {
    if (value === null) return fallback
    const parsed = Number(value)
    return Number.isInteger(parsed) && parsed >= min && parsed <= max ? parsed : undefined
  }
  const withConversation =
    (handle: (c: StoredConversation, request: EmulatorRequest) => EmulatorResponse) =>
    (request: EmulatorRequest) => {
      const conversation = store.conversations.get(request.params.uuid ?? '')
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
      const all = [...store.conversations.values()].filter((c) => medium === null || c.medium === medium)
      const page = all.slice(offset, offset + limit)
      const more = offset + page.length < all.length
      return envelope('conversations', page.map(store.summaryJson), {
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
      const conversation = store.createConversation({})
      store.addParticipant(conversation, agent.arn, agent.name)
      for (const arn of arns as string[])
        store.addParticipant(conversation, arn, arn.split('/').at(-1) ?? arn)
      // ConversationStartResponse has no success/metadata envelope.
      return { status: 200, body: { conversation: store.conversationJson(conversation) } }
    },
    [`GET ${base}/conversations/queues/statuses`]: () =>
      envelope('queue_statuses', structuredClone(store.queues)),
    [`PUT ${base}/conversations/queues/:queue/status`]: (request: EmulatorRequest) => {
      const queue = store.queues.find((q) => q.queue_name === request.params.queue)
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
      return envelope('conversation', store.conversationJson(c, limit === 0 ? [] : c.messages.slice(-limit)))
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
      store.addParticipant(c, agent.arn, agent.name)
      return empty()
    }),
    [`DELETE ${base}/conversations/:uuid/leave`]: withConversation((c) => {
      const participant = store.activeAgent(c)
      if (!participant) return error(400, 'bad_request', 'The agent is not in this conversation')
      participant.status = 'left'
      participant.left_dts = store.dts()
      return empty()
    }),
    [`PUT ${base}/conversations/:uuid/markread`]: withConversation((c) => {
      const participant = store.activeAgent(c)
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
  return routes
}
