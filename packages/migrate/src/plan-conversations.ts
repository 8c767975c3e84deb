/**
 * The source conversations a migration would copy, for running it elsewhere (queued for workers).
 *
 * @module
 */
import { ColloquyException } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { MigrateOptions } from './options.js'
import { planMigration } from './plan.js'
import { preflight } from './preflight.js'

/**
 * Runs the plan and preflight of {@link migrate} — capabilities, both ends' credentials and
 * reachability, the selection — and resolves with the ids of the source conversations it would
 * copy, streamed (a listing is read page by page as they are taken). Rejects with a
 * `MigrationPlanError` before anything is written; a listing that breaks off later throws a
 * `ColloquyException` from the iteration.
 */
export const planConversations = async (
  options: Pick<MigrateOptions, 'source' | 'target' | 'conversations' | 'users'>,
): Promise<AsyncIterable<string>> => {
  const stream = await pipe(
    TE.fromEither(planMigration(options)),
    TE.flatMap((plan) => preflight(options.source, options.target, plan)),
  )()
  if (E.isLeft(stream)) throw stream.left
  const conversations = stream.right
  return (async function* () {
    for (;;) {
      const next = await conversations.next()
      if (next === undefined) return
      if (E.isLeft(next)) throw new ColloquyException(next.left)
      yield next.right.id
    }
  })()
}
