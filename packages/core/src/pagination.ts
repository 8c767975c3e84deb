/**
 * Pages and the helpers that walk them.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { type ColloquyError, ColloquyException, decodeError } from './errors.js'

/**
 * One page of a list. `nextCursor` is opaque (made by the adapter); its absence means this is the
 * last page.
 */
export interface Page<A> {
  readonly items: readonly A[]
  readonly nextCursor?: string
  /**
   * Forward message pages, where the adapter can make one: a cursor placed right after this page's
   * last item (or where the request's cursor stood, for an empty page) that stays valid as new
   * items arrive. Unlike `nextCursor` it is there on the last page too, so a later
   * `messages.list({ cursor: resumeCursor, direction: 'forward' })` returns exactly what came after:
   * the position a delta copy keeps.
   */
  readonly resumeCursor?: string
}

/** Reads the page at `cursor` (the first page when `undefined`). */
export type FetchPage<A> = (cursor?: string) => TaskEither<ColloquyError, Page<A>>

/** Bounds of a page walk, and the names its `Decode` error carries when a walk is cut short. */
export interface WalkOptions {
  /**
   * Pages read at most; a walk that still has a `nextCursor` after this many ends with a `Decode`
   * error. Default 100,000 (10 million items at 100 per page).
   */
  readonly maxPages?: number
  /** Provider named in the error of a cut-short walk. Default `'unknown'`. */
  readonly provider?: string
  /** Operation named in the error of a cut-short walk, e.g. `'messages.list'`. Default `'paginate'`. */
  readonly operation?: string
}

/** The default {@link WalkOptions.maxPages}. */
export const defaultMaxPages = 100_000

/** A cursor shown in an error: long adapter cursors are cut, so messages stay one line. */
const shown = (cursor: string) => (cursor.length > 60 ? `${cursor.slice(0, 57)}…` : cursor)

const cutShort = (options: WalkOptions, issue: string, message: string): ColloquyError => {
  const operation = options.operation ?? 'paginate'
  return decodeError({
    provider: options.provider ?? 'unknown',
    operation,
    issues: [`nextCursor: ${issue}`],
    message: `${operation}: ${message}`,
  })
}

/**
 * Walks every page of a list method as values: yields `Right(page)` for each page in order, one
 * request per page and only as fast as the consumer reads, and ends after at most one `Left`.
 * It never throws and never rejects. The `Left` is the failed page's error, or a `Decode` error
 * when the walk cannot be trusted to end: a `nextCursor` that was already used (a cycle, or a page
 * pointing at itself — message "paging repeated cursor … after N pages"), or more than
 * `maxPages` pages. The page carrying the bad cursor is yielded before the `Left`; remembering
 * used cursors costs one string per page.
 *
 * @example
 * for await (const page of walkPages((cursor) =>
 *   adapter.messages.list({ conversationId, cursor, direction: 'forward' }))) {
 *   if (E.isLeft(page)) return page // the error, as a value
 *   for (const message of page.right.items) { … }
 * }
 */
export async function* walkPages<A>(
  fetchPage: FetchPage<A>,
  options: WalkOptions = {},
): AsyncGenerator<E.Either<ColloquyError, Page<A>>, void, undefined> {
  const maxPages = options.maxPages ?? defaultMaxPages
  const used = new Set<string>()
  let cursor: string | undefined
  for (let pages = 1; ; pages++) {
    const result = await fetchPage(cursor)()
    yield result
    if (E.isLeft(result)) return
    const next = result.right.nextCursor
    if (next === undefined) return
    if (cursor !== undefined) used.add(cursor)
    if (next === cursor || used.has(next)) {
      yield E.left(
        cutShort(
          options,
          `repeats '${shown(next)}'`,
          `paging repeated cursor '${shown(next)}' after ${pages} pages; the list would never end`,
        ),
      )
      return
    }
    if (pages >= maxPages) {
      yield E.left(
        cutShort(
          options,
          `still present after ${pages} pages`,
          `paging went past ${maxPages} pages without reaching the end`,
        ),
      )
      return
    }
    cursor = next
  }
}

/**
 * Walks every page of a list method, yielding items in page order, one request per page and only
 * as fast as the consumer reads. Throws {@link ColloquyException} on a `Left`, including the
 * `Decode` error of a walk that cannot end (see {@link walkPages}, whose bounds it shares).
 *
 * @example
 * for await (const message of paginate((cursor) =>
 *   adapter.messages.list({ conversationId, cursor, direction: 'forward' }))) { … }
 */
export async function* paginate<A>(
  fetchPage: FetchPage<A>,
  options?: WalkOptions,
): AsyncGenerator<A, void, undefined> {
  for await (const page of walkPages(fetchPage, options)) {
    if (E.isLeft(page)) throw new ColloquyException(page.left)
    yield* page.right.items
  }
}

/** Gathers every item of an async iterable into an array, in order. */
export const collect = async <A>(iterable: AsyncIterable<A>): Promise<A[]> => {
  const items: A[] = []
  for await (const item of iterable) items.push(item)
  return items
}
