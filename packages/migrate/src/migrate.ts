/**
 * `migrate`: copies conversations, participants and messages from one adapter to another, exactly
 * once across crashes and re-runs.
 *
 * @module
 */
import {
  type ChatAdapter,
  type ColloquyError,
  ColloquyException,
  type Conversation,
  type DraftAuthor,
  type Message,
  type MessageDraft,
  type Page,
  type Participant,
  type ParticipantDraft,
  paginate,
} from '@colloquy/core'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { convertContent } from './content.js'
import { type Ledger, type LedgerScope, memoryLedger } from './ledger.js'
import { planMigration } from './plan.js'
import type { ConversationReport, MigrationProgress, MigrationReport } from './report.js'

/** Metadata keys the engine writes on every target message (and conversation). */
export const sourceKeys = {
  provider: 'colloquy.sourceProvider',
  conversationId: 'colloquy.sourceConversationId',
  messageId: 'colloquy.sourceMessageId',
  authorRole: 'colloquy.sourceAuthorRole',
  authorId: 'colloquy.sourceAuthorId',
  authorName: 'colloquy.sourceAuthorName',
  createdAt: 'colloquy.sourceCreatedAt',
  degraded: 'colloquy.degraded',
} as const

/** Hooks to change how source people and messages appear in the target. */
export interface MigrationTransform {
  /** The target user's `externalId` for a source customer. Default `<source provider>:<user id>`. */
  readonly externalId?: (participant: Participant, conversation: Conversation) => string
  /** Last word on each draft before it is sent (e.g. to rename agents or add metadata). */
  readonly draft?: (draft: MessageDraft, source: Message) => MessageDraft
}

export interface MigrateOptions {
  readonly source: ChatAdapter
  readonly target: ChatAdapter
  /** Source conversation ids to copy; needed when the source cannot list (Smooch v1). */
  readonly conversations?: readonly string[] | AsyncIterable<string>
  /** Source user ids whose conversations to copy; needed when the source lists per user (Sunshine). */
  readonly users?: readonly string[]
  /** Where progress is recorded. Default: a memory ledger (no resumption). */
  readonly ledger?: Ledger
  /** Conversations copied at once. Default 4. Messages within one are always in order. */
  readonly concurrency?: number
  /** Read everything, write nothing, report what would happen. */
  readonly dryRun?: boolean
  readonly transform?: MigrationTransform
  /** Called after every message and conversation with the running totals. */
  readonly onProgress?: (progress: MigrationProgress) => void
  /** Stops cleanly: sends in flight finish and are recorded; the report says `interrupted`. */
  readonly signal?: AbortSignal
}

/** Errors that may mean the target stored the message anyway (its answer was lost or garbled). */
const ambiguous = (error: ColloquyError) =>
  error._tag === 'Network' || error._tag === 'Decode' || (error._tag === 'Http' && error.status >= 500)

/** How often an ambiguous send is re-checked and re-sent before the conversation stops. */
const resendAttempts = 3
/** Detail lines kept per conversation in the report (counts are always complete). */
const detailLimit = 50

/** A conversation's report while it is being copied. */
interface WorkingReport {
  sourceConversationId: string
  targetConversationId: string | undefined
  status: ConversationReport['status']
  messages: { migrated: number; skipped: number; degraded: number; failed: number }
  degraded: { sourceMessageId: string; reason: string }[]
  errors: { sourceMessageId?: string; tag: string; message: string }[]
}

const newReport = (sourceConversationId: string): WorkingReport => ({
  sourceConversationId,
  status: 'migrated',
  messages: { migrated: 0, skipped: 0, degraded: 0, failed: 0 },
  degraded: [],
  errors: [],
  targetConversationId: undefined,
})

/** Marks the conversation failed with `error`; a re-run continues where it stopped. */
const failReport = (report: WorkingReport, error: ColloquyError, sourceMessageId?: string): WorkingReport => {
  report.status = 'failed'
  report.errors.push({
    ...(sourceMessageId ? { sourceMessageId } : {}),
    tag: error._tag,
    message: error.message,
  })
  return report
}

