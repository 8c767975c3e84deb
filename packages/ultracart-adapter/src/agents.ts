/**
 * Who is an agent. UltraCart participants carry no role and ARN formats are undocumented; the
 * documented, read-only source of agent identities is the webchat queue statuses, whose `agents`
 * list every agent's participant ARN. The adapter reads them once per `agentCacheMs` and adds the
 * configured `agentArns`. Everyone else is a customer; `notice` and `engagement prompt` messages
 * are the system's (see `mapping.ts`).
 *
 * The queue statuses are a side read: when it fails (a key without that permission, an odd answer,
 * a server fault), the read it serves still succeeds, with roles from what is known — the agents
 * of the last good read, or else `agentArns` alone. A permanent refusal is kept for `cacheMs`
 * like a good answer (the budget is 1,000 requests an hour); a passing fault is tried again next
 * time.
 *
 * @module
 */
import { type ColloquyError, decodeError, isRetryable } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { UltraCartAgentAuthResponse, UltraCartQueueStatusesResponse } from './codecs.js'
import type { UltraCartContext } from './context.js'
import type { RoleOf } from './mapping.js'

export interface AgentDirectory {
  /** The role of participant ARNs, from the (cached) queue statuses and the configured ARNs; never fails. */
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
  let inFlight: Promise<E.Either<ColloquyError, RoleOf>> | undefined
  const roleOf =
    (agents: ReadonlySet<string>): RoleOf =>
    (arn) =>
      arn !== undefined && agents.has(arn) ? 'agent' : 'customer'

  return {
    roles: (operation) => () => {
      if (cached && cached.until > Date.now()) return Promise.resolve(E.right(cached.roleOf))
      // Reads that start together (a migration's first conversations) share one request.
      inFlight ??= pipe(
        context.enveloped({
          operation,
          method: 'GET',
          path: context.path('conversations', 'queues', 'statuses'),
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
        TE.map((agents) => {
          cached = { roleOf: roleOf(agents), until: Date.now() + options.cacheMs }
          return cached.roleOf
        }),
        TE.orElse((error) => {
          const known = cached?.roleOf ?? roleOf(configured)
          if (!isRetryable(error)) cached = { roleOf: known, until: Date.now() + options.cacheMs }
          return TE.right(known)
        }),
      )().finally(() => {
        inFlight = undefined
      })
      return inFlight
    },
    known: () => cached?.roleOf ?? roleOf(configured),
    self: (operation) =>
      selfArn !== undefined
        ? TE.right(selfArn)
        : pipe(
            context.enveloped({
              operation,
              method: 'PUT',
              path: context.path('agent', 'auth'),
              codec: UltraCartAgentAuthResponse,
            }),
            TE.flatMap(({ agent_auth }) => {
              const arn = agent_auth?.conversation_participant_arn
              if (arn === undefined) {
                return TE.left(
                  decodeError({
                    provider: context.provider,
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
