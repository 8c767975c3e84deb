/**
 * The bound on the adapter's own walks over vendor pages (the forward walk back to the oldest
 * message page, the participant list): a server whose pages never end, or that hands out a cursor
 * twice, ends the walk with a `Decode` error saying so, instead of requests without end.
 *
 * @module
 */
import { type ColloquyError, decodeError } from '@colloquy/core'

/** Where a walk stands; `step` checks the next cursor before it is followed. */
export interface WalkGuard {
  /** `undefined` to go on to `cursor`, or the error that ends the walk. */
  readonly step: (cursor: string) => ColloquyError | undefined
}

/**
 * A guard for one walk of at most `maximumPages` requests, the first included. `why` says where
 * the bound comes from, for the error message.
 */
export const walkGuard = (
  provider: string,
  operation: string,
  field: string,
  maximumPages: number,
  why: string,
): WalkGuard => {
  const followed = new Set<string>()
  const fail = (issue: string, message: string) =>
    decodeError({
      provider,
      operation,
      issues: [`${field}: ${issue}`],
      message: `${operation}: ${message}`,
    })
  return {
    step: (cursor) => {
      if (followed.has(cursor))
        return fail(
          'a cursor already followed',
          `the vendor handed out the same ${field} twice in one walk; stopped instead of looping`,
        )
      // The first page took a request without a cursor.
      if (followed.size + 1 >= maximumPages)
        return fail(
          `still more pages after ${maximumPages}`,
          `the vendor's pages did not end within ${maximumPages} pages (${why}); stopped`,
        )
      followed.add(cursor)
      return undefined
    },
  }
}