const run = async <A>(
  task: TaskEither<ColloquyError, A>,
): Promise<{ ok: true; value: A } | { ok: false; error: ColloquyError }> => {
  const result = await task()
  return result._tag === 'Right' ? { ok: true, value: result.right } : { ok: false, error: result.left }
}

/**
 * Copies history from `source` to `target`. The plan is checked against both adapters'
 * capabilities before anything is written (`MigrationPlanError` otherwise). Conversations run in
 * parallel up to `concurrency`; within one, messages are copied oldest first, strictly in order,
 * streaming page by page. A conversation stops at its first message that fails for good, so a
 * re-run continues in order; its report says why.
 */
export const migrate = async (options: MigrateOptions): Promise<MigrationReport> => {
  const { source, target } = options
  const plan = planMigration(options)
  const ledger = options.ledger ?? memoryLedger()
  const scope: LedgerScope = { sourceProvider: source.provider, targetProvider: target.provider }
  const startedAt = new Date()
  const reports: ConversationReport[] = []
  const totals = { conversations: 0, migrated: 0, skipped: 0, degraded: 0, failed: 0 }
  const progress = (current?: string) =>
    options.onProgress?.({ ...totals, conversationsDone: reports.length, ...(current ? { current } : {}) })

  /** The target's messages that carry a source id, newest first (page by page, flat memory). */
  const targetSourceIds = async function* (targetConversationId: string) {
    const backward = target.capabilities.messages.directions.includes('backward')
    let cursor: string | undefined
    do {
      const page = await run(
        target.messages.list({
          conversationId: targetConversationId,
          cursor,
          direction: backward ? 'backward' : 'forward',
        }),
      )
      if (!page.ok) throw new ColloquyException(page.error)
      // Pages come oldest first within themselves; walking backward, read each from its end.
      const items = backward ? [...page.value.items].reverse() : page.value.items
      for (const message of items) {
        const sourceId = message.metadata[sourceKeys.messageId]
        if (typeof sourceId === 'string')
          yield {
            sourceId,
            sourceConversation: message.metadata[sourceKeys.conversationId],
            targetId: message.id,
          }
      }
      cursor = page.value.nextCursor
    } while (cursor !== undefined)
  }

  /**
   * Closes the window between a send and its ledger entry: target messages carrying a source id
   * the ledger lacks are recorded now. Reads newest first and stops at the first recorded one.
   * Returns whether `wanted` is (now) recorded.
   */
  const reconcile = async (
    sourceConversationId: string,
    targetConversationId: string,
    wanted?: string,
  ): Promise<boolean> => {
    let found = false
    for await (const seen of targetSourceIds(targetConversationId)) {
      if (seen.sourceConversation !== undefined && seen.sourceConversation !== sourceConversationId) continue
      if (await ledger.hasMessage(scope, sourceConversationId, seen.sourceId)) break
      await ledger.record({
        ...scope,
        kind: 'message',
        sourceConversationId,
        sourceMessageId: seen.sourceId,
        targetConversationId,
        targetMessageId: seen.targetId,
      })
      if (seen.sourceId === wanted) found = true
    }
    return found || (wanted !== undefined && (await ledger.hasMessage(scope, sourceConversationId, wanted)))
  }

  const participantsOf = async (conversation: Conversation): Promise<readonly Participant[]> => {
    if (!source.capabilities.participants.list) return conversation.participants ?? []
    const listed = await run(source.participants.list({ conversationId: conversation.id }))
    return listed.ok ? listed.value : (conversation.participants ?? [])
  }

  const migrateConversation = async (sourceConversationId: string): Promise<ConversationReport> => {
    const report = newReport(sourceConversationId)
    try {
      return await copyConversation(sourceConversationId, report)
    } catch (exception) {
      // A failed read (a page of the source, a reconcile or lookup in the target) throws
      // ColloquyException: the conversation stops here and a re-run continues it.
      const error = (exception as { error?: ColloquyError }).error
      if (!(exception instanceof ColloquyException) || !error) throw exception
      return failReport(report, error)
    }
  }

  const copyConversation = async (
    sourceConversationId: string,
    report: WorkingReport,
  ): Promise<ConversationReport> => {
    const fail = (error: ColloquyError, sourceMessageId?: string) =>
      failReport(report, error, sourceMessageId)
    const read = await run(source.conversations.get({ conversationId: sourceConversationId }))
    if (!read.ok) return fail(read.error)
    const conversation = read.value
    const customers = (await participantsOf(conversation)).filter((p) => p.role === 'customer')
    const externalIdOf = (participant: Participant) =>
      options.transform?.externalId?.(participant, conversation) ??
      `${source.provider}:${participant.userId ?? participant.id}`
    const byUserId = new Map(customers.map((p) => [p.userId ?? p.id, externalIdOf(p)]))
    // A target whose conversations take no further participants (Smooch v1: one appUser each)
    // gets the first customer; the others' messages are posted as that customer, names kept.
    const onlyOne = !target.capabilities.participants.join || customers.length <= 1
    const drafts: ParticipantDraft[] = (onlyOne ? customers.slice(0, 1) : customers).map((p) => ({
      externalId: externalIdOf(p),
      ...(p.displayName ? { displayName: p.displayName } : {}),
      ...(p.email ? { email: p.email } : {}),
    }))
    if (drafts.length === 0)
      drafts.push({
        externalId: `${source.provider}:conversation:${sourceConversationId}`,
        displayName: conversation.title ?? 'Customer',
      })
    const mainCustomer = drafts[0]?.externalId ?? ''

    // Find or create the target conversation.
    let targetConversationId = await ledger.conversation(scope, sourceConversationId)
    const resumed = targetConversationId !== undefined
    if (!targetConversationId && !options.dryRun) {
      if (target.capabilities.conversations.list === 'all')
        targetConversationId = await findTargetConversation(target, sourceConversationId)
      for (let attempt = 0; !targetConversationId && attempt < resendAttempts; attempt++) {
        // After an ambiguous failure the conversation may exist: look first where the target can.
        if (attempt > 0 && target.capabilities.conversations.list === 'all')
          targetConversationId = await findTargetConversation(target, sourceConversationId)
        if (targetConversationId) break
        const created = await run(
          target.conversations.create({
            kind: drafts.length > 1 ? 'group' : 'personal',
            participants: drafts,
            ...(conversation.title ? { title: conversation.title } : {}),
            ...(conversation.description ? { description: conversation.description } : {}),
            metadata: {
              [sourceKeys.provider]: source.provider,
              [sourceKeys.conversationId]: sourceConversationId,
            },
          }),
        )
        if (created.ok) targetConversationId = created.value.id
        else if (!ambiguous(created.error) || attempt === resendAttempts - 1) return fail(created.error)
      }
      if (!targetConversationId) return report
      await ledger.record({ ...scope, kind: 'conversation', sourceConversationId, targetConversationId })
    }
    report.targetConversationId = targetConversationId
    if (resumed && targetConversationId && !options.dryRun)
      await reconcile(sourceConversationId, targetConversationId)

    const authorOf = (message: Message): DraftAuthor => {
      const { author } = message
      const name = author.displayName ? { displayName: author.displayName } : {}
      if (author.role !== 'customer')
        return { role: author.role, ...name, ...(author.avatarUrl ? { avatarUrl: author.avatarUrl } : {}) }
      const externalId = (author.userId && byUserId.get(author.userId)) || mainCustomer
      return { role: 'customer', externalId: onlyOne ? mainCustomer : externalId, ...name }
    }

    const pages = paginate(
      (cursor): TaskEither<ColloquyError, Page<Message>> =>
        source.messages.list({ conversationId: sourceConversationId, cursor, direction: 'forward' }),
    )
    for await (const message of pages) {
      if (await ledger.hasMessage(scope, sourceConversationId, message.id)) {
        report.messages.skipped++
        totals.skipped++
        continue
      }
      if (options.signal?.aborted) {
        report.status = 'interrupted'
        break
      }
      const { content, degraded } = convertContent(
        message.content,
        target.capabilities.messages.sendableContent,
      )
      const base: MessageDraft = {
        author: authorOf(message),
        content,
        createdAt: message.createdAt,
        metadata: {
          ...message.metadata,
          [sourceKeys.provider]: source.provider,
          [sourceKeys.conversationId]: sourceConversationId,
          [sourceKeys.messageId]: message.id,
          [sourceKeys.authorRole]: message.author.role,
          ...(message.author.userId ? { [sourceKeys.authorId]: message.author.userId } : {}),
          ...(message.author.displayName ? { [sourceKeys.authorName]: message.author.displayName } : {}),
          [sourceKeys.createdAt]: message.createdAt.toISOString(),
          ...(degraded ? { [sourceKeys.degraded]: degraded } : {}),
        },
      }
      const draft = options.transform?.draft?.(base, message) ?? base
      if (degraded) {
        report.messages.degraded++
        totals.degraded++
        if (report.degraded.length < detailLimit)
          report.degraded.push({ sourceMessageId: message.id, reason: degraded })
      }
      if (options.dryRun || !targetConversationId) {
        report.messages.migrated++
        totals.migrated++
        progress(sourceConversationId)
        continue
      }
      const sent = await sendOnce(sourceConversationId, targetConversationId, message.id, draft)
      if (!sent.ok) {
        report.messages.failed++
        totals.failed++
        fail(sent.error, message.id)
        break
      }
      report.messages.migrated++
      totals.migrated++
      progress(sourceConversationId)
    }
    return report
  }

  /** Sends one message, closing ambiguous failures by looking for it in the target first. */
  const sendOnce = async (
    sourceConversationId: string,
    targetConversationId: string,
    sourceMessageId: string,
    draft: MessageDraft,
  ) => {
    let last: ColloquyError | undefined
    for (let attempt = 0; attempt < resendAttempts; attempt++) {
      if (attempt > 0 && (await reconcile(sourceConversationId, targetConversationId, sourceMessageId)))
        return { ok: true as const }
      const sent = await run(target.messages.send({ conversationId: targetConversationId, message: draft }))
      if (sent.ok) {
        await ledger.record({
          ...scope,
          kind: 'message',
          sourceConversationId,
          sourceMessageId,
          targetConversationId,
          targetMessageId: sent.value.id,
        })
        return { ok: true as const }
      }
      last = sent.error
      if (!ambiguous(sent.error)) break
    }
    return { ok: false as const, error: last as ColloquyError }
  }

  const ids = plan.conversations
  const iterator = ids[Symbol.asyncIterator]()
  const worker = async () => {
    for (;;) {
      if (options.signal?.aborted) return
      const next = await iterator.next()
      if (next.done) return
      totals.conversations++
      const report = await migrateConversation(next.value)
      // Done with it for this run: the ledger may free what it holds for it.
      ledger.release?.(scope, next.value)
      reports.push(report)
      progress()
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker))
  } finally {
    if (!options.ledger) await ledger.close()
  }
  return {
    source: source.provider,
    target: target.provider,
    dryRun: options.dryRun === true,
    interrupted: options.signal?.aborted === true,
    startedAt,
    finishedAt: new Date(),
    totals: { ...totals, conversationsFailed: reports.filter((r) => r.status === 'failed').length },
    conversations: reports,
  }
}

/** A target conversation made for this source conversation by an earlier, interrupted run. */
const findTargetConversation = async (
  target: ChatAdapter,
  sourceConversationId: string,
): Promise<string | undefined> => {
  for await (const conversation of paginate((cursor) => target.conversations.list({ cursor, limit: 100 }))) {
    if (conversation.metadata[sourceKeys.conversationId] === sourceConversationId) return conversation.id
  }
  return undefined
}
