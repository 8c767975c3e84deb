/**
 * `migrate`: copies conversations, participants and messages from one adapter to another, exactly
 * once across crashes, re-runs and lost ledgers.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { newCounters, type RunContext } from './context.js'
import { copyConversation } from './copy-conversation.js'
import { memoryLedger } from './ledger.js'
import type { MigrateOptions } from './options.js'
import { type PassResult, passReport, runPass } from './pass.js'
import { type Plan, planMigration } from './plan.js'
import { claimConversation, claimLedger, preflight, releaseClaim, withClaim } from './preflight.js'
import { busyReport, type MigrationReport } from './report.js'
import type { SourceStream } from './selection.js'
import { createTargetFinder } from './target-lookup.js'

/** Copies every conversation of the stream; a ledger failure stops the run and is the Left. */
const runWorkers =
  (options: MigrateOptions, context: RunContext, plan: Plan, stream: SourceStream) =>
  (): Promise<E.Either<unknown, PassResult>> => {
    const find = createTargetFinder(context.source, context.target, plan.lookup)
    const { counters, ledger, scope } = context
    return runPass(
      stream,
      plan.concurrency,
      () => options.signal?.aborted === true,
      async (item) => {
        counters.conversations++
        const claimed = await claimConversation(ledger, scope, item.id, context.dryRun)()
        const outcome = E.isLeft(claimed)
          ? claimed
          : claimed.right === 'busy'
            ? E.right(busyReport(item.id))
            : await withClaim(claimed.right, copyConversation(context, find, item))()
        // Done with it for this run: the ledger may free what it holds for it.
        ledger.release?.(scope, item.id)
        if (E.isRight(outcome)) {
          counters.conversationsDone++
          context.progress()
        }
        return outcome
      },
    )
  }

/**
 * Copies history from `source` to `target`, in steps: the plan is checked against both adapters'
 * capabilities, then a preflight claims the ledger, reads the target once (its credentials and
 * URL) and resolves the source conversations to copy — a failure of any of these rejects with a
 * {@link MigrationPlanError} (or a `LedgerError`) before anything is written. Conversations then
 * run in parallel up to `concurrency`; each finds its target conversation (in the ledger, else by
 * the source ids stamped on it), reconciles with the messages the target already holds, and sends
 * the rest oldest first, each once, streaming page by page. A conversation stops at its first
 * message that fails for good, so a re-run continues in order; its report says why. Rejects
 * during the run only when the ledger fails (nothing more could be recorded).
 */
export const migrate = async (options: MigrateOptions): Promise<MigrationReport> => {
  const { source, target } = options
  const startedAt = new Date()
  const ledger = options.ledger ?? memoryLedger()
  const scope = { sourceProvider: source.provider, targetProvider: target.provider }
  const dryRun = options.dryRun === true
  const counters = newCounters()
  const contextFor = (plan: Plan, stream: SourceStream): RunContext => ({
    source,
    target,
    ledger,
    scope,
    lookup: plan.lookup,
    dryRun,
    full: options.full === true,
    now: Date.now,
    ...(options.transform ? { transform: options.transform } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    counters,
    progress: (current) => {
      const total = stream.total()
      options.onProgress?.({
        ...counters,
        ...(total === undefined ? {} : { conversationsTotal: total }),
        ...(current === undefined ? {} : { current }),
      })
    },
  })
  const outcome = await pipe(
    TE.fromEither<unknown, Plan>(planMigration(options)),
    TE.flatMap((plan) =>
      TE.bracketW(
        claimLedger(ledger, scope, dryRun),
        () =>
          pipe(
            preflight(source, target, plan),
            TE.flatMap((stream) => runWorkers(options, contextFor(plan, stream), plan, stream)),
          ),
        releaseClaim,
      ),
    ),
  )()
  if (!options.ledger) await ledger.close()
  if (E.isLeft(outcome)) throw outcome.left
  return passReport({
    source,
    target,
    dryRun,
    interrupted: options.signal?.aborted === true,
    startedAt,
    counters,
    result: outcome.right,
  })
}
