/**
 * The ledger: what has been copied, so a re-run skips it quickly. An interface, so a shared store
 * (a database) can replace the file. Exactly-once does not rest on it: the engine checks the
 * target whenever the ledger does not know a conversation.
 *
 * @module
 */

/** Which migration an entry belongs to: the same ledger may serve several source → target pairs. */
export interface LedgerScope {
  readonly sourceProvider: string
  readonly targetProvider: string
}

/**
 * Where one source conversation's copy stands: what a delta run continues from instead of reading
 * the whole history again. Every message of the conversation up to `lastSourceMessageId` (in
 * source order) is in the target conversation `targetConversationId`.
 */
export interface LedgerPosition {
  /** The target conversation the copy went to: the position holds for that conversation only. */
  readonly targetConversationId: string
  /** The last source message copied (or found already in the target). */
  readonly lastSourceMessageId: string
  /**
   * The source's forward `Page.resumeCursor` right after that message, where the adapter makes
   * one: `messages.list({ cursor, direction: 'forward' })` returns exactly what came since.
   */
  readonly cursor?: string
  /**
   * The source conversation's listed summary (last message time, text and author) when the copy
   * that reached the end began, recorded only once it is settled: a later listing that shows the
   * same summary proves nothing arrived since, so the conversation is not read at all.
   */
  readonly summary?: string
}

/** One durable fact. */
export type LedgerEntry =
  | (LedgerScope & {
      readonly kind: 'conversation'
      readonly sourceConversationId: string
      readonly targetConversationId: string
    })
  | (LedgerScope & {
      readonly kind: 'message'
      readonly sourceConversationId: string
      readonly sourceMessageId: string
      readonly targetConversationId: string
      readonly targetMessageId: string
    })
  | (LedgerScope &
      LedgerPosition & {
        readonly kind: 'position'
        readonly sourceConversationId: string
      })

/** A claim on a scope of a ledger, held until `release`. */
export interface LedgerLease {
  readonly release: () => Promise<void>
}

/**
 * Where the migration engine records and looks up what is done. Every member is one lookup or one
 * write, so a database can answer each with one indexed query.
 */
export interface Ledger {
  /** The target conversation a source conversation was copied to, if recorded. */
  readonly conversation: (scope: LedgerScope, sourceConversationId: string) => Promise<string | undefined>
  /**
   * Whether a source message has been copied into the conversation's current target (the target
   * of its latest `conversation` entry; into any, before one is recorded): entries for a target
   * conversation that was replaced since do not count. A database answers it with one query
   * joining the message to its conversation's current target.
   */
  readonly hasMessage: (
    scope: LedgerScope,
    sourceConversationId: string,
    sourceMessageId: string,
  ) => Promise<boolean>
  /**
   * Optional: where the copy of a source conversation stands — the latest `position` entry recorded
   * for it, when it names the conversation's current target. A ledger without it makes every run read each conversation from its start (exact, only
   * slower). A database answers it with one indexed query on (scope, source conversation), and
   * keeps one row per conversation: recording a position replaces the previous one (an upsert).
   */
  readonly position?: (
    scope: LedgerScope,
    sourceConversationId: string,
  ) => Promise<LedgerPosition | undefined>
  /**
   * Records an entry; once it resolves, `conversation`, `hasMessage` and `position` answer with it. A store may
   * make it durable a little later (batching writes): after a crash the engine finds entries that
   * were lost in the target, since it reconciles every conversation it resumes. Entries of one
   * conversation must become durable in the order they were recorded (the engine relies on the
   * ledger holding a prefix of each conversation's copies, and a position must never be durable
   * before the message entries recorded ahead of it), and a failed write must make a later
   * `record` or `close` reject.
   */
  readonly record: (entry: LedgerEntry) => Promise<void>
  /**
   * Optional: makes the caller the only writer of `scope` until the lease is released; rejects
   * with a {@link LedgerError} (`locked`) naming the holder when another run holds it. The engine
   * takes it before its first write and releases it when the run ends. A store shared between
   * processes must refuse other processes too (`fileLedger` holds a lock file from open to close).
   */
  readonly acquire?: (scope: LedgerScope) => Promise<LedgerLease>
  /**
   * Optional, for a store that concurrent runs share on purpose (a database with workers on many
   * machines), instead of `acquire`: claims one source conversation until the lease is released,
   * so runs cooperate conversation by conversation. Resolves `undefined` when another run holds it;
   * the engine then leaves that conversation to it and reports it `busy`. The claim must end with
   * its holder even when nothing runs to release it (a killed process).
   */
  readonly claimConversation?: (
    scope: LedgerScope,
    sourceConversationId: string,
  ) => Promise<LedgerLease | undefined>
  /**
   * Optional: the engine is done with this conversation for now, so a store may free what it keeps
   * in memory for it (later questions about it must still be answered correctly).
   */
  readonly release?: (scope: LedgerScope, sourceConversationId: string) => void
  /** Releases the store (closes the file, gives up its lock). */
  readonly close: () => Promise<void>
}

