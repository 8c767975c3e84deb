import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, stat, utimes, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileLedger, LedgerError } from '@colloquy/migrate'
import { describe, expect, it } from 'vitest'

const scope = { sourceProvider: 'memory', targetProvider: 'sunshine' }
const message = (id: string) => ({
  ...scope,
  kind: 'message' as const,
  sourceConversationId: 'c1',
  sourceMessageId: id,
  targetConversationId: 't1',
  targetMessageId: `t${id}`,
})
const newPath = async () => join(await mkdtemp(join(tmpdir(), 'colloquy-ledger-')), 'ledger.jsonl')
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error as LedgerError,
  )

/** The id of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid ?? 999_999

describe('fileLedger', () => {
  it('survives a torn last line and refuses a corrupt middle one, naming the file and line', async () => {
    const path = await newPath()
    const ledger = await fileLedger(path)
    await ledger.record({
      ...scope,
      kind: 'conversation',
      sourceConversationId: 'c1',
      targetConversationId: 't1',
    })
    await ledger.record(message('m1'))
    await ledger.close()
    await writeFile(path, `${await readFile(path, 'utf8')}{"kind":"message","sourceProv`)
    const reopened = await fileLedger(path)
    expect(await reopened.hasMessage(scope, 'c1', 'm1')).toBe(true)
    expect(await reopened.conversation(scope, 'c1')).toBe('t1')
    await reopened.record(message('m2'))
    await reopened.close()
    const again = await fileLedger(path)
    expect(await again.hasMessage(scope, 'c1', 'm2')).toBe(true)
    await again.close()
    // A released conversation is read back from the file when asked about again.
    const third = await fileLedger(path)
    third.release?.(scope, 'c1')
    expect(await third.hasMessage(scope, 'c1', 'm2')).toBe(true)
    expect(await third.hasMessage(scope, 'c1', 'm3')).toBe(false)
    third.release?.(scope, 'c1')
    await third.record(message('m3'))
    expect(await third.hasMessage(scope, 'c1', 'm1')).toBe(true)
    expect(await third.hasMessage(scope, 'c1', 'm3')).toBe(true)
    await third.close()
    await writeFile(path, `garbage\n${await readFile(path, 'utf8')}`)
    const corrupt = await failure(fileLedger(path))
    expect(corrupt).toBeInstanceOf(LedgerError)
    expect(corrupt).toMatchObject({ code: 'corrupt', path })
    expect(corrupt.message).toMatch(
      new RegExp(`^ledger ${path}: line 1 is not valid JSON; refusing to guess`),
    )
    expect(corrupt.message).not.toContain('\n')
    // The failed open gave its lock back.
    await writeFile(path, '{"kind":"nonsense"}\n')
    expect(await failure(fileLedger(path))).toMatchObject({
      code: 'corrupt',
      message: expect.stringContaining('line 1 is not a ledger entry'),
    })
  })

  it('has one writer: a second open is refused naming the holder, and close lets the next one in', async () => {
    const path = await newPath()
    const first = await fileLedger(path)
    const refused = await failure(fileLedger(path))
    expect(refused).toMatchObject({ code: 'locked', path })
    expect(refused.message).toBe(
      `ledger ${path} is in use by process ${process.pid} on ${hostname()}, since ${JSON.parse(await readFile(`${path}.lock`, 'utf8')).startedAt}: one run per ledger at a time (if no colloquy runs as process ${process.pid}, delete ${path}.lock)`,
    )
    // Reading it is fine meanwhile (a dry run), and takes no lock.
    const reader = await fileLedger(path, { readOnly: true })
    expect(await failure(reader.record(message('m1')))).toMatchObject({ code: 'readOnly' })
    await reader.close()
    await first.close()
    await expect(stat(`${path}.lock`)).rejects.toMatchObject({ code: 'ENOENT' })
    const second = await fileLedger(path)
    await second.close()
  })

  it('takes over a lock left by a process that died, and by a silent process on another host', async () => {
    const path = await newPath()
    const lock = `${path}.lock`
    await writeFile(
      lock,
      JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }),
    )
    const afterCrash = await fileLedger(path)
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: process.pid })
    await afterCrash.close()

    const elsewhere = JSON.stringify({ pid: 1, host: 'another-host', startedAt: '2026-01-01T00:00:00.000Z' })
    await writeFile(lock, elsewhere)
    expect((await failure(fileLedger(path))).message).toMatch(
      /in use by process 1 on another-host, since 2026-01-01T00:00:00.000Z: one run per ledger at a time \(it is taken over \d+ s from now if that process has stopped\)$/,
    )
    const longAgo = new Date(Date.now() - 60_000)
    await utimes(lock, longAgo, longAgo)
    const afterSilence = await fileLedger(path)
    await afterSilence.close()
  })

  it('names a path it cannot use in one line: a directory, a missing folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'colloquy-ledger-'))
    const directory = join(folder, 'ledger.jsonl')
    await mkdir(directory)
    expect(await failure(fileLedger(directory))).toMatchObject({
      code: 'unreadable',
      message: `ledger ${directory} is a directory, not a file`,
    })
    const missing = join(folder, 'no-such-folder', 'ledger.jsonl')
    expect(await failure(fileLedger(missing))).toMatchObject({
      code: 'unreadable',
      message: `ledger ${missing} cannot be created: the folder ${join(folder, 'no-such-folder')} does not exist`,
    })
    // Nothing was created on the way.
    await expect(stat(`${directory}.lock`)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('writes entries in batches without waiting for the disk, and reports a failed write on the next call', async () => {
    const path = await newPath()
    const ledger = await fileLedger(path)
    await Promise.all(Array.from({ length: 50 }, (_, i) => ledger.record(message(`m${i}`))))
    // Answered at once from memory, in order on disk once flushed.
    expect(await ledger.hasMessage(scope, 'c1', 'm49')).toBe(true)
    await ledger.close()
    const lines = (await readFile(path, 'utf8')).trim().split('\n')
    expect(lines.map((line) => JSON.parse(line).sourceMessageId)).toEqual(
      Array.from({ length: 50 }, (_, i) => `m${i}`),
    )

    const broken = await newPath()
    const failing = await fileLedger(broken)
    // The file cannot be created: its name is taken by a directory made after the ledger opened.
    await mkdir(broken)
    await failing.record(message('m1'))
    const closed = await failure(failing.close())
    expect(closed).toMatchObject({
      code: 'unreadable',
      message: expect.stringMatching(/^ledger .*: writing failed: EISDIR/),
    })
  })

  it('writes what is recorded after a flush that found nothing to write (a revisit of a written conversation)', async () => {
    const path = await newPath()
    const ledger = await fileLedger(path)
    await ledger.record(message('m1'))
    // A revisit of a released conversation flushes first; the second finds nothing pending.
    for (let visit = 0; visit < 2; visit++) {
      ledger.release?.(scope, 'c1')
      expect(await ledger.hasMessage(scope, 'c1', 'm1')).toBe(true)
    }
    await ledger.record(message('m2'))
    await ledger.record({
      ...scope,
      kind: 'position',
      sourceConversationId: 'c1',
      targetConversationId: 't1',
      lastSourceMessageId: 'm2',
    })
    await ledger.close()
    const lines = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.map((line) => line.sourceMessageId ?? line.kind)).toEqual(['m1', 'm2', 'position'])
  })

  it('refuses a second migration of the same scope in one process', async () => {
    const ledger = await fileLedger(await newPath())
    const lease = await ledger.acquire?.(scope)
    expect(await failure(ledger.acquire?.(scope) ?? Promise.resolve())).toMatchObject({ code: 'locked' })
    const other = await ledger.acquire?.({ ...scope, targetProvider: 'smooch-v1' })
    await lease?.release()
    await (await ledger.acquire?.(scope))?.release()
    await other?.release()
    await ledger.close()
  })

  it('keeps the latest position of a conversation across reopening, for its current target only', async () => {
    const path = await newPath()
    const ledger = await fileLedger(path)
    const conversation = (target: string) => ({
      ...scope,
      kind: 'conversation' as const,
      sourceConversationId: 'c1',
      targetConversationId: target,
    })
    const position = (last: string, extra: { cursor?: string; summary?: string } = {}) => ({
      ...scope,
      kind: 'position' as const,
      sourceConversationId: 'c1',
      targetConversationId: 't1',
      lastSourceMessageId: last,
      ...extra,
    })
    await ledger.record(conversation('t1'))
    await ledger.record(message('m1'))
    await ledger.record(position('m1', { cursor: 'after-m1' }))
    await ledger.record(message('m2'))
    await ledger.record(position('m2', { cursor: 'after-m2', summary: '[1,"hi",null,null]' }))
    // A released conversation keeps its position in memory.
    ledger.release?.(scope, 'c1')
    expect(await ledger.position?.(scope, 'c1')).toEqual({
      targetConversationId: 't1',
      lastSourceMessageId: 'm2',
      cursor: 'after-m2',
      summary: '[1,"hi",null,null]',
    })
    await ledger.close()
    const reopened = await fileLedger(path)
    expect(await reopened.position?.(scope, 'c1')).toMatchObject({
      lastSourceMessageId: 'm2',
      cursor: 'after-m2',
    })
    expect(await reopened.position?.(scope, 'other')).toBeUndefined()
    // The target conversation is replaced: what was copied into the old one no longer counts.
    await reopened.record(conversation('t2'))
    expect(await reopened.position?.(scope, 'c1')).toBeUndefined()
    expect(await reopened.hasMessage(scope, 'c1', 'm1')).toBe(false)
    await reopened.close()
    const third = await fileLedger(path)
    expect(await third.hasMessage(scope, 'c1', 'm1')).toBe(false)
    expect(await third.conversation(scope, 'c1')).toBe('t2')
    await third.close()
    // A position line without its message id is not a ledger entry.
    await writeFile(
      path,
      `{"kind":"position","sourceProvider":"memory","targetProvider":"sunshine","sourceConversationId":"c1","targetConversationId":"t1","cursor":1}\n${await readFile(path, 'utf8')}`,
    )
    expect(await failure(fileLedger(path))).toMatchObject({
      code: 'corrupt',
      message: expect.stringContaining('line 1 is not a ledger entry'),
    })
  })
})
