/**
 * A Promise face of an adapter, for callers who do not use fp-ts.
 *
 * @module
 */
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { type ColloquyError, ColloquyException } from './errors.js'
import type { ChatAdapter, ConversationPort, EventPort, MessagePort, ParticipantPort } from './ports.js'

/** A port whose methods return `Promise<A>` instead of `TaskEither<ColloquyError, A>`. */
export type PromisePort<P> = {
  readonly [K in keyof P]: P[K] extends (input: infer I) => TaskEither<ColloquyError, infer A>
    ? (input: I) => Promise<A>
    : never
}

/** The same adapter shape with Promise-returning methods; see {@link asPromises}. */
export interface PromiseChatAdapter {
  readonly specificationVersion: ChatAdapter['specificationVersion']
  readonly provider: ChatAdapter['provider']
  readonly capabilities: ChatAdapter['capabilities']
  readonly conversations: PromisePort<ConversationPort>
  readonly messages: PromisePort<MessagePort>
  readonly participants: PromisePort<ParticipantPort>
  readonly events: PromisePort<EventPort>
}

const toPromises = <P extends object>(port: P): PromisePort<P> =>
  Object.fromEntries(
    Object.entries(port).map(([name, method]) => [
      name,
      async (input: unknown) => {
        const result = await (method as (input: unknown) => TaskEither<ColloquyError, unknown>)(input)()
        if (result._tag === 'Left') throw new ColloquyException(result.left)
        return result.right
      },
    ]),
  ) as PromisePort<P>

/**
 * Wraps an adapter so each port method returns a `Promise` that resolves with the value or rejects
 * with a {@link ColloquyException} whose `.error` is the {@link ColloquyError}.
 *
 * @example
 * const chat = asPromises(createMemoryAdapter())
 * try { await chat.conversations.get({ conversationId: 'nope' }) }
 * catch (e) { if (e instanceof ColloquyException && e.error._tag === 'NotFound') … }
 */
export const asPromises = (adapter: ChatAdapter): PromiseChatAdapter => ({
  specificationVersion: adapter.specificationVersion,
  provider: adapter.provider,
  capabilities: adapter.capabilities,
  conversations: toPromises(adapter.conversations),
  messages: toPromises(adapter.messages),
  participants: toPromises(adapter.participants),
  events: toPromises(adapter.events),
})
