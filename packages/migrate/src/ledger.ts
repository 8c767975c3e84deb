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
  /** The target message a source message was copied to, if recorded. */
  readonly message: (
    scope: LedgerScope,
    sourceConversationId: string,
    sourceMessageId: string,
  ) => Promise<string | undefined>
  /** Records an entry; resolves only once it is durable. */
  readonly record: (entry: LedgerEntry) => Promise<void>
  /** Releases the store (closes the file). */
  readonly close: () => Promise<void>
}

const pair = (scope: LedgerScope) => `${scope.sourceProvider}>${scope.targetProvider}`
const conversationKey = (scope: LedgerScope, conversationId: string) =>
  `${pair(scope)}\u0000${conversationId}`
const messageKey = (scope: LedgerScope, conversationId: string, messageId: string) =>
  `${pair(scope)}\u0000${conversationId}\u0000${messageId}`

/** The in-memory index both ledgers keep: compact keys to target ids. */
const createIndex = () => {
  const conversations = new Map<string, string>()
  const messages = new Map<string, string>()
  return {
    add: (entry: LedgerEntry) => {
      if (entry.kind === 'conversation')
        conversations.set(conversationKey(entry, entry.sourceConversationId), entry.targetConversationId)
      else
        messages.set(
          messageKey(entry, entry.sourceConversationId, entry.sourceMessageId),
          entry.targetMessageId,
        )
    },
    conversation: async (scope: LedgerScope, id: string) => conversations.get(conversationKey(scope, id)),
    message: async (scope: LedgerScope, conversationId: string, messageId: string) =>
      messages.get(messageKey(scope, conversationId, messageId)),
  }
}

/** A ledger kept in memory only: for tests and for migrations that need no resumption. */
export const memoryLedger = (): Ledger => {
  const index = createIndex()
  return {
    conversation: index.conversation,
    message: index.message,
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

/**
 * An append-only JSON-lines ledger (default `./colloquy-ledger.jsonl`). Each `record` appends one
 * line and `fsync`s before resolving, so an entry that counts is on disk. A torn last line — a
 * crash mid-write — is ignored on the next open (the entry did not count); any other unreadable
 * line is an error, since silently dropping it could duplicate messages.
 */
export const fileLedger = async (path = './colloquy-ledger.jsonl'): Promise<Ledger> => {
  const index = createIndex()
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return ''
    throw error
  })
  // The last piece is '' after a final newline, or a torn line a crash cut short: never an entry.
  const lines = text.split('\n')
  const complete = lines.slice(0, -1)
  const torn = lines.at(-1)
  for (const [number, line] of complete.entries()) {
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
    index.add(entry)
  }
  // Cut a torn tail off, so the next entry starts on a line of its own and the file stays readable.
  if (torn) await truncate(path, Buffer.byteLength(text) - Buffer.byteLength(torn))
  const handle = await open(path, 'a')
  let queue = Promise.resolve()
  return {
    conversation: index.conversation,
    message: index.message,
    record: (entry) => {
      // Appends are serialised: concurrent conversations must not interleave partial lines.
      const written = queue.then(async () => {
        await handle.write(`${JSON.stringify(entry)}\n`)
        await handle.datasync()
        index.add(entry)
      })
      queue = written.catch(() => undefined)
      return written
    },
    close: async () => {
      await queue
      await handle.close()
    },
  }
}
