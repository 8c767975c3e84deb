/**
 * Finding or making the target conversation of a source conversation, reconciled with what it
 * already holds, so nothing is made or sent twice.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import {
  type CopyFailure,
  fromLedger,
  isAmbiguous,
  port,
  type RunContext,
  stopped,
  writeAttempts,
} from './context.js'
import { conversationDraft, type SourceParties } from './drafts.js'
import { reconcile, type TargetView } from './reconcile.js'
import type { ConversationReport } from './report.js'
import type { TargetFinder } from './target-lookup.js'

/** Creates the target conversation; after an ambiguous failure it looks first, so it is made once. */
const createTarget = (
  context: RunContext,
  find: TargetFinder,
  parties: SourceParties,
  attempt = 1,
): TE.TaskEither<CopyFailure, { readonly id: string; readonly found: boolean }> =>
  pipe(
    context.target.conversations.create(conversationDraft(context.source, parties)),
    TE.map((created) => ({ id: created.id, found: false })),
    TE.orElse((error) =>
      !isAmbiguous(error) || attempt >= writeAttempts
        ? TE.left(stopped(error))
        : pipe(
            port(find(parties)),
            TE.flatMap(({ ids: [id] }) =>
              id === undefined
                ? createTarget(context, find, parties, attempt + 1)
                : TE.right({ id, found: true }),
            ),
          ),
    ),
  )

/** The target conversation, found or made, reconciled with what it already holds. */
export interface Located {
  /** Absent in a dry run that would create the conversation. */
  readonly view?: TargetView
  readonly origin: NonNullable<ConversationReport['target']>
}

/**
 * The target conversation of `parties`: the one in the ledger (when the target still has it), else
 * one found in the target by its source stamps, else a new one. One that existed is reconciled.
 */
export const locateTarget =
  (context: RunContext, find: TargetFinder, parties: SourceParties): TE.TaskEither<CopyFailure, Located> =>
  async () => {
    const { ledger, scope } = context
    const sourceConversationId = parties.conversation.id
    const shared = context.lookup === 'byId'
    const viewOf = (targetConversationId: string): TargetView => ({
      sourceConversationId,
      targetConversationId,
      shared,
      known: new Set(),
    })
    const record = (targetConversationId: string) =>
      context.dryRun
        ? TE.right(undefined)
        : fromLedger(() =>
            ledger.record({ ...scope, kind: 'conversation', sourceConversationId, targetConversationId }),
          )

    const recorded = await fromLedger(() => ledger.conversation(scope, sourceConversationId))()
    if (E.isLeft(recorded)) return recorded
    if (recorded.right !== undefined) {
      const view = viewOf(recorded.right)
      const checked = await reconcile(context, view)()
      // A ledger entry whose conversation the target does not have (another account's ledger, a
      // deleted conversation) says nothing: look the conversation up as if unrecorded.
      const stale =
        E.isLeft(checked) && checked.left._tag === 'Stopped' && checked.left.error._tag === 'NotFound'
      if (!stale) return E.map((): Located => ({ view, origin: 'ledger' }))(checked)
    }
    const found = await find(parties)()
    if (E.isLeft(found)) return E.left(stopped(found.left))
    const [existing] = found.right.ids
    // Recorded before reconciling: the ledger then counts only what this conversation holds, not
    // what a stale entry's conversation held.
    if (existing !== undefined) {
      const view = viewOf(existing)
      return pipe(
        record(existing),
        TE.flatMap(() => reconcile(context, view)),
        TE.map((): Located => ({ view, origin: 'found' })),
      )()
    }
    if (context.dryRun) return E.right({ origin: 'toCreate' })
    return pipe(
      createTarget(context, find, parties),
      TE.flatMap(({ id, found: wasThere }) =>
        pipe(
          record(id),
          // Found after an ambiguous create: it may already hold messages.
          TE.flatMap(() => (wasThere ? reconcile(context, viewOf(id)) : TE.right(false))),
          TE.map((): Located => ({ view: viewOf(id), origin: wasThere ? 'found' : 'created' })),
        ),
      ),
    )()
  }
