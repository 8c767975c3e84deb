/**
 * `startSync`: keeps a target current with its source until the switch — a first pass (bulk or
 * delta), then copies of what arrives, told by webhooks (`notify`) or found by polling, through
 * the same ledger, one copy at a time per conversation.
 *
 * @module
 */
import type { InboundEvent } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import { type Counters, newCounters, type RunContext } from './context.js'
import { copyConversation } from './copy-conversation.js'
import type { Prepared } from './copy-messages.js'
import { type CopyOutcome, createCopyQueue } from './copy-queue.js'
import { createLagTracker } from './lag.js'
import { memoryLedger } from './ledger.js'
import type { MigrateOptions } from './options.js'
import { passReport, runPass } from './pass.js'
import { type Plan, planMigration } from './plan.js'
import { claimLedger, preflight } from './preflight.js'
import type { MigrationReport } from './report.js'
import { resolveSelection, type SourceStream } from './selection.js'
import type { SourceConversation } from './source-conversation.js'
import type { LiveTotals, SyncFailure, SyncReport, SyncStatus } from './sync-report.js'
import { createTargetFinder } from './target-lookup.js'
import { withConversations } from './with-conversations.js'

/** The options of {@link startSync}: those of `migrate`, but a dry run, and what following takes. */
export interface SyncOptions extends Omit<MigrateOptions, 'dryRun' | 'onProgress' | 'conversations'> {
  /** Source conversation ids (every pass reads them again, so an array). */
  readonly conversations?: readonly string[]
  /** Go on after the first pass (default `true`) until `signal` aborts or the sync is idle. */
  readonly follow?: boolean
  /**
   * Poll: a delta pass over the selection every this many ms (or what the function says, asked
   * before each wait) — for a source without webhooks. Each pass reads the source's listing and
   * only the conversations it shows changed (or, without a listing, each from its position).
   */
  readonly pollIntervalMs?: number | (() => number)
  /**
   * End once nothing new has arrived (no webhook event, no message copied) for this many ms and
   * no copy runs: a last pass then reads the selection once more, and the sync ends if it found
   * nothing. Without it the sync follows until `signal` aborts.
   */
  readonly untilIdleMs?: number
  /** The status after every copied message, event and pass (see also `Sync.status`). */
  readonly onProgress?: (status: SyncStatus) => void
}

/** A running sync. */
export interface Sync {
  /**
   * A webhook event of the source (from `createWebhookHandler`'s `onEvent`): a new message or
   * conversation gets its conversation copied from where it stands (whatever the event carries,
   * the source is read, so events out of order or twice copy nothing twice and skip nothing); a
   * participant joining refreshes the people the next copy uses. Resolves once the event is taken
   * — for a conversation not seen before, once it is copied, so it cannot be lost after the
   * webhook was answered. Other events are ignored.
   */
  readonly notify: (event: InboundEvent) => Promise<void>
  /** The status now: phase, totals, lag. */
  readonly status: () => SyncStatus
  /**
   * The cutover report, once the sync ends. Rejects before anything is written for what `migrate`
   * rejects for (the plan, the preflight, a ledger held by another run), and during the sync only
   * when the ledger fails.
   */
  readonly done: Promise<SyncReport>
}

/** Retries of a copy for a message a webhook named but the source did not list yet (eventual consistency). */
const eventRetryDelaysMs = [250, 1_000, 2_000, 4_000, 8_000]
/** Detail lines kept in the report. */
const keptDetails = 100

const wait = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms))
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done)
  })

const liveTotals = (counters: Counters, base: Counters, passes: number, events: number): LiveTotals => ({
  migrated: counters.migrated - base.migrated,
  skipped: counters.skipped - base.skipped,
  degraded: counters.degraded - base.degraded,
  failed: counters.failed - base.failed,
  passes,
  events,
})

/**
 * Starts a sync of `source` into `target`: the first pass copies the selection (continuing each
 * conversation from its recorded position, so after a bulk copy it reads only what is new), then,
 * while following, `notify` (webhooks) and polling (`pollIntervalMs`) copy what arrives. Every
 * copy of a conversation runs alone and continues from the ledger's position, so the bulk, delta
 * and live copies together put each message in the target once, in order.
 */
