/**
 * @module
 */

/**
 * `items` as they are when every neighbour pair is in order (one pass, no copy: vendor pages
 * normally come sorted), else a stably sorted copy, so ties keep the vendor's order.
 *
 * @param inOrder whether `earlier` may stand before `later` (cheap: it runs for every pair)
 * @param compare the full comparison, used only when a pair is out of order
 */
export const sortIfUnsorted = <A>(
  items: readonly A[],
  inOrder: (earlier: A, later: A) => boolean,
  compare: (a: A, b: A) => number,
): readonly A[] => {
  for (let index = 1; index < items.length; index++)
    if (!inOrder(items[index - 1] as A, items[index] as A)) return [...items].sort(compare)
  return items
}

/** {@link sortIfUnsorted} by a number, e.g. a message's timestamp. */
export const sortByNumber = <A>(items: readonly A[], key: (item: A) => number): readonly A[] =>
  sortIfUnsorted(
    items,
    (earlier, later) => key(earlier) <= key(later),
    (a, b) => key(a) - key(b),
  )
