/**
 * The append-only JSON-lines ledger.
 *
 * @module
 */
import { type FileHandle, open, readFile, stat, truncate } from 'node:fs/promises'
import { dirname } from 'node:path'
import {
  createIndex,
  createLeases,
  type Ledger,
  type LedgerEntry,
  LedgerError,
  type LedgerScope,
  scopeKey,
} from './ledger.js'
import { acquireLockFile, type LockFile } from './ledger-lock.js'

/** Options of {@link fileLedger}. */
export interface FileLedgerOptions {
  /**
   * Read without writing (dry runs, verification): no lock is taken, a torn last line is left
   * alone, and `record` rejects with a `readOnly` {@link LedgerError}.
   */
  readonly readOnly?: boolean
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

const corrupt = (path: string, line: number, what: string) =>
  new LedgerError(
    'corrupt',
    `ledger ${path}: line ${line} ${what}; refusing to guess what was done (move the file away to start a new ledger: the target is checked, so nothing is copied twice)`,
    path,
  )

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
      throw corrupt(path, number + 1, 'is not valid JSON')
    }
    if (!isEntry(entry)) throw corrupt(path, number + 1, 'is not a ledger entry')
    entries.push(entry)
  }
  return { entries, torn: lines.at(-1) ?? '' }
}

/** A file-system failure as a one-line {@link LedgerError} naming the ledger. */
const unreadable = (path: string, error: unknown): LedgerError => {
  if (error instanceof LedgerError) return error
  const failure = error as NodeJS.ErrnoException
  const why =
    failure.code === 'EISDIR'
      ? 'is a directory, not a file'
      : failure.code === 'ENOENT'
        ? `cannot be created: the folder ${dirname(path)} does not exist`
        : failure.code === 'ENOTDIR'
          ? 'cannot be created: part of its path is a file, not a folder'
          : failure.code === 'EACCES' || failure.code === 'EPERM'
            ? 'cannot be opened: permission denied'
            : `cannot be used: ${failure.message}`
  return new LedgerError('unreadable', `ledger ${path} ${why}`, path)
}

/** A path that can hold the ledger: a file or nothing yet, in a folder that exists. */
const checkPath = async (path: string): Promise<void> => {
  try {
    if ((await stat(path)).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' })
  } catch (error) {
    if (code(error) !== 'ENOENT') throw unreadable(path, error)
    // A new ledger: its folder must exist, or the first write would fail after the first copy.
    await stat(dirname(path)).catch((missing: unknown) => {
      throw unreadable(path, missing)
    })
  }
}

/** The file's text, '' when it does not exist yet. */
const readLedgerText = (path: string): Promise<string> =>
  readFile(path, 'utf8').catch((error: unknown) => {
    if (code(error) === 'ENOENT') return ''
    throw error
  })

const code = (error: unknown) => (error as NodeJS.ErrnoException).code

/**
 * An append-only JSON-lines ledger (default `./colloquy-ledger.jsonl`). Opening it takes the lock
 * file `<path>.lock` (one writing process per ledger; a second one is refused with a `locked`
 * {@link LedgerError} naming the holder; a lock left by a dead process is taken over), and
 * `close` gives it up. Each `record` appends one line and `fsync`s before resolving, so an entry
 * that counts is on disk. A torn last line — a crash mid-write — is cut off on open (the entry did
 * not count); any other unreadable line is a `corrupt` {@link LedgerError}, since silently
 * dropping it could hide what was done. A path that is a directory, or in a missing folder, is an
 * `unreadable` one. In memory it keeps the copied message ids of the conversations in progress
 * only: `release` frees a finished one, and a later question about it reads the file again.
 */
export const fileLedger = async (
  path = './colloquy-ledger.jsonl',
  options: FileLedgerOptions = {},
): Promise<Ledger> => {
  // The path is checked before the lock, so a bad one is named as such.
  await checkPath(path)
  const lock: LockFile | undefined = options.readOnly
    ? undefined
    : await acquireLockFile(`${path}.lock`, path)
  try {
    return await openLedger(path, lock)
  } catch (error) {
    await lock?.release()
    throw unreadable(path, error)
  }
}

const openLedger = async (path: string, lock: LockFile | undefined): Promise<Ledger> => {
  const index = createIndex()
  const released = new Set<string>()
  // Read under the lock, so no other writer is halfway through a line.
  const text = await readLedgerText(path)
  const { entries, torn } = readEntries(path, text)
  for (const entry of entries) index.add(entry)
  // Cut a torn tail off, so the next entry starts on a line of its own and the file stays readable.
  if (torn && lock) await truncate(path, Buffer.byteLength(text) - Buffer.byteLength(torn))
  // The file is created by the first entry, not by opening: a run that stops before writing leaves none.
  let handle: FileHandle | undefined
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
      if (!lock)
        return Promise.reject(new LedgerError('readOnly', `ledger ${path} was opened read-only`, path))
      // Appends are serialised: concurrent conversations must not interleave partial lines.
      const written = queue.then(async () => {
        handle ??= await open(path, 'a')
        await handle.write(`${JSON.stringify(entry)}\n`)
        await handle.datasync()
        if (entry.kind === 'message' && released.has(releasedKey(entry, entry.sourceConversationId)))
          await reloadNow(entry, entry.sourceConversationId)
        index.add(entry)
      })
      queue = written.catch(() => undefined)
      return written
    },
    acquire: createLeases(`ledger ${path}`),
    release: (scope, conversationId) => {
      if (index.dropMessages(scope, conversationId)) released.add(releasedKey(scope, conversationId))
    },
    close: async () => {
      await queue
      await handle?.close()
      await lock?.release()
    },
  }
}
