/**
 * One source conversation's copy, in steps: continue from where the ledger says the copy stands
 * (or skip it when the source's listing shows nothing new), else read the source, find or create
 * the target, reconcile with what it holds, send each message once, report.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Task } from 'fp-ts/lib/Task.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { type CopyFailure, fromLedger, type RunContext } from './context.js'
import { copyMessages, type Prepared } from './copy-messages.js'
import type { LedgerPosition } from './ledger.js'
import { locateTarget } from './locate-target.js'
import { type ConversationReport, failReport, newReport, type WorkingReport } from './report.js'
import { readSource, type SourceConversation } from './source-conversation.js'
import { settledSummary } from './summary.js'
import type { TargetFinder } from './target-lookup.js'

/** The recorded position of a source conversation, unless the run reads everything from the start. */
const positionOf = (context: RunContext, sourceConversationId: string) => {
  const { ledger, scope } = context
  const lookup = ledger.position
  return context.full || lookup === undefined
    ? TE.right<CopyFailure, LedgerPosition | undefined>(undefined)
    : fromLedger(() => lookup(scope, sourceConversationId))
}

const copy =
  (
    context: RunContext,
    find: TargetFinder,
    item: SourceConversation,
    report: WorkingReport,
  ): TE.TaskEither<CopyFailure, void> =>
  async () => {
    const listedId = item.listed?.id ?? item.id
    // Taken before anything is read: messages arriving during the copy change it, never hide.
    const summary = item.listed && settledSummary(item.listed, context.now())
    const cached = context.prepared?.get(listedId)
    let preparing: Promise<E.Either<CopyFailure, Prepared>> | undefined
    const prepare = (): TE.TaskEither<CopyFailure, Prepared> => () => {
      if (cached?.view) {
        report.target = 'ledger'
        report.targetConversationId = cached.view.targetConversationId
        return Promise.resolve(E.right(cached))
      }
      preparing ??= pipe(
        readSource(context, item),
        TE.flatMap((parties) =>
          pipe(
            locateTarget(context, find, parties),
            TE.map((located): Prepared => {
              report.target = located.origin
              if (located.view) report.targetConversationId = located.view.targetConversationId
              else delete report.targetConversationId
              if (!located.view) return { parties }
              const prepared = { parties, view: located.view }
              context.prepared?.set(parties.conversation.id, prepared)
              return prepared
            }),
          ),
        ),
      )()
      return preparing
    }
    const done = TE.map((): void => undefined)

    const recorded = await positionOf(context, listedId)()
    if (E.isLeft(recorded)) return recorded
    const position = recorded.right
    if (position !== undefined) {
      report.target = 'ledger'
      report.targetConversationId = position.targetConversationId
      if (summary !== undefined && summary === position.summary) {
        report.walk = 'unchanged'
        return E.right(undefined)
      }
      if (position.cursor !== undefined) {
        report.walk = 'resumed'
        const resumed = await copyMessages(
          context,
          { conversationId: listedId, position, summary },
          prepare,
          report,
        )()
        if (E.isLeft(resumed) || resumed.right === 'done') return done(TE.fromEither(resumed))()
        // The ledger's target conversation is gone (another was found or made): copy it all there.
      }
    }
    report.walk = 'full'
    // The target first: a conversation without messages is still made.
    const ready = await prepare()()
    if (E.isLeft(ready)) return ready
    const conversationId = ready.right.parties.conversation.id
    // Ids given another way than the source's own (a Smooch userId): the position is under its own.
    if (position === undefined && conversationId !== listedId) {
      const own = await positionOf(context, conversationId)()
      if (E.isLeft(own)) return own
      if (
        own.right?.cursor !== undefined &&
        own.right.targetConversationId === ready.right.view?.targetConversationId
      ) {
        report.walk = 'resumed'
        return done(
          copyMessages(context, { conversationId, position: own.right, summary }, prepare, report),
        )()
      }
    }
    return done(copyMessages(context, { conversationId, summary }, prepare, report))()
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
    const copied = await copy(context, find, item, report)()
    if (E.isRight(copied)) return E.right(report)
    if (copied.left._tag === 'LedgerFailed') return E.left(copied.left.cause)
    if (copied.left.sourceMessageId !== undefined) context.counters.failed++
    failReport(report, copied.left.error, copied.left.sourceMessageId)
    return E.right(report)
  }
