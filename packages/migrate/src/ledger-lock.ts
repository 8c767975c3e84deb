/**
 * The lock file that makes one process at a time the writer of a file ledger: `<ledger>.lock`,
 * created exclusively and holding its owner. A lock left by a process that died is taken over:
 * on the same host at once (its process id is no longer running), from another host (a shared
 * folder) once the owner has not touched it for {@link staleAfterMs}.
 *
 * @module
 */
import { randomUUID } from 'node:crypto'
import { link, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { LedgerError } from './ledger.js'

/** How often the owner touches its lock file. */
const heartbeatMs = 10_000
/** How long a lock from another host lives without a touch before it counts as abandoned. */
export const staleAfterMs = 30_000

interface LockOwner {
  readonly pid: number
  readonly host: string
  readonly startedAt: string
}

/** A held lock: `release` removes the file if it is still this process's. */
export interface LockFile {
  readonly release: () => Promise<void>
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const parseOwner = (text: string): LockOwner | undefined => {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>
    return typeof owner.pid === 'number' &&
      typeof owner.host === 'string' &&
      typeof owner.startedAt === 'string'
      ? (owner as LockOwner)
      : undefined
  } catch {
    return undefined
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code

/** What the lock file says, or `undefined` when it vanished meanwhile. */
const readLock = async (path: string) => {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)])
    return { text, owner: parseOwner(text), touchedMs: info.mtimeMs }
  } catch (error) {
    if (code(error) === 'ENOENT') return undefined
    throw error
  }
}

/** Whether a lock no longer protects anyone. */
const abandoned = (lock: { owner?: LockOwner; touchedMs: number }, now: number) => {
  const { owner } = lock
  if (owner?.host === hostname()) return !isRunning(owner.pid)
  // An owner we cannot check (another host), or a file its creator had no time to fill: by age.
  return now - lock.touchedMs > staleAfterMs
}

/**
 * Moves an abandoned lock out of the way, only if it is still the one that was judged abandoned
 * (another process may have taken it over meanwhile).
 */
const takeOver = async (path: string, judged: string) => {
  const aside = `${path}.${process.pid}.${randomUUID()}`
  try {
    await rename(path, aside)
  } catch (error) {
    if (code(error) === 'ENOENT') return
    throw error
  }
  const moved = await readFile(aside, 'utf8')
  // Someone else's fresh lock: put it back (unless yet another process holds the name now).
  if (moved !== judged) await link(aside, path).catch(() => undefined)
  await unlink(aside)
}

const lockedMessage = (ledgerPath: string, path: string, owner: LockOwner | undefined, touchedMs: number) => {
  if (owner === undefined)
    return `ledger ${ledgerPath} is being locked by another process (${path}); try again`
  const who = `process ${owner.pid} on ${owner.host}, since ${owner.startedAt}`
  const remedy =
    owner.host === hostname()
      ? `if no colloquy runs as process ${owner.pid}, delete ${path}`
      : `it is taken over ${Math.ceil((staleAfterMs - (Date.now() - touchedMs)) / 1000)} s from now if that process has stopped`
  return `ledger ${ledgerPath} is in use by ${who}: one run per ledger at a time (${remedy})`
}

/**
 * Creates `path` holding `text`, or rejects with `EEXIST`. The text is written to a file of this
 * process first and linked into place, so the lock never exists empty: a process killed between
 * creating and filling it would leave a lock nobody could judge for {@link staleAfterMs}.
 */
const createWithContent = async (path: string, text: string) => {
  const draft = `${path}.${process.pid}.${randomUUID()}`
  await writeFile(draft, text, { flag: 'wx' })
  try {
    await link(draft, path)
  } finally {
    await unlink(draft).catch(() => undefined)
  }
}

/**
 * Takes `path` as the lock of `ledgerPath`, or rejects with a {@link LedgerError} (`locked`)
 * naming the owner. The owner touches the file every 10 s while it holds it.
 */
export const acquireLockFile = async (path: string, ledgerPath: string): Promise<LockFile> => {
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }
  const mine = JSON.stringify(me)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await createWithContent(path, mine)
      const heartbeat = setInterval(() => {
        const now = new Date()
        void utimes(path, now, now).catch(() => undefined)
      }, heartbeatMs)
      heartbeat.unref()
      return {
        release: async () => {
          clearInterval(heartbeat)
          const current = await readLock(path).catch(() => undefined)
          if (current?.text === mine) await unlink(path).catch(() => undefined)
        },
      }
    } catch (error) {
      if (code(error) !== 'EEXIST') throw error
    }
    const lock = await readLock(path)
    if (lock === undefined) continue
    if (!abandoned(lock, Date.now()))
      throw new LedgerError('locked', lockedMessage(ledgerPath, path, lock.owner, lock.touchedMs), ledgerPath)
    await takeOver(path, lock.text)
  }
  throw new LedgerError(
    'locked',
    `ledger ${ledgerPath}: could not take its lock ${path}; try again`,
    ledgerPath,
  )
}
