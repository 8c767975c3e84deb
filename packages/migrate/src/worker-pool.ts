/**
 * The workers of a run: they take source conversations from the stream, each one at a time.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { RunError } from './report.js'
import type { SourceStream } from './selection.js'
import type { SourceConversation } from './source-conversation.js'

/**
 * Hands every conversation of `stream` to `handle`, `concurrency` at a time, until the stream ends,
 * breaks off (its failure is returned as a {@link RunError}) or `stopped()` says so (checked
 * before each conversation; the ones in hand finish). Resolves once every worker is done.
 */
export const drain = async (
  stream: SourceStream,
  concurrency: number,
  stopped: () => boolean,
  handle: (item: SourceConversation) => Promise<void>,
): Promise<RunError[]> => {
  const errors: RunError[] = []
  const worker = async () => {
    while (!stopped()) {
      const next = await stream.next()
      if (next === undefined) return
      if (E.isLeft(next)) {
        errors.push({ stage: 'listing', tag: next.left._tag, message: next.left.message })
        return
      }
      await handle(next.right)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return errors
}