/**
 * What can go wrong with a ledger itself, each with a one-line message naming the file:
 * `locked` (another run holds it), `corrupt` (a line that is not an entry, before the last),
 * `unreadable` (a directory, a missing folder, no permission), `readOnly` (a write to a ledger
 * opened for reading).
 */
export class LedgerError extends Error {
  override readonly name = 'LedgerError'
  readonly code: 'locked' | 'corrupt' | 'unreadable' | 'readOnly'
  readonly path?: string

  constructor(code: LedgerError['code'], message: string, path?: string) {
    super(message)
    this.code = code
    if (path !== undefined) this.path = path
  }
}

export const scopeKey = (scope: LedgerScope) => `${scope.sourceProvider}>${scope.targetProvider}`

/** In-process leases: one holder per scope of one ledger object. */
export const createLeases = (describe: string) => {
  const held = new Set<string>()
  return (scope: LedgerScope): Promise<LedgerLease> => {
    const key = scopeKey(scope)
    if (held.has(key))
      return Promise.reject(
        new LedgerError(
          'locked',
          `${describe} is already in use by another migration of ${scope.sourceProvider} → ${scope.targetProvider} in this process`,
        ),
      )
    held.add(key)
    return Promise.resolve({
      release: async () => {
        held.delete(key)
      },
    })
  }
}

/** What the index keeps of one source conversation. */
interface IndexedConversation {
  target?: string
  /** Copied source message ids per target conversation (one, unless a target conversation was replaced). */
  messages: Map<string, Set<string>>
  position?: LedgerPosition
}

/** The position part of a `position` entry. */
const positionOf = (entry: LedgerPosition): LedgerPosition => ({
  targetConversationId: entry.targetConversationId,
  lastSourceMessageId: entry.lastSourceMessageId,
  ...(entry.cursor === undefined ? {} : { cursor: entry.cursor }),
  ...(entry.summary === undefined ? {} : { summary: entry.summary }),
})

/**
 * What is kept in memory: per scope and source conversation, its target, copied message ids and
 * position. Messages and positions count for the conversation's current target only (the latest
 * `conversation` entry), so a target conversation that was replaced — deleted, another account's
 * ledger — leaves nothing believed copied into the new one.
 */
export const createIndex = () => {
  const scopes = new Map<string, Map<string, IndexedConversation>>()
  const entryOf = (scope: LedgerScope, conversationId: string, create: boolean) => {
    let conversations = scopes.get(scopeKey(scope))
    if (!conversations) {
      if (!create) return undefined
      conversations = new Map()
      scopes.set(scopeKey(scope), conversations)
    }
    let entry = conversations.get(conversationId)
    if (!entry && create) {
      entry = { messages: new Map() }
      conversations.set(conversationId, entry)
    }
    return entry
  }
  return {
    add: (entry: LedgerEntry) => {
      const conversation = entryOf(entry, entry.sourceConversationId, true) as IndexedConversation
      if (entry.kind === 'conversation') conversation.target = entry.targetConversationId
      else if (entry.kind === 'message') {
        let ids = conversation.messages.get(entry.targetConversationId)
        if (!ids) {
          ids = new Set()
          conversation.messages.set(entry.targetConversationId, ids)
        }
        ids.add(entry.sourceMessageId)
      } else conversation.position = positionOf(entry)
    },
    conversation: async (scope: LedgerScope, id: string) => entryOf(scope, id, false)?.target,
    position: async (scope: LedgerScope, id: string) => {
      const entry = entryOf(scope, id, false)
      const position = entry?.position
      return position && (entry.target === undefined || position.targetConversationId === entry.target)
        ? position
        : undefined
    },
    hasMessage: (scope: LedgerScope, conversationId: string, messageId: string) => {
      const entry = entryOf(scope, conversationId, false)
      if (!entry) return false
      // Before its conversation entry (reconciling a conversation found in the target): any.
      if (entry.target === undefined) return [...entry.messages.values()].some((ids) => ids.has(messageId))
      return entry.messages.get(entry.target)?.has(messageId) === true
    },
    /** Frees a conversation's message ids; returns whether there were any. */
    dropMessages: (scope: LedgerScope, conversationId: string) => {
      const entry = entryOf(scope, conversationId, false)
      if (!entry || entry.messages.size === 0) return false
      entry.messages = new Map()
      return true
    },
  }
}

/** A ledger kept in memory only: for tests and for migrations that need no fast resumption. */
export const memoryLedger = (): Ledger => {
  const index = createIndex()
  return {
    conversation: index.conversation,
    hasMessage: async (scope, conversationId, messageId) =>
      index.hasMessage(scope, conversationId, messageId),
    position: index.position,
    record: async (entry) => index.add(entry),
    acquire: createLeases('this memory ledger'),
    close: async () => undefined,
  }
}
