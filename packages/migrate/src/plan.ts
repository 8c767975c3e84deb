/**
 * The plan: what a migration will do, checked against both adapters' capabilities before anything
 * is read or written.
 *
 * @module
 */
import type { ChatAdapter } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import { MigrationPlanError } from './errors.js'

/**
 * How the target conversation made by an earlier run is found again without the ledger:
 * - `scan`: the target lists all its conversations; they are read once per run and matched by the
 *   source ids in their metadata (memory);
 * - `byExternalId`: the conversations of the user derived from the source customer are listed and
 *   matched by that metadata (Sunshine lists conversations per user);
 * - `byId`: the target has one conversation per customer whose id the customer's `externalId` is,
 *   shared by every source conversation of that customer (Smooch v1: the appUser).
 */
export type TargetLookup = 'scan' | 'byExternalId' | 'byId'

/** Which source conversations to copy. */
export type Selection =
  | { readonly kind: 'ids'; readonly ids: readonly string[] | AsyncIterable<string> }
  | { readonly kind: 'users'; readonly users: readonly string[] }
  | { readonly kind: 'all' }

export interface Plan {
  readonly selection: Selection
  readonly lookup: TargetLookup
  readonly concurrency: number
}

/** Most conversations copied at once: beyond it, workers only wait on the vendors' rate limits. */
export const maxConcurrency = 256

const lookupFor = (target: ChatAdapter): TargetLookup | undefined => {
  const { conversations } = target.capabilities
  if (conversations.list === 'all') return 'scan'
  if (conversations.listByExternalId === true) return 'byExternalId'
  if (conversations.list === false && conversations.get) return 'byId'
  return undefined
}

/** The plan of a migration, or why it cannot be done (nothing has been read or written yet). */
export const planMigration = (options: {
  readonly source: ChatAdapter
  readonly target: ChatAdapter
  readonly conversations?: readonly string[] | AsyncIterable<string>
  readonly users?: readonly string[]
  readonly concurrency?: number
  /** Plans a verification: the target is only read. */
  readonly verifying?: boolean
}): E.Either<MigrationPlanError, Plan> => {
  const { source, target } = options
  const refuse = (why: string, problem: 'plan' | 'selection' = 'plan') =>
    E.left(
      new MigrationPlanError(
        `cannot ${options.verifying ? 'verify' : 'migrate'} ${source.provider} → ${target.provider}: ${why}`,
        problem,
      ),
    )
  if (source === target) return refuse('the source and the target are the same adapter')
  const concurrency = options.concurrency ?? 4
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > maxConcurrency)
    return refuse(
      `concurrency must be a whole number from 1 to ${maxConcurrency}, got ${concurrency}`,
      'selection',
    )
  if (!source.capabilities.conversations.get) return refuse(`${source.provider} cannot read conversations`)
  if (!source.capabilities.messages.list || !source.capabilities.messages.directions.includes('forward'))
    return refuse(`${source.provider} cannot list messages oldest first`)
  // The same checks in a dry run: it must fail exactly where a real run would.
  if (!target.capabilities.messages.send)
    return refuse(`${target.provider} cannot receive messages (it has no way to send them)`)
  if (!target.capabilities.conversations.create)
    return refuse(`${target.provider} cannot create conversations`)
  if (!target.capabilities.messages.metadata || !target.capabilities.messages.list)
    return refuse(
      `${target.provider} cannot store and list message metadata, which exactly-once copying needs`,
    )
  const lookup = lookupFor(target)
  if (lookup === undefined)
    return refuse(
      `${target.provider} cannot find the conversations an earlier run made (it lists conversations neither all at once nor by externalId)`,
    )
  const listing = source.capabilities.conversations.list
  if (options.conversations !== undefined && options.users !== undefined)
    return refuse('give the conversation ids or the user ids, not both', 'selection')
  if (options.conversations !== undefined)
    return E.right({ selection: { kind: 'ids', ids: options.conversations }, lookup, concurrency })
  if (options.users !== undefined) {
    if (listing === false)
      return refuse(
        `${source.provider} cannot list conversations, not even per user: give the conversation ids`,
        'selection',
      )
    if (options.users.length === 0) return refuse('the list of users is empty', 'selection')
    return E.right({ selection: { kind: 'users', users: options.users }, lookup, concurrency })
  }
  if (listing === 'all') return E.right({ selection: { kind: 'all' }, lookup, concurrency })
  if (listing === 'byUser')
    return refuse(
      `${source.provider} lists conversations per user: give the user ids (users) or the conversation ids`,
      'selection',
    )
  return refuse(`${source.provider} cannot list conversations: give the conversation ids`, 'selection')
}
