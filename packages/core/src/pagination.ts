/**
 * Pages and the helpers that walk them.
 *
 * @module
 */
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { type ColloquyError, ColloquyException } from './errors.js'

/**
 * One page of a list. `nextCursor` is opaque (made by the adapter); its absence means this is the
 * last page.
 */
export interface Page<A> {
  readonly items: readonly A[]
  readonly nextCursor?: string
}

/**
 * Walks every page of a list method, yielding items in page order, one request per page and only
 * as fast as the consumer reads. Throws {@link ColloquyException} on a `Left`.
 *
 * @example
 * for await (const message of paginate((cursor) =>
 *   adapter.messages.list({ conversationId, cursor, direction: 'forward' }))) { … }
 */
export async function* paginate<A>(
  fetchPage: (cursor?: string) => TaskEither<ColloquyError, Page<A>>,
): AsyncGenerator<A, void, undefined> {
  let cursor: string | undefined
  do {
    const result = await fetchPage(cursor)()
    if (result._tag === 'Left') throw new ColloquyException(result.left)
    yield* result.right.items
    // A page pointing at itself would loop forever; an adapter bug must not hang the caller.
    if (result.right.nextCursor !== undefined && result.right.nextCursor === cursor) {
      throw new Error(`paginate: the adapter returned cursor '${cursor}' for the page it came from`)
    }
    cursor = result.right.nextCursor
  } while (cursor !== undefined)
}

/** Gathers every item of an async iterable into an array, in order. */
export const collect = async <A>(iterable: AsyncIterable<A>): Promise<A[]> => {
  const items: A[] = []
  for await (const item of iterable) items.push(item)
  return items
}
