/**
 * The one place where the port contract is enforced for every adapter: inputs are checked and
 * capabilities honoured before an adapter's own code (and so the vendor) is reached.
 *
 * @module
 */
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { Capabilities } from './capabilities.js'
import { type ColloquyError, invalidRequest, unsupported } from './errors.js'
import { adapterSpecificationVersion, type ChatAdapter, type Result } from './ports.js'
import {
  draftProblem,
  firstProblem,
  optionalDirection,
  optionalId,
  optionalLimit,
  optionalMetadata,
  optionalString,
  type Problem,
  participantsProblem,
  requireBoolean,
  requireId,
  requireObject,
  resolveDirection,
} from './validation.js'

type Check<I> = (input: I) => Problem | ColloquyError

const shown = (value: unknown) =>
  typeof value === 'string' ? `'${value.length > 40 ? `${value.slice(0, 37)}…` : value}'` : typeof value

/** Why an adapter's `specificationVersion` is not the one this core defines, or `undefined`. */
const specificationProblem = (adapter: { provider?: unknown; specificationVersion?: unknown }) => {
  if (adapter.specificationVersion === adapterSpecificationVersion) return undefined
  const name = typeof adapter.provider === 'string' ? `the '${adapter.provider}' adapter` : 'the adapter'
  return adapter.specificationVersion === undefined
    ? `defineAdapter: ${name} declares no specificationVersion; this @colloquy/core defines the port contract '${adapterSpecificationVersion}': set specificationVersion: '${adapterSpecificationVersion}' once the adapter keeps it (describeAdapterContract proves that)`
    : `defineAdapter: ${name} implements the port contract ${shown(adapter.specificationVersion)}, but this @colloquy/core defines '${adapterSpecificationVersion}': use a release of the adapter built for '${adapterSpecificationVersion}'`
}

/**
 * Wraps an adapter so that every port method
 * - returns `InvalidRequest` for malformed input (empty or non-string ids, a `limit` that is not a
 *   positive integer, a draft without valid content, …) without calling the adapter,
 * - returns `Unsupported` naming the capability when `capabilities` says the method, direction or
 *   content type is not available,
 * - passes `messages.list` the resolved `direction`, so adapters always receive one.
 *
 * Every adapter factory returns its adapter through this function.
 *
 * @throws TypeError when `adapter.specificationVersion` is missing or is not
 * {@link adapterSpecificationVersion}: the adapter was written for another port contract.
 */
