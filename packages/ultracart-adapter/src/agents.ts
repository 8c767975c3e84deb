/**
 * Who is an agent. UltraCart participants carry no role and ARN formats are undocumented; the
 * documented, read-only source of agent identities is the webchat queue statuses, whose `agents`
 * list every agent's participant ARN. The adapter reads them once per `agentCacheMs` and adds the
 * configured `agentArns`. Everyone else is a customer; `notice` and `engagement prompt` messages
 * are the system's (see `mapping.ts`).
 *
 * @module
 */
import { type ColloquyError, decodeError } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { UltraCartAgentAuthResponse, UltraCartQueueStatusesResponse } from './codecs.js'
import type { UltraCartContext } from './context.js'
import type { RoleOf } from './mapping.js'

/** Answers where the queue statuses are off-limits to these credentials: fall back to `agentArns`. */
const fallbackTags = new Set<ColloquyError['_tag']>(['Unauthorized', 'NotFound'])

export interface AgentDirectory {
  /** The role of participant ARNs, from the (cached) queue statuses and the configured ARNs. */
  readonly roles: (operation: string) => TE.TaskEither<ColloquyError, RoleOf>
  /** The roles known without a request: the cached queue agents, or the configured ARNs. */
  readonly known: () => RoleOf
  /** The participant ARN of the agent these credentials belong to (asked once, then kept). */
  readonly self: (operation: string) => TE.TaskEither<ColloquyError, string>
}

export const createAgentDirectory = (
  context: UltraCartContext,
  options: { readonly agentArns?: readonly string[]; readonly cacheMs: number },
): AgentDirectory => {
  const configured = new Set(options.agentArns)
  let cached: { readonly roleOf: RoleOf; readonly until: number } | undefined
  let selfArn: string | undefined
  const roleOf =
    (agents: ReadonlySet<string>): RoleOf =>
    (arn) =>
      arn !== undefined && agents.has(arn) ? 'agent' : 'customer'

  return {
    roles: (operation) => {
      if (cached && cached.until > Date.now()) return TE.right(cached.roleOf)
      return pipe(
        context.enveloped({
          operation,
          method: 'GET',
          path: ['conversation', 'conversations', 'queues', 'statuses'],
          codec: UltraCartQueueStatusesResponse,
        }),
        TE.map(({ queue_statuses }) => {
          const agents = new Set(configured)
          for (const queue of queue_statuses ?? []) {
            for (const agent of queue.agents ?? [])
              if (agent.conversation_participant_arn) agents.add(agent.conversation_participant_arn)
          }
          return agents
        }),
        TE.orElse((error) => (fallbackTags.has(error._tag) ? TE.right(new Set(configured)) : TE.left(error))),
        TE.map((agents) => {
          cached = { roleOf: roleOf(agents), until: Date.now() + options.cacheMs }
          return cached.roleOf
        }),
      )
    },
    known: () => cached?.roleOf ?? roleOf(configured),
    self: (operation) =>
      selfArn !== undefined
        ? TE.right(selfArn)
        : pipe(
            context.enveloped({
              operation,
              method: 'PUT',
              path: ['conversation', 'agent', 'auth'],
              codec: UltraCartAgentAuthResponse,
            }),
            TE.flatMap(({ agent_auth }) => {
              const arn = agent_auth?.conversation_participant_arn
              if (arn === undefined) {
                return TE.left(
                  decodeError({
                    provider: 'ultracart',
                    operation,
                    issues: ['agent_auth.conversation_participant_arn: expected a string'],
                  }),
                )
              }
              selfArn = arn
              return TE.right(arn)
            }),
          ),
  }
}
