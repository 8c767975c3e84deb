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
  /** Whether a source message has been copied. */
  readonly hasMessage: (
    scope: LedgerScope,
    sourceConversationId: string,
    sourceMessageId: string,
  ) => Promise<boolean>
  /**
   * Records an entry; once it resolves, `conversation` and `hasMessage` answer with it. A store may
   * make it durable a little later (batching writes): after a crash the engine finds entries that
   * were lost in the target, since it reconciles every conversation it resumes. Entries of one
   * conversation must become durable in the order they were recorded (the engine relies on the
   * ledger holding a prefix of each conversation's copies), and a failed write must make a later
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

/** What is kept in memory: per scope and source conversation, its target and copied message ids. */
export const createIndex = () => {
  const scopes = new Map<string, Map<string, { target?: string; messages: Set<string> }>>()
  const entryOf = (scope: LedgerScope, conversationId: string, create: boolean) => {
    let conversations = scopes.get(scopeKey(scope))
    if (!conversations) {
      if (!create) return undefined
      conversations = new Map()
      scopes.set(scopeKey(scope), conversations)
    }
    let entry = conversations.get(conversationId)
    if (!entry && create) {
      entry = { messages: new Set() }
      conversations.set(conversationId, entry)
    }
    return entry
  }
  return {
    add: (entry: LedgerEntry) => {
      const conversation = entryOf(entry, entry.sourceConversationId, true) as {
        target?: string
        messages: Set<string>
      }
      if (entry.kind === 'conversation') conversation.target = entry.targetConversationId
      else conversation.messages.add(entry.sourceMessageId)
    },
    conversation: async (scope: LedgerScope, id: string) => entryOf(scope, id, false)?.target,
    hasMessage: (scope: LedgerScope, conversationId: string, messageId: string) =>
      entryOf(scope, conversationId, false)?.messages.has(messageId) === true,
    /** Frees a conversation's message ids; returns whether there were any. */
    dropMessages: (scope: LedgerScope, conversationId: string) => {
      const entry = entryOf(scope, conversationId, false)
      if (!entry || entry.messages.size === 0) return false
      entry.messages = new Set()
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
    record: async (entry) => index.add(entry),
    acquire: createLeases('this memory ledger'),
    close: async () => undefined,
  }
}
