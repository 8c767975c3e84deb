/**
 * Finding the target conversation an earlier run made for a source conversation, without the
 * ledger: by the source ids stamped on it, through the user derived from the source customer.
 *
 * @module
 */
import {
  type ChatAdapter,
  type ColloquyError,
  type Conversation,
  type FetchPage,
  walkPages,
} from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { SourceParties } from './drafts.js'
import type { TargetLookup } from './plan.js'
import { sourceKeys } from './source-keys.js'

/** Target conversations found for one source conversation (several only after an earlier fault). */
export interface FoundConversations {
  readonly ids: readonly string[]
  /** Whether they may hold other source conversations too (one conversation per customer). */
  readonly shared: boolean
}

const keyOf = (provider: unknown, conversationId: unknown) =>
  typeof provider === 'string' && typeof conversationId === 'string'
    ? `${provider}\u0000${conversationId}`
    : undefined

const stampOf = (conversation: Conversation) =>
  keyOf(conversation.metadata[sourceKeys.provider], conversation.metadata[sourceKeys.conversationId])

/** Every item of a listing, or its first failure. */
const listAll = async <A>(fetch: FetchPage<A>, provider: string): Promise<E.Either<ColloquyError, A[]>> => {
  const items: A[] = []
  for await (const page of walkPages(fetch, { provider, operation: 'conversations.list' })) {
    if (E.isLeft(page)) return page
    items.push(...page.right.items)
  }
  return E.right(items)
}

/**
 * A finder of target conversations by `lookup` (see {@link TargetLookup}). The `scan` lookup reads
 * the target's conversations once and answers every later question from that index; conversations
 * this run creates are in the ledger, which is asked first.
 */
export const createTargetFinder = (source: ChatAdapter, target: ChatAdapter, lookup: TargetLookup) => {
  let index: Promise<E.Either<ColloquyError, ReadonlyMap<string, readonly string[]>>> | undefined
  const scan = async () => {
    const all = await listAll((cursor) => target.conversations.list({ cursor, limit: 100 }), target.provider)
    return E.map((conversations: Conversation[]) => {
      const byStamp = new Map<string, string[]>()
      for (const conversation of conversations) {
        const stamp = stampOf(conversation)
        if (stamp !== undefined) byStamp.set(stamp, [...(byStamp.get(stamp) ?? []), conversation.id])
      }
      return byStamp as ReadonlyMap<string, readonly string[]>
    })(all)
  }
  return (parties: SourceParties): TE.TaskEither<ColloquyError, FoundConversations> => {
    const wanted = keyOf(source.provider, parties.conversation.id)
    switch (lookup) {
      case 'scan':
        return async () => {
          index ??= scan()
          const found = await index
          // A failed scan is not kept: the next conversation tries again.
          if (E.isLeft(found)) index = undefined
          return E.map((byStamp: ReadonlyMap<string, readonly string[]>) => ({
            ids: byStamp.get(wanted ?? '') ?? [],
            shared: false,
          }))(found)
        }
      case 'byExternalId':
        return async () =>
          E.map((conversations: Conversation[]) => ({
            ids: conversations.filter((c) => stampOf(c) === wanted).map((c) => c.id),
            shared: false,
          }))(
            await listAll(
              (cursor) =>
                target.conversations.list({ externalId: parties.mainExternalId, cursor, limit: 100 }),
              target.provider,
            ),
          )
      case 'byId':
        return pipe(
          target.conversations.get({ conversationId: parties.mainExternalId }),
          TE.map((conversation): FoundConversations => ({ ids: [conversation.id], shared: true })),
          TE.orElse(
            (error): TE.TaskEither<ColloquyError, FoundConversations> =>
              error._tag === 'NotFound' ? TE.right({ ids: [], shared: true }) : TE.left(error),
          ),
        )
    }
  }
}

/** Finds the target conversations of one source conversation; see {@link createTargetFinder}. */
export type TargetFinder = ReturnType<typeof createTargetFinder>
