/**
 * The messages of one source conversation, streamed oldest first from its start or from where an
 * earlier copy stopped, each sent once; where the copy stands is recorded after every page.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { type CopyFailure, fromLedger, type RunContext, stopped } from './context.js'
import { messageDraft, type SourceParties } from './drafts.js'
import type { LedgerPosition } from './ledger.js'
import type { TargetView } from './reconcile.js'
import { noteDegraded, type WorkingReport } from './report.js'
import { sendOnce } from './send.js'
import { messagePages } from './walks.js'

/** The source conversation's people and its target, ready for messages to be sent. */
export interface Prepared {
  readonly parties: SourceParties
  /** Absent in a dry run that would create the target conversation. */
  readonly view?: TargetView
}

/** Where a walk starts. */
export interface WalkStart {
  /** The source conversation to read. */
  readonly conversationId: string
  /** Continue after this recorded position (its cursor); absent: from the first message. */
  readonly position?: LedgerPosition
  /** The conversation's settled listed summary, recorded with the position once the walk reaches the end. */
  readonly summary?: string
}

/** How a walk ended: `restart` when the target prepared is not the one the position belongs to. */
export type WalkEnd = 'done' | 'restart'

const samePosition = (a: LedgerPosition, b: LedgerPosition | undefined) =>
  b !== undefined &&
  a.targetConversationId === b.targetConversationId &&
  a.lastSourceMessageId === b.lastSourceMessageId &&
  a.cursor === b.cursor &&
  a.summary === b.summary

/**
 * Streams the source messages oldest first and sends each one the target does not hold yet. The
 * target is prepared (`prepare`: read the source people, find the target, reconcile) only at the
 * first message, so a conversation with nothing new costs one read. After each page the position
 * is recorded: the last message settled and the page's `resumeCursor`, and, at the end of the
 * history, the summary the copy began with.
 */
export const copyMessages =
  (
    context: RunContext,
    start: WalkStart,
    prepare: () => TE.TaskEither<CopyFailure, Prepared>,
    report: WorkingReport,
  ): TE.TaskEither<CopyFailure, WalkEnd> =>
  async () => {
    const { source, ledger, scope, counters } = context
    const sourceConversationId = start.conversationId
    let ready: Prepared | undefined
    let recorded = start.position
    let last = start.position?.lastSourceMessageId
    for await (const page of messagePages(source, sourceConversationId, 'forward', start.position?.cursor)) {
      if (E.isLeft(page)) return E.left(stopped(page.left))
      const { items, nextCursor, resumeCursor } = page.right
      counters.messagesSeen += items.length
      for (const message of items) context.observe?.({ sourceConversationId, message, step: 'read' })
      for (const message of items) {
        if (ready === undefined) {
          const prepared = await prepare()()
          if (E.isLeft(prepared)) return prepared
          ready = prepared.right
          if (start.position && ready.view?.targetConversationId !== start.position.targetConversationId)
            return E.right('restart')
        }
        const view = ready.view
        const known = view?.known.has(message.id)
          ? E.right(true)
          : await fromLedger(() => ledger.hasMessage(scope, sourceConversationId, message.id))()
        if (E.isLeft(known)) return known
        if (known.right) {
          report.messages.skipped++
          counters.skipped++
          last = message.id
          context.observe?.({ sourceConversationId, message, step: 'skipped' })
          continue
        }
        if (context.signal?.aborted) {
          report.status = 'interrupted'
          return E.right('done')
        }
        const { draft, degraded } = messageDraft(context, ready.parties, message, context.lookup === 'byId')
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
        last = message.id
        context.observe?.({ sourceConversationId, message, step: 'copied' })
        context.progress(sourceConversationId)
      }
      const target =
        ready === undefined ? start.position?.targetConversationId : ready.view?.targetConversationId
      if (context.dryRun || target === undefined || last === undefined) continue
      // An empty page stands where it was asked: its cursor, or the one recorded.
      const cursor = items.length > 0 ? resumeCursor : (resumeCursor ?? recorded?.cursor)
      const position: LedgerPosition = {
        targetConversationId: target,
        lastSourceMessageId: last,
        ...(cursor === undefined ? {} : { cursor }),
        // Only at the end: an unchanged summary then proves the whole history is in the target.
        ...(nextCursor === undefined && start.summary !== undefined ? { summary: start.summary } : {}),
      }
      if (samePosition(position, recorded)) continue
      const written = await fromLedger(() =>
        ledger.record({ ...scope, kind: 'position', sourceConversationId, ...position }),
      )()
      if (E.isLeft(written)) return written
      recorded = position
    }
    return E.right('done')
  }
