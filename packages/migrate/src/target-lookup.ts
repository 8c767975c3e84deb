/**
 * Finding the target conversation an earlier run made for a source conversation, without the
 * ledger: by the source ids stamped on it, through the user derived from the source customer.
 *
 * @module
 */
import type { ChatAdapter, ColloquyError, Conversation } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { SourceParties } from './drafts.js'
import type { TargetLookup } from './plan.js'
import { sourceKeys } from './source-keys.js'
import { conversationPages } from './walks.js'

/** Target conversations found for one source conversation (several only after an earlier fault). */
export interface FoundConversations {
  readonly ids: readonly string[]
}

const keyOf = (provider: unknown, conversationId: unknown) =>
  typeof provider === 'string' && typeof conversationId === 'string'
    ? `${provider}\u0000${conversationId}`
    : undefined

const stampOf = (conversation: Conversation) =>
  keyOf(conversation.metadata[sourceKeys.provider], conversation.metadata[sourceKeys.conversationId])

/** The ids of the target's conversations (of one user, or all) by their source stamp, or the listing's failure. */
const stampedIds = async (
  target: ChatAdapter,
  filter: Parameters<typeof conversationPages>[1],
): Promise<E.Either<ColloquyError, ReadonlyMap<string, readonly string[]>>> => {
  const byStamp = new Map<string, string[]>()
  for await (const page of conversationPages(target, filter)) {
    if (E.isLeft(page)) return page
    for (const conversation of page.right.items) {
      const stamp = stampOf(conversation)
      if (stamp !== undefined) byStamp.set(stamp, [...(byStamp.get(stamp) ?? []), conversation.id])
    }
  }
  return E.right(byStamp)
}

/**
 * A finder of target conversations by `lookup` (see {@link TargetLookup}). The `scan` lookup reads
 * the target's conversations once and answers every later question from that index; conversations
 * this run creates are in the ledger, which is asked first.
 */
export const createTargetFinder = (source: ChatAdapter, target: ChatAdapter, lookup: TargetLookup) => {
  let index: ReturnType<typeof stampedIds> | undefined
  return (parties: SourceParties): TE.TaskEither<ColloquyError, FoundConversations> => {
    const wanted = keyOf(source.provider, parties.conversation.id) ?? ''
    const found = (byStamp: ReadonlyMap<string, readonly string[]>): FoundConversations => ({
      ids: byStamp.get(wanted) ?? [],
    })
    switch (lookup) {
      case 'scan':
        return async () => {
          index ??= stampedIds(target, {})
          const scanned = await index
          // A failed scan is not kept: the next conversation tries again.
          if (E.isLeft(scanned)) index = undefined
          return E.map(found)(scanned)
        }
      case 'byExternalId':
        return async () => E.map(found)(await stampedIds(target, { externalId: parties.mainExternalId }))
      case 'byId':
        return pipe(
          target.conversations.get({ conversationId: parties.mainExternalId }),
          TE.map((conversation): FoundConversations => ({ ids: [conversation.id] })),
          TE.orElse(
            (error): TE.TaskEither<ColloquyError, FoundConversations> =>
              error._tag === 'NotFound' ? TE.right({ ids: [] }) : TE.left(error),
          ),
        )
    }
  }
}

/** Finds the target conversations of one source conversation; see {@link createTargetFinder}. */
export type TargetFinder = ReturnType<typeof createTargetFinder>
