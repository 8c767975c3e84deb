/**
 * `verifyMigration`: proves a migration — every source message in the target exactly once, in
 * order, showing the same text (or its degraded form).
 *
 * @module
 */
import type { Message } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import {
  type CopiedMessage,
  createComparison,
  type DifferenceCounts,
  noDifferences,
  shownText,
} from './compare-histories.js'
import { type CopyFailure, fromLedger, newCounters, type RunContext, stopped } from './context.js'
import type { SourceParties } from './drafts.js'
import { memoryLedger } from './ledger.js'
import { type Plan, planMigration } from './plan.js'
import { preflight } from './preflight.js'
import { copiedFrom, type TargetView } from './reconcile.js'
import type { RunError } from './report.js'
import type { SourceStream } from './selection.js'
import { readSource, type SourceConversation } from './source-conversation.js'
import { createTargetFinder, type TargetFinder } from './target-lookup.js'
import type { ConversationVerification, VerificationReport, VerifyOptions } from './verification-report.js'
import { messagePages } from './walks.js'
import { drain } from './worker-pool.js'

/** Every copy the target conversations hold of this source conversation, in target order. */
const readCopies =
  (context: RunContext, views: readonly TargetView[]): TE.TaskEither<CopyFailure, CopiedMessage[]> =>
  async () => {
    const { target } = context
    const forward = target.capabilities.messages.directions.includes('forward')
    const copies: CopiedMessage[] = []
    for (const view of views) {
      const pages: Message[][] = []
      for await (const page of messagePages(
        target,
        view.targetConversationId,
        forward ? 'forward' : 'backward',
      )) {
        if (E.isLeft(page)) return E.left(stopped(page.left))
        pages.push([...page.right.items])
      }
      // A backward walk gives the newest page first.
      for (const items of forward ? pages : pages.reverse())
        for (const message of items) {
          const sourceId = copiedFrom(context, view, message)
          if (sourceId !== undefined)
            copies.push({ sourceId, targetId: message.id, text: shownText(message.content) })
        }
    }
    return E.right(copies)
  }

/** The target conversations of a source conversation: the ledger's (when the target has it) and those found by their stamps. */
const targetsOf =
  (context: RunContext, find: TargetFinder, parties: SourceParties): TE.TaskEither<CopyFailure, string[]> =>
  async () => {
    const recorded = await fromLedger(() =>
      context.ledger.conversation(context.scope, parties.conversation.id),
    )()
    if (E.isLeft(recorded)) return recorded
    const found = await find(parties)()
    if (E.isLeft(found)) return E.left(stopped(found.left))
    const ids = [...found.right.ids]
    if (recorded.right !== undefined && !ids.includes(recorded.right)) {
      // Kept only if the target has it (an entry of another account's ledger is no evidence).
      const exists = await context.target.conversations.get({ conversationId: recorded.right })()
      if (E.isRight(exists)) ids.unshift(recorded.right)
      else if (exists.left._tag !== 'NotFound') return E.left(stopped(exists.left))
    }
    return E.right(ids)
  }

const verifyConversation =
  (context: RunContext, find: TargetFinder, item: SourceConversation) =>
  async (): Promise<ConversationVerification> => {
    const shared = context.lookup === 'byId'
    let targetIds: readonly string[] = []
    const checked = await pipe(
      readSource(context, item),
      TE.flatMap((parties) =>
        pipe(
          targetsOf(context, find, parties),
          TE.tap((ids) => {
            targetIds = ids
            return TE.right(undefined)
          }),
          TE.flatMap((ids) =>
            readCopies(
              context,
              ids.map((targetConversationId) => ({
                sourceConversationId: parties.conversation.id,
                targetConversationId,
                shared,
                known: new Set<string>(),
              })),
            ),
          ),
          TE.flatMap((copies) => async () => {
            const comparison = createComparison(copies, context.target.capabilities.messages.sendableContent)
            for await (const page of messagePages(context.source, parties.conversation.id, 'forward')) {
              if (E.isLeft(page)) return E.left(stopped(page.left))
              for (const message of page.right.items) comparison.add(message)
            }
            return E.right(comparison.finish())
          }),
        ),
      ),
    )()
    if (E.isLeft(checked)) {
      const error =
        checked.left._tag === 'Stopped'
          ? { tag: checked.left.error._tag, message: checked.left.error.message }
          : { tag: 'Ledger', message: String((checked.left.cause as Error)?.message ?? checked.left.cause) }
      return {
        sourceConversationId: item.id,
        targetConversationIds: targetIds,
        status: 'failed',
        messages: 0,
        differences: noDifferences(),
        details: [],
        error,
      }
    }
    const { messages, counts, details } = checked.right
    return {
      sourceConversationId: item.id,
      targetConversationIds: targetIds,
      status: Object.values(counts).some((count) => count > 0) ? 'differs' : 'verified',
      messages,
      differences: counts,
      details,
    }
  }

