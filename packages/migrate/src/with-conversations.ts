/**
 * A pass's stream of source conversations with more after it: those a sync learnt of from
 * webhooks, which the selection (given ids, a user's conversations) does not name.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { SourceStream } from './selection.js'

/**
 * `stream`, then the ids of `more()` it did not yield (asked once the stream has ended). `seen` is
 * told of every id the stream yields.
 */
export const withConversations = (
  stream: SourceStream,
  more: () => readonly string[],
  seen: (id: string) => void,
): SourceStream => {
  const yielded = new Set<string>()
  let rest: string[] | undefined
  return {
    next: async () => {
      if (rest === undefined) {
        const next = await stream.next()
        if (next !== undefined) {
          if (E.isRight(next)) {
            yielded.add(next.right.id)
            seen(next.right.id)
          }
          return next
        }
        rest = more().filter((id) => !yielded.has(id))
      }
      const id = rest.shift()
      return id === undefined ? undefined : E.right({ id })
    },
    total: stream.total,
  }
}
