/**
 * One source conversation's copy, in steps: read the source, find or create the target,
 * reconcile with what the target holds, send each message once, report.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Task } from 'fp-ts/lib/Task.js'
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
import { conversationDraft, messageDraft, type SourceParties } from './drafts.js'
import { reconcile, type TargetView } from './reconcile.js'
import { type ConversationReport, failReport, newReport, noteDegraded, type WorkingReport } from './report.js'
import { sendOnce } from './send.js'
import { readSource, type SourceConversation } from './source-conversation.js'
import type { TargetFinder } from './target-lookup.js'
import { messagePages } from './walks.js'

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
interface Located {
  readonly view?: TargetView
  readonly origin: NonNullable<ConversationReport['target']>
}

const locateTarget =
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
    if (existing !== undefined) {
      const view = viewOf(existing)
      return pipe(
        reconcile(context, view),
        TE.flatMap(() => record(existing)),
        TE.map((): Located => ({ view, origin: 'found' })),
      )()
    }
    if (context.dryRun) return E.right({ origin: 'toCreate' })
    return pipe(
      createTarget(context, find, parties),
      TE.flatMap(({ id, found: wasThere }) =>
        pipe(
          // Found after an ambiguous create: it may already hold messages.
          wasThere ? reconcile(context, viewOf(id)) : TE.right(false),
          TE.flatMap(() => record(id)),
          TE.map((): Located => ({ view: viewOf(id), origin: wasThere ? 'found' : 'created' })),
        ),
      ),
    )()
  }

/** Streams the source messages oldest first and sends each one the target does not hold yet. */
const copyMessages =
  (
    context: RunContext,
    parties: SourceParties,
    view: TargetView | undefined,
    report: WorkingReport,
  ): TE.TaskEither<CopyFailure, void> =>
  async () => {
    const { source, ledger, scope, counters } = context
    const sourceConversationId = parties.conversation.id
    for await (const page of messagePages(source, sourceConversationId, 'forward')) {
      if (E.isLeft(page)) return E.left(stopped(page.left))
      counters.messagesSeen += page.right.items.length
      for (const message of page.right.items) {
        const known = view?.known.has(message.id)
          ? E.right(true)
          : await fromLedger(() => ledger.hasMessage(scope, sourceConversationId, message.id))()
        if (E.isLeft(known)) return known
        if (known.right) {
          report.messages.skipped++
          counters.skipped++
          continue
        }
        if (context.signal?.aborted) {
          report.status = 'interrupted'
          return E.right(undefined)
        }
        const { draft, degraded } = messageDraft(context, parties, message, context.lookup === 'byId')
        if (view !== undefined && !context.dryRun) {
          const sent = await sendOnce(context, view, message.id, draft)()
          if (E.isLeft(sent)) return sent
        }
        if (degraded !== undefined) {
          noteDegraded(report, message.id, degraded)
          counters.degraded++
        }
        report.messages.migrated++
        counters.migrated++
        context.progress(sourceConversationId)
      }
    }
    return E.right(undefined)
  }

/**
 * Copies one source conversation. Never fails but for the ledger: a conversation that stops
 * (a failed read or write) is reported `failed` with its error, and a re-run continues it.
 */
export const copyConversation =
  (
    context: RunContext,
    find: TargetFinder,
    item: SourceConversation,
  ): Task<E.Either<unknown, ConversationReport>> =>
  async () => {
    const report = newReport(item.id)
    const copied = await pipe(
      readSource(context, item),
      TE.flatMap((parties) =>
        pipe(
          locateTarget(context, find, parties),
          TE.tap((located) => {
            report.target = located.origin
            if (located.view) report.targetConversationId = located.view.targetConversationId
            return copyMessages(context, parties, located.view, report)
          }),
        ),
      ),
    )()
    if (E.isRight(copied)) return E.right(report)
    if (copied.left._tag === 'LedgerFailed') return E.left(copied.left.cause)
    if (copied.left.sourceMessageId !== undefined) context.counters.failed++
    failReport(report, copied.left.error, copied.left.sourceMessageId)
    return E.right(report)
  }