export const startSync = (options: SyncOptions): Sync => {
  const { source, target, signal } = options
  const startedAt = new Date()
  const ledger = options.ledger ?? memoryLedger()
  const scope = { sourceProvider: source.provider, targetProvider: target.provider }
  const counters = newCounters()
  const lag = createLagTracker(Date.now, startedAt.getTime())
  const prepared = new Map<string, Prepared>()
  const latest = new Map<string, MigrationReport['conversations'][number]>()
  const failures: SyncFailure[] = []
  let failureCount = 0
  const discovered = new Set<string>()
  const selected = new Set<string>(options.conversations ?? [])
  let phase: SyncStatus['phase'] = 'first pass'
  let firstPassBase = newCounters()
  let passes = 0
  let events = 0
  let lastArrival = Date.now()
  let currentTotal: () => number | undefined = () => undefined
  const eventCopies = new Set<Promise<void>>()
  let fatal: { readonly cause: unknown } | undefined

  const fail = (failure: SyncFailure) => {
    failureCount++
    if (failures.length < keptDetails) failures.push(failure)
  }

  const status = (): SyncStatus => {
    const first = phase === 'first pass' ? counters : firstPassBase
    const total = currentTotal()
    return {
      source: source.provider,
      target: target.provider,
      phase,
      firstPass: {
        conversations: first.conversations,
        conversationsDone: first.conversationsDone,
        ...(phase === 'first pass' && total !== undefined ? { conversationsTotal: total } : {}),
        messagesSeen: first.messagesSeen,
        migrated: first.migrated,
        skipped: first.skipped,
        failed: first.failed,
      },
      live: liveTotals(counters, phase === 'first pass' ? counters : firstPassBase, passes, events),
      lag: lag.figures(),
      copying: queue.busy(),
    }
  }
  const tell = () => options.onProgress?.(status())

  let context: RunContext | undefined
  let find: ReturnType<typeof createTargetFinder> | undefined
  const copyOne = async (item: SourceConversation): Promise<CopyOutcome> => {
    if (context === undefined || find === undefined || fatal !== undefined)
      return E.left(fatal?.cause ?? new Error('the sync is not running'))
    counters.conversations++
    const outcome = await copyConversation(context, find, item)()
    if (E.isLeft(outcome)) {
      fatal ??= { cause: outcome.left }
      return outcome
    }
    const report = outcome.right
    counters.conversationsDone++
    latest.set(report.sourceConversationId, report)
    if (report.status === 'failed') {
      // The next copy reads the source people and the target again.
      prepared.delete(report.sourceConversationId)
      for (const error of report.errors)
        fail({ stage: 'copy', sourceConversationId: report.sourceConversationId, ...error })
    }
    tell()
    return outcome
  }
  const queue = createCopyQueue(options.concurrency ?? 4, copyOne)

  /** The selection's stream for a pass, with the conversations webhooks named besides. */
  const streamFor = async (plan: Plan, first: boolean) => {
    const resolved = first
      ? await preflight(source, target, plan)()
      : await resolveSelection(source, plan.selection)()
    if (E.isLeft(resolved)) return resolved
    const stream: SourceStream = withConversations(
      resolved.right,
      () => [...discovered],
      (id) => selected.add(id),
    )
    return E.right(stream)
  }

  const pass = async (plan: Plan, first: boolean): Promise<MigrationReport> => {
    const begun = new Date()
    const before = { ...counters }
    const stream = await streamFor(plan, first)
    if (E.isLeft(stream)) {
      if (first) throw stream.left
      fail({ stage: 'listing', tag: stream.left.error?._tag ?? 'Error', message: stream.left.message })
      return passReport({
        source,
        target,
        dryRun: false,
        interrupted: false,
        startedAt: begun,
        counters: { ...newCounters() },
        result: { reports: [], errors: [] },
      })
    }
    currentTotal = stream.right.total
    const result = await runPass(
      stream.right,
      plan.concurrency,
      () => signal?.aborted === true,
      (item) => queue.request(item),
    )
    if (E.isLeft(result)) throw result.left
    for (const error of result.right.errors) fail({ ...error, stage: 'listing' })
    return passReport({
      source,
      target,
      dryRun: false,
      interrupted: signal?.aborted === true,
      startedAt: begun,
      counters: {
        conversations: result.right.reports.length,
        migrated: counters.migrated - before.migrated,
        skipped: counters.skipped - before.skipped,
        degraded: counters.degraded - before.degraded,
        failed: counters.failed - before.failed,
      },
      result: result.right,
    })
  }

  /** Whether the ledger has the message (a redelivered event, or one a copy beat): then it is no lag. */
  const copiedAlready = async (conversationId: string, messageId: string) => {
    const copied = await ledger.hasMessage(scope, conversationId, messageId).catch(() => false)
    if (copied) lag.drop(conversationId, messageId)
    return copied
  }

  /** Copies an event's conversation; retries while the message it named is not listed yet. */
  const copyFor = (conversationId: string, messageId: string | undefined): Promise<void> => {
    const copying = (async () => {
      for (let attempt = 0; ; attempt++) {
        await queue.request({ id: conversationId }, true)
        if (messageId === undefined || !lag.waiting(conversationId, messageId) || fatal !== undefined) return
        if (await copiedAlready(conversationId, messageId)) return
        const delay = eventRetryDelaysMs[attempt]
        if (delay === undefined || signal?.aborted) {
          lag.drop(conversationId, messageId)
          fail({
            stage: 'event',
            sourceConversationId: conversationId,
            sourceMessageId: messageId,
            tag: 'NotFound',
            message: `a webhook named message ${messageId}, which ${source.provider} did not list after ${attempt + 1} reads`,
          })
          return
        }
        await wait(delay, signal)
      }
    })()
    eventCopies.add(copying)
    void copying.then(() => eventCopies.delete(copying))
    return copying
  }

  let started: () => void = () => undefined
  const running = new Promise<void>((resolve) => {
    started = resolve
  })

  const notify = async (event: InboundEvent): Promise<void> => {
    await running
    const conversationId = event.conversationId
    if (conversationId === undefined || context === undefined || phase === 'done') return
    if (event.type === 'participant.joined' || event.type === 'participant.left') {
      prepared.delete(conversationId)
      return
    }
    if (event.type !== 'message.created' && event.type !== 'conversation.created') return
    events++
    lastArrival = Date.now()
    if (event.type === 'message.created') {
      // Noted before the ledger is asked: a copy that settles it meanwhile clears it either way.
      lag.noted(conversationId, event.message)
      if (await copiedAlready(conversationId, event.message.id)) return
    }
    tell()
    const known =
      selected.has(conversationId) ||
      discovered.has(conversationId) ||
      (await ledger.conversation(scope, conversationId)) !== undefined
    if (!known) discovered.add(conversationId)
    const copied = copyFor(conversationId, event.type === 'message.created' ? event.message.id : undefined)
    if (!known) await copied
  }

  const planOrThrow = () => {
    const plan = planMigration(options)
    if (E.isLeft(plan)) throw plan.left
    return plan.right
  }

  const run = async (): Promise<SyncReport> => {
    const plan = planOrThrow()
    const lease = await claimLedger(ledger, scope, false)()
    if (E.isLeft(lease)) throw lease.left
    try {
      find = createTargetFinder(source, target, plan.lookup)
      context = {
        source,
        target,
        ledger,
        scope,
        lookup: plan.lookup,
        dryRun: false,
        full: options.full === true,
        now: Date.now,
        ...(options.transform ? { transform: options.transform } : {}),
        ...(signal ? { signal } : {}),
        counters,
        progress: tell,
        observe: (step) => {
          lag.step(step)
          if (step.step === 'copied') lastArrival = Date.now()
        },
        prepared,
      }
      started()
      const firstPass = await pass(plan, true)
      firstPassBase = { ...counters }
      // A full first pass is done: later passes continue from positions.
      context = { ...context, full: false }
      const ended = await follow(plan)
      await Promise.all([queue.settled(), ...eventCopies])
      if (fatal !== undefined) throw fatal.cause
      phase = 'done'
      tell()
      const unresolved = [...latest.values()]
        .filter((report) => report.status === 'failed')
        .flatMap((report) =>
          report.errors.map(
            (error): SyncFailure => ({
              stage: 'copy',
              sourceConversationId: report.sourceConversationId,
              ...error,
            }),
          ),
        )
      return {
        source: source.provider,
        target: target.provider,
        startedAt,
        finishedAt: new Date(),
        ended,
        firstPass,
        live: liveTotals(counters, firstPassBase, passes, events),
        lag: lag.figures(),
        discovered: [...discovered].slice(0, keptDetails),
        discoveredCount: discovered.size,
        unresolved,
        failures,
        failureCount,
      }
    } finally {
      phase = 'done'
      started()
      if (E.isRight(lease) && lease.right) await lease.right.release()
      if (!options.ledger) await ledger.close()
    }
  }

  /** After the first pass: polls, waits for webhooks, and ends idle or when aborted. */
  const follow = async (plan: Plan): Promise<SyncReport['ended']> => {
    if (options.follow === false) return signal?.aborted ? 'interrupted' : 'done'
    phase = 'following'
    tell()
    const interval = () =>
      typeof options.pollIntervalMs === 'function' ? options.pollIntervalMs() : options.pollIntervalMs
    let nextPoll = interval()
    let polledAt = Date.now()
    lastArrival = Math.max(lastArrival, Date.now())
    for (;;) {
      if (signal?.aborted) return 'interrupted'
      if (fatal !== undefined) return 'interrupted'
      const now = Date.now()
      const pollIn = nextPoll === undefined ? Number.POSITIVE_INFINITY : polledAt + nextPoll - now
      const idleIn =
        options.untilIdleMs === undefined ? Number.POSITIVE_INFINITY : lastArrival + options.untilIdleMs - now
      if (pollIn <= 0) {
        passes++
        await pass(plan, false)
        polledAt = Date.now()
        nextPoll = interval()
        tell()
        continue
      }
      if (idleIn <= 0) {
        if (queue.busy() > 0 || eventCopies.size > 0) {
          await Promise.race([...(queue.busy() > 0 ? [queue.settled()] : []), ...eventCopies])
          continue
        }
        phase = 'last pass'
        passes++
        const copiedBefore = counters.migrated
        tell()
        await pass(plan, false)
        await queue.settled()
        if (counters.migrated === copiedBefore && queue.busy() === 0 && eventCopies.size === 0)
          return signal?.aborted ? 'interrupted' : 'idle'
        phase = 'following'
        continue
      }
      await wait(Math.min(pollIn, idleIn, 2_147_483_647), signal)
    }
  }

  const done = run()
  // Events before the sync runs wait for it; a sync that never runs lets them go.
  done.catch(() => started())
  return { notify, status, done }
}
