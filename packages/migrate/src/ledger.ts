/**
 * The ledger: what has been copied, so a re-run skips it. An interface, so a shared store (a
 * database, Redis) can replace the file.
 *
 * @module
 */
import { open, readFile, truncate } from 'node:fs/promises'

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

/** Where the migration engine records and looks up what is done. */
export interface Ledger {
  /** The target conversation a source conversation was copied to, if recorded. */
  readonly conversation: (scope: LedgerScope, sourceConversationId: string) => Promise<string | undefined>
  /** Whether a source message has been copied. */
  readonly hasMessage: (
    scope: LedgerScope,
    sourceConversationId: string,
    sourceMessageId: string,
  ) => Promise<boolean>
  /** Records an entry; resolves only once it is durable. */
  readonly record: (entry: LedgerEntry) => Promise<void>
  /**
   * Optional: the engine is done with this conversation for now, so a store may free what it keeps
   * in memory for it (later questions about it must still be answered correctly).
   */
  readonly release?: (scope: LedgerScope, sourceConversationId: string) => void
  /** Releases the store (closes the file). */
  readonly close: () => Promise<void>
}

const scopeKey = (scope: LedgerScope) => `${scope.sourceProvider}>${scope.targetProvider}`

/** What is kept in memory: per scope and source conversation, its target and copied message ids. */
const createIndex = () => {
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

/** A ledger kept in memory only: for tests and for migrations that need no resumption. */
export const memoryLedger = (): Ledger => {
  const index = createIndex()
  return {
    conversation: index.conversation,
    hasMessage: async (scope, conversationId, messageId) =>
      index.hasMessage(scope, conversationId, messageId),
    record: async (entry) => index.add(entry),
    close: async () => undefined,
  }
}

const isEntry = (value: unknown): value is LedgerEntry => {
  const entry = value as Partial<Record<string, unknown>> | null
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.sourceProvider === 'string' &&
    typeof entry.targetProvider === 'string' &&
    typeof entry.sourceConversationId === 'string' &&
    typeof entry.targetConversationId === 'string' &&
    (entry.kind === 'conversation' ||
      (entry.kind === 'message' &&
        typeof entry.sourceMessageId === 'string' &&
        typeof entry.targetMessageId === 'string'))
  )
}

/** Every complete entry of a ledger file's text; the torn tail a crash may leave is returned apart. */
const readEntries = (path: string, text: string): { entries: LedgerEntry[]; torn: string } => {
  // The last piece is '' after a final newline, or a torn line a crash cut short: never an entry.
  const lines = text.split('\n')
  const entries: LedgerEntry[] = []
  for (const [number, line] of lines.slice(0, -1).entries()) {
    if (line.trim() === '') continue
    let entry: unknown
    try {
      entry = JSON.parse(line)
    } catch {
      throw new Error(
        `fileLedger: line ${number + 1} of ${path} is not valid JSON; refusing to guess what was done`,
      )
    }
    if (!isEntry(entry)) throw new Error(`fileLedger: line ${number + 1} of ${path} is not a ledger entry`)
    entries.push(entry)
  }
  return { entries, torn: lines.at(-1) ?? '' }
}

/**
 * An append-only JSON-lines ledger (default `./colloquy-ledger.jsonl`). Each `record` appends one
 * line and `fsync`s before resolving, so an entry that counts is on disk. A torn last line — a
 * crash mid-write — is cut off on the next open (the entry did not count); any other unreadable
 * line is an error, since silently dropping it could duplicate messages. In memory it keeps the
 * copied message ids of the conversations in progress only: `release` frees a finished one, and a
 * later question about it reads the file again.
 */
export const fileLedger = async (path = './colloquy-ledger.jsonl'): Promise<Ledger> => {
  const index = createIndex()
  const released = new Set<string>()
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return ''
    throw error
  })
  const { entries, torn } = readEntries(path, text)
  for (const entry of entries) index.add(entry)
  // Cut a torn tail off, so the next entry starts on a line of its own and the file stays readable.
  if (torn) await truncate(path, Buffer.byteLength(text) - Buffer.byteLength(torn))
  const handle = await open(path, 'a')
  let queue = Promise.resolve()
  const releasedKey = (scope: LedgerScope, conversationId: string) =>
    `${scopeKey(scope)}\u0000${conversationId}`

  /** Reloads a released conversation's message ids from the file (the rare second visit); call it inside the write queue. */
  const reloadNow = async (scope: LedgerScope, conversationId: string) => {
    for (const entry of readEntries(path, await readFile(path, 'utf8')).entries) {
      if (
        entry.kind === 'message' &&
        entry.sourceConversationId === conversationId &&
        scopeKey(entry) === scopeKey(scope)
      )
        index.add(entry)
    }
    released.delete(releasedKey(scope, conversationId))
  }
  const reload = (scope: LedgerScope, conversationId: string) => {
    const reloaded = queue.then(() => reloadNow(scope, conversationId))
    queue = reloaded.catch(() => undefined)
    return reloaded
  }

  return {
    conversation: index.conversation,
    hasMessage: async (scope, conversationId, messageId) => {
      if (released.has(releasedKey(scope, conversationId))) await reload(scope, conversationId)
      return index.hasMessage(scope, conversationId, messageId)
    },
    record: (entry) => {
      // Appends are serialised: concurrent conversations must not interleave partial lines.
      const written = queue.then(async () => {
        await handle.write(`${JSON.stringify(entry)}\n`)
        await handle.datasync()
        if (entry.kind === 'message' && released.has(releasedKey(entry, entry.sourceConversationId)))
          await reloadNow(entry, entry.sourceConversationId)
        index.add(entry)
      })
      queue = written.catch(() => undefined)
      return written
    },
    release: (scope, conversationId) => {
      if (index.dropMessages(scope, conversationId)) released.add(releasedKey(scope, conversationId))
    },
    close: async () => {
      await queue
      await handle.close()
    },
  }
}