export const defineAdapter = <A extends ChatAdapter>(adapter: A): A => {
  const problem = specificationProblem(adapter)
  if (problem !== undefined) throw new TypeError(problem)
  const { provider, capabilities } = adapter

  const guard =
    <I, R>(operation: string, enabled: boolean, check: Check<I>, run: (input: I) => Result<R>) =>
    (input: I): Result<R> => {
      if (!enabled) return TE.left(unsupported({ provider, operation, capability: operation }))
      const problem = typeof input === 'object' && input !== null ? check(input) : 'input must be an object'
      if (problem === undefined) return run(input)
      if (typeof problem === 'string') {
        return TE.left(invalidRequest({ provider, operation, message: `${operation}: ${problem}` }))
      }
      return TE.left(problem)
    }

  const ref = (input: { conversationId: unknown }) => requireId(input.conversationId, 'conversationId')
  const c = adapter.conversations
  const m = adapter.messages
  const p = adapter.participants
  const caps: Capabilities = capabilities

  return {
    ...adapter,
    conversations: {
      list: guard(
        'conversations.list',
        caps.conversations.list !== false,
        (input) =>
          firstProblem(
            optionalId(input.userId, 'userId'),
            optionalId(input.externalId, 'externalId'),
            optionalString(input.cursor, 'cursor'),
            optionalLimit(input.limit),
          ) ??
          (input.externalId !== undefined && caps.conversations.listByExternalId !== true
            ? unsupported({
                provider,
                operation: 'conversations.list',
                capability: 'conversations.listByExternalId',
                message: `conversations.list: ${provider} cannot list conversations by externalId`,
              })
            : input.externalId !== undefined && input.userId !== undefined
              ? 'give userId or externalId, not both'
              : caps.conversations.list === 'byUser' &&
                  input.userId === undefined &&
                  input.externalId === undefined
                ? `userId is required: ${provider} lists conversations per user`
                : undefined),
        c.list,
      ),
      get: guard('conversations.get', caps.conversations.get, ref, c.get),
      create: guard(
        'conversations.create',
        caps.conversations.create,
        (input) =>
          firstProblem(
            input.kind === undefined || input.kind === 'personal' || input.kind === 'group'
              ? undefined
              : `kind must be 'personal' or 'group'`,
            participantsProblem(input.participants),
            optionalString(input.title, 'title'),
            optionalString(input.description, 'description'),
            optionalMetadata(input.metadata),
          ),
        c.create,
      ),
      update: guard(
        'conversations.update',
        caps.conversations.update,
        (input) =>
          firstProblem(
            ref(input),
            optionalString(input.title, 'title'),
            optionalString(input.description, 'description'),
            optionalMetadata(input.metadata),
          ),
        c.update,
      ),
      delete: guard('conversations.delete', caps.conversations.delete, ref, c.delete),
      markRead: guard(
        'conversations.markRead',
        caps.conversations.markRead,
        (input) => firstProblem(ref(input), optionalId(input.participantId, 'participantId')),
        c.markRead,
      ),
      setTyping: guard(
        'conversations.setTyping',
        caps.conversations.setTyping,
        (input) => firstProblem(ref(input), requireBoolean(input.typing, 'typing')),
        c.setTyping,
      ),
    },
    messages: {
      list: guard(
        'messages.list',
        caps.messages.list,
        (input) => {
          const problem = firstProblem(
            ref(input),
            optionalString(input.cursor, 'cursor'),
            optionalLimit(input.limit),
            optionalDirection(input.direction),
          )
          if (problem) return problem
          return resolveDirection(input.direction, caps.messages.directions) === undefined
            ? unsupported({
                provider,
                operation: 'messages.list',
                capability: `messages.directions.${input.direction}`,
              })
            : undefined
        },
        (input) =>
          m.list({ ...input, direction: resolveDirection(input.direction, caps.messages.directions) }),
      ),
      send: guard(
        'messages.send',
        caps.messages.send,
        (input) => {
          const problem = firstProblem(ref(input), draftProblem(input.message))
          if (problem) return problem
          const type = input.message.content.type
          return caps.messages.sendableContent.includes(type)
            ? undefined
            : unsupported({
                provider,
                operation: 'messages.send',
                capability: `messages.sendableContent.${type}`,
                message: `messages.send: ${provider} cannot send ${type} content`,
              })
        },
        m.send,
      ),
      delete: guard(
        'messages.delete',
        caps.messages.delete,
        (input) => firstProblem(ref(input), requireId(input.messageId, 'messageId')),
        m.delete,
      ),
      deleteAll: guard('messages.deleteAll', caps.messages.deleteAll, ref, m.deleteAll),
    },
    participants: {
      list: guard('participants.list', caps.participants.list, ref, p.list),
      join: guard(
        'participants.join',
        caps.participants.join,
        (input) => firstProblem(ref(input), requireId(input.userId, 'userId')),
        p.join,
      ),
      leave: guard(
        'participants.leave',
        caps.participants.leave,
        (input) =>
          firstProblem(
            ref(input),
            optionalId(input.participantId, 'participantId'),
            optionalId(input.userId, 'userId'),
          ),
        p.leave,
      ),
    },
    events: {
      parse: guard(
        'events.parse',
        // Always on: adapters without webhooks still parse their websocket frames.
        true,
        (input) =>
          firstProblem(
            input.body === undefined || input.body === null ? 'body is required' : undefined,
            input.headers === undefined ? undefined : requireObject(input.headers, 'headers'),
          ),
        adapter.events.parse,
      ),
    },
  }
}
