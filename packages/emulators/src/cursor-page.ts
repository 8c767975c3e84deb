/**
 * Sunshine-style cursor pages: `page[after]` / `page[before]` name an item id; `meta.hasMore`
 * refers to the direction being paged; `afterCursor` / `beforeCursor` (and `links.next` /
 * `links.prev`) appear only when there is such a page.
 *
 * @module
 */

export interface CursorPageInput<T> {
  /** Items in list order; ids increase along it (ObjectId-like), so a deleted id still has a place. */
  readonly items: readonly T[]
  readonly idOf: (item: T) => string
  readonly after?: string
  readonly before?: string
  readonly size: number
  /** Without a cursor: the first page (`false`) or the last one, as ListMessages does (`true`). */
  readonly startAtEnd: boolean
  /** The URL of this list without page parameters, for `links`. */
  readonly url: string
}

export interface CursorPage<T> {
  readonly items: readonly T[]
  readonly meta: { readonly hasMore: boolean; readonly afterCursor?: string; readonly beforeCursor?: string }
  readonly links: { readonly next?: string; readonly prev?: string }
}

/** Index of the first item whose id is not below `id`. */
const positionOf = <T>(items: readonly T[], idOf: (item: T) => string, id: string): number => {
  let low = 0
  let high = items.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (idOf(items[middle] as T) < id) low = middle + 1
    else high = middle
  }
  return low
}

export const cursorPage = <T>(input: CursorPageInput<T>): CursorPage<T> => {
  const { items, idOf, size } = input
  let start: number
  let end: number
  if (input.after !== undefined) {
    const position = positionOf(items, idOf, input.after)
    start = position < items.length && idOf(items[position] as T) === input.after ? position + 1 : position
    end = Math.min(items.length, start + size)
  } else if (input.before !== undefined || input.startAtEnd) {
    end = input.before === undefined ? items.length : positionOf(items, idOf, input.before)
    start = Math.max(0, end - size)
  } else {
    start = 0
    end = Math.min(items.length, size)
  }
  const page = items.slice(start, end)
  const first = page[0]
  const last = page.at(-1)
  const olderExist = start > 0 && first !== undefined
  const newerExist = end < items.length && last !== undefined
  const link = (key: string, id: string) =>
    `${input.url}?${encodeURIComponent(key)}=${encodeURIComponent(id)}`
  return {
    items: page,
    meta: {
      hasMore:
        input.after !== undefined
          ? newerExist
          : input.before !== undefined || input.startAtEnd
            ? olderExist
            : newerExist,
      ...(newerExist ? { afterCursor: idOf(last) } : {}),
      ...(olderExist ? { beforeCursor: idOf(first) } : {}),
    },
    links: {
      ...(newerExist ? { next: link('page[after]', idOf(last)) } : {}),
      ...(olderExist ? { prev: link('page[before]', idOf(first)) } : {}),
    },
  }
}
