/**
 * `adapter.ultracart`: UltraCart operations that have no place in the ports.
 *
 * @module
 */
import { type ColloquyError, decodeError } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import {
  UltraCartAgentAuthResponse,
  UltraCartQueueStatusesResponse,
  UltraCartUploadUrlResponse,
} from './codecs.js'
import type { UltraCartContext } from './context.js'
import type { UltraCartQueueStatusUpdate } from './requests.js'

/** What an agent needs to open the agent websocket. */
export interface UltraCartAgentAuth {
  readonly websocketUrl: string
  /** Short-lived token for the websocket; treat it as a secret. */
  readonly jwt: string
  /** The agent's participant ARN. */
  readonly participantId?: string
  readonly displayName?: string
  readonly merchantId?: string
  readonly raw: unknown
}

export type AgentStatus = 'available' | 'busy' | 'unavailable'

/** A webchat queue's state, in core vocabulary. */
export interface UltraCartQueueStatus {
  readonly queueName: string
  readonly agents: readonly {
    readonly participantId?: string
    readonly displayName?: string
    readonly status?: string
  }[]
  readonly availableAgents?: number
  readonly busyAgents?: number
  readonly waitingCustomers?: number
  readonly activeCustomers?: number
  readonly raw: unknown
}

/** The UltraCart-only operations; each returns a `TaskEither` and never throws. */
export interface UltraCartExtras {
  /** `PUT /conversation/agent/auth`: websocket URL and JWT for the authenticated agent. */
  readonly agentAuth: () => TE.TaskEither<ColloquyError, UltraCartAgentAuth>
  /** `GET /conversation/agent/keepalive`: keeps the agent's session alive. */
  readonly keepAlive: () => TE.TaskEither<ColloquyError, void>
  /** `GET /conversation/upload_url/{extension}`: a presigned URL to upload a file to, and its `key`. */
  readonly uploadUrl: (input: {
    readonly extension: string
  }) => TE.TaskEither<ColloquyError, { readonly url: string; readonly key: string }>
  /** `GET /conversation/conversations/queues/statuses`. */
  readonly queueStatuses: () => TE.TaskEither<ColloquyError, readonly UltraCartQueueStatus[]>
  /** `PUT /conversation/conversations/queues/{queue_name}/status`: the agent's status in a queue. */
  readonly updateQueueStatus: (input: {
    readonly queueName: string
    readonly status: AgentStatus
  }) => TE.TaskEither<ColloquyError, void>
}

const missing = (provider: string, operation: string, path: string) =>
  TE.left(decodeError({ provider, operation, issues: [`${path}: expected a string`] }))
const statuses = new Set<AgentStatus>(['available', 'busy', 'unavailable'])

export const createExtras = (context: UltraCartContext): UltraCartExtras => ({
  agentAuth: () =>
    pipe(
      context.enveloped({
        operation: 'ultracart.agentAuth',
        method: 'PUT',
        path: context.path('agent', 'auth'),
        codec: UltraCartAgentAuthResponse,
      }),
      TE.flatMap(({ agent_auth }) =>
        agent_auth?.websocket_url === undefined || agent_auth.jwt === undefined
          ? missing(context.provider, 'ultracart.agentAuth', 'agent_auth.websocket_url / agent_auth.jwt')
          : TE.right({
              websocketUrl: agent_auth.websocket_url,
              jwt: agent_auth.jwt,
              ...(agent_auth.conversation_participant_arn
                ? { participantId: agent_auth.conversation_participant_arn }
                : {}),
              ...(agent_auth.conversation_participant_name
                ? { displayName: agent_auth.conversation_participant_name }
                : {}),
              ...(agent_auth.merchant_id ? { merchantId: agent_auth.merchant_id } : {}),
              raw: agent_auth,
            }),
      ),
    ),
  keepAlive: () =>
    context.requestVoid({
      operation: 'ultracart.keepAlive',
      method: 'GET',
      path: context.path('agent', 'keepalive'),
    }),
  uploadUrl: ({ extension }) =>
    typeof extension !== 'string' || !/^[a-z0-9]{1,10}$/i.test(extension)
      ? context.refuse('ultracart.uploadUrl', 'extension must be 1 to 10 letters or digits, without the dot')
      : pipe(
          context.enveloped({
            operation: 'ultracart.uploadUrl',
            method: 'GET',
            path: context.path('upload_url', extension),
            codec: UltraCartUploadUrlResponse,
          }),
          TE.flatMap(({ conversation_multimedia_upload_url: upload }) =>
            upload?.url === undefined || upload.key === undefined
              ? missing(
                  context.provider,
                  'ultracart.uploadUrl',
                  'conversation_multimedia_upload_url.url / .key',
                )
              : TE.right({ url: upload.url, key: upload.key }),
          ),
        ),
  queueStatuses: () =>
    pipe(
      context.enveloped({
        operation: 'ultracart.queueStatuses',
        method: 'GET',
        path: context.path('conversations', 'queues', 'statuses'),
        codec: UltraCartQueueStatusesResponse,
      }),
      TE.map(({ queue_statuses }) =>
        (queue_statuses ?? []).map((queue) => ({
          queueName: queue.queue_name,
          agents: (queue.agents ?? []).map((agent) => ({
            ...(agent.conversation_participant_arn
              ? { participantId: agent.conversation_participant_arn }
              : {}),
            ...(agent.conversation_participant_name
              ? { displayName: agent.conversation_participant_name }
              : {}),
            ...(agent.agent_status ? { status: agent.agent_status } : {}),
          })),
          ...(queue.agent_available_count === undefined
            ? {}
            : { availableAgents: queue.agent_available_count }),
          ...(queue.agent_busy_count === undefined ? {} : { busyAgents: queue.agent_busy_count }),
          ...(queue.customer_waiting_count === undefined
            ? {}
            : { waitingCustomers: queue.customer_waiting_count }),
          ...(queue.customer_active_count === undefined
            ? {}
            : { activeCustomers: queue.customer_active_count }),
          raw: queue,
        })),
      ),
    ),
  updateQueueStatus: ({ queueName, status }) =>
    typeof queueName !== 'string' || queueName === ''
      ? context.refuse('ultracart.updateQueueStatus', 'queueName must be a non-empty string')
      : !statuses.has(status)
        ? context.refuse('ultracart.updateQueueStatus', "status must be 'available', 'busy' or 'unavailable'")
        : context.requestVoid({
            operation: 'ultracart.updateQueueStatus',
            method: 'PUT',
            path: context.path('conversations', 'queues', queueName, 'status'),
            json: { agent_status: status } satisfies UltraCartQueueStatusUpdate,
            resource: { name: 'queue', id: queueName },
          }),
})
