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
        typeof entry.targetMessageId === 'string') ||
      (entry.kind === 'position' &&
        typeof entry.lastSourceMessageId === 'string' &&
        (entry.cursor === undefined || typeof entry.cursor === 'string') &&
        (entry.summary === undefined || typeof entry.summary === 'string')))
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

/** How long recorded entries may wait to be written together. */
const flushEveryMs = 100

/**
 * An append-only JSON-lines ledger (default `./colloquy-ledger.jsonl`). Opening it takes the lock
 * file `<path>.lock` (one writing process per ledger; a second one is refused with a `locked`
 * {@link LedgerError} naming the holder; a lock left by a dead process is taken over), and
 * `close` gives it up. Each `record` appends one line; the lines recorded within 100 ms are
 * written together and `fsync`ed (group commit), so `record` does not wait for the disk, and a
 * write that fails makes the next `record` (or `close`) reject. A crash can lose the
 * last entries, which the engine finds again in the target on the next run. A torn last line — a
 * crash mid-write — is cut off on open; any other unreadable line is a `corrupt`
 * {@link LedgerError}, since silently dropping it could hide what was done. A path that is a directory, or in a missing folder, is an
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
  // Group commit: entries go out together at most every `flushEveryMs`, in one write and one sync.
  let pending: string[] = []
  let flushing: Promise<void> | undefined
  let timer: NodeJS.Timeout | undefined
  let failure: LedgerError | undefined
  const releasedKey = (scope: LedgerScope, conversationId: string) =>
    `${scopeKey(scope)}\u0000${conversationId}`

  /** Writes and syncs what is pending, batch after batch, until nothing is left. */
  const writePending = async () => {
    try {
      while (pending.length > 0) {
        const batch = pending.join('')
        pending = []
        handle ??= await open(path, 'a')
        await handle.write(batch)
        await handle.datasync()
      }
    } catch (error) {
      failure ??= new LedgerError(
        'unreadable',
        `ledger ${path}: writing failed: ${(error as Error).message}`,
        path,
      )
    }
  }

  /** Starts writing what is pending unless a write is under way; resolves when nothing is left. */
  const flush = (): Promise<void> => {
    clearTimeout(timer)
    timer = undefined
    // Only with something to write: an async function with nothing to await would finish (and
    // clear `flushing`) before `flushing` is set, leaving every later flush a no-op.
    if (flushing === undefined && pending.length > 0)
      flushing = writePending().finally(() => {
        flushing = undefined
      })
    return flushing ?? Promise.resolve()
  }

  /** Resolves once everything recorded so far is on disk, including what came during a write. */
  const drain = async () => {
    while (flushing !== undefined || pending.length > 0) await flush()
  }

  /** Reloads a released conversation's message ids from the file (the rare second visit), once all is written. */
  const reload = async (scope: LedgerScope, conversationId: string) => {
    await drain()
    released.delete(releasedKey(scope, conversationId))
    for (const entry of readEntries(path, await readLedgerText(path)).entries) {
      if (
        entry.kind === 'message' &&
        entry.sourceConversationId === conversationId &&
        scopeKey(entry) === scopeKey(scope)
      )
        index.add(entry)
    }
  }

  const append = (entry: LedgerEntry) => {
    pending.push(`${JSON.stringify(entry)}\n`)
    index.add(entry)
    if (timer === undefined) {
      // Kept referenced: a process that ends without `close` still writes what it recorded.
      timer = setTimeout(() => void flush(), flushEveryMs)
    }
  }

  return {
    conversation: index.conversation,
    // Positions stay in memory when a conversation is released: one small entry per conversation.
    position: index.position,
    hasMessage: async (scope, conversationId, messageId) => {
      if (released.has(releasedKey(scope, conversationId))) await reload(scope, conversationId)
      return index.hasMessage(scope, conversationId, messageId)
    },
    record: async (entry) => {
      if (!lock) throw new LedgerError('readOnly', `ledger ${path} was opened read-only`, path)
      if (failure) throw failure
      if (entry.kind === 'message' && released.has(releasedKey(entry, entry.sourceConversationId)))
        await reload(entry, entry.sourceConversationId)
      append(entry)
    },
    acquire: createLeases(`ledger ${path}`),
    release: (scope, conversationId) => {
      if (index.dropMessages(scope, conversationId)) released.add(releasedKey(scope, conversationId))
    },
    close: async () => {
      await drain()
      await handle?.close()
      await lock?.release()
      if (failure) throw failure
    },
  }
}