const runVerification =
  (options: VerifyOptions, context: RunContext, plan: Plan, stream: SourceStream) =>
  async (): Promise<E.Either<never, { conversations: ConversationVerification[]; errors: RunError[] }>> => {
    const find = createTargetFinder(context.source, context.target, plan.lookup)
    const conversations: ConversationVerification[] = []
    let started = 0
    let messages = 0
    let differences = 0
    const errors = await drain(
      stream,
      plan.concurrency,
      () => options.signal?.aborted === true,
      async (item) => {
        started++
        const verified = await verifyConversation(context, find, item)()
        context.ledger.release?.(context.scope, item.id)
        conversations.push(verified)
        messages += verified.messages
        differences += Object.values(verified.differences).reduce((sum, count) => sum + count, 0)
        const total = stream.total()
        options.onProgress?.({
          conversations: started,
          conversationsDone: conversations.length,
          ...(total === undefined ? {} : { conversationsTotal: total }),
          messages,
          differences,
        })
      },
    )
    return E.right({ conversations, errors })
  }

/**
 * Proves a migration from `source` to `target`, reading both and writing nothing: for each
 * selected source conversation (the same selection `migrate` takes) it finds the target
 * conversations (through the ledger, if given, and by the source ids stamped in the target) and
 * checks that every source message is there exactly once, in source order, showing the same text
 * — or, for content the target cannot take, the text `migrate` converts it to. Reports every
 * difference: `missing`, `duplicated`, `outOfOrder`, `changed`, and `unexpected` (a copy of a
 * message the source does not have). Rejects with a `MigrationPlanError` when the plan or the
 * preflight fails, as `migrate` does. A `transform.draft` that changes content shows as `changed`.
 */
export const verifyMigration = async (options: VerifyOptions): Promise<VerificationReport> => {
  const { source, target } = options
  const startedAt = new Date()
  const ledger = options.ledger ?? memoryLedger()
  const scope = { sourceProvider: source.provider, targetProvider: target.provider }
  const outcome = await pipe(
    TE.fromEither<Error, Plan>(planMigration({ ...options, verifying: true })),
    TE.flatMap((plan) =>
      pipe(
        preflight(source, target, plan),
        TE.flatMap((stream) => {
          const context: RunContext = {
            source,
            target,
            ledger,
            scope,
            lookup: plan.lookup,
            dryRun: true,
            // Verifying reads everything: it proves the whole history, not what came since.
            full: true,
            now: Date.now,
            ...(options.transform ? { transform: options.transform } : {}),
            counters: newCounters(),
            progress: () => undefined,
          }
          return runVerification(options, context, plan, stream)
        }),
      ),
    ),
  )()
  if (E.isLeft(outcome)) throw outcome.left
  const { conversations, errors } = outcome.right
  const differences = noDifferences()
  for (const conversation of conversations)
    for (const kind of Object.keys(differences) as (keyof DifferenceCounts)[])
      differences[kind] += conversation.differences[kind]
  return {
    source: source.provider,
    target: target.provider,
    interrupted: options.signal?.aborted === true,
    startedAt,
    finishedAt: new Date(),
    totals: {
      conversations: conversations.length,
      verified: conversations.filter((c) => c.status === 'verified').length,
      differing: conversations.filter((c) => c.status === 'differs').length,
      failed: conversations.filter((c) => c.status === 'failed').length,
      messages: conversations.reduce((sum, c) => sum + c.messages, 0),
      ...differences,
    },
    conversations,
    errors,
  }
}
