import { Writable } from 'node:stream'
import type { MigrationProgress } from '@colloquy/migrate'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createProgress, progressLine, summarize } from './progress.js'

const progress = (fields: Partial<MigrationProgress>): MigrationProgress => ({
  conversations: 0,
  conversationsDone: 0,
  messagesSeen: 0,
  migrated: 0,
  skipped: 0,
  degraded: 0,
  failed: 0,
  ...fields,
})

const sink = () => {
  let text = ''
  const stream = new Writable({
    write: (chunk, _encoding, callback) => {
      text += chunk
      callback()
    },
  })
  return { stream, text: () => text }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('summarize', () => {
  it('counts messages, not conversations: progress shows before the first conversation ends', () => {
    const summary = summarize(
      progress({ conversations: 1, conversationsTotal: 1, messagesSeen: 100, migrated: 40 }),
      2_000,
    )
    expect(summary).toEqual({ done: 40, total: 100, estimated: false, rate: 20, etaSeconds: 3 })
  })

  it('estimates conversations not started at the average size of those started', () => {
    const summary = summarize(
      progress({
        conversations: 2,
        conversationsDone: 1,
        conversationsTotal: 10,
        messagesSeen: 300,
        migrated: 200,
        skipped: 50,
      }),
      5_000,
    )
    expect(summary).toMatchObject({ done: 250, total: 1_500, estimated: true, rate: 50, etaSeconds: 25 })
  })

  it('has no ETA, never NaN or Infinity, while nothing is known or nothing moves', () => {
    for (const [event, elapsed] of [
      [progress({}), 0],
      [progress({ conversations: 1, messagesSeen: 10 }), 1_000],
      [progress({ conversations: 3, messagesSeen: 30, migrated: 5 }), 1_000],
    ] as const) {
      const summary = summarize(event, elapsed)
      expect(summary.etaSeconds).toBeUndefined()
      expect(Number.isFinite(summary.rate)).toBe(true)
      expect(progressLine(event, summary)).not.toMatch(/NaN|Infinity|ETA/)
    }
  })

  it('reads as one line with counts, rate and ETA', () => {
    const event = progress({
      conversations: 4,
      conversationsDone: 3,
      conversationsTotal: 12,
      messagesSeen: 1_600,
      migrated: 1_150,
      skipped: 50,
      failed: 2,
    })
    expect(progressLine(event, summarize(event, 6_000))).toBe(
      '1,202 of ~4,800 messages (25 %), 3/12 conversations, 2 failed, 200 msg/s, ETA 18 s',
    )
  })
})

describe('createProgress', () => {
  it('off a terminal, writes a line to stderr every few seconds while something changes, and a last one', () => {
    vi.useFakeTimers()
    const err = sink()
    const out = sink()
    let now = 0
    const view = createProgress({
      mode: 'lines',
      out: out.stream,
      err: err.stream,
      everyMs: 5_000,
      now: () => now,
    })
    view.update(progress({ conversations: 1, conversationsTotal: 1, messagesSeen: 100, migrated: 10 }))
    expect(err.text()).toBe('')
    now = 5_000
    vi.advanceTimersByTime(5_000)
    expect(err.text()).toBe('colloquy: 10 of 100 messages (10 %), 0/1 conversations, 2 msg/s, ETA 45 s\n')
    // Nothing new: no new line.
    vi.advanceTimersByTime(5_000)
    expect(err.text().split('\n')).toHaveLength(2)
    view.update(
      progress({
        conversations: 1,
        conversationsDone: 1,
        conversationsTotal: 1,
        messagesSeen: 100,
        migrated: 100,
      }),
    )
    now = 10_000
    view.stop()
    expect(err.text().split('\n').at(-2)).toBe(
      'colloquy: 100 of 100 messages (100 %), 1/1 conversations, 10 msg/s, ETA 0 s',
    )
    expect(out.text()).toBe('')
  })

  it('with --json, writes progress lines to stdout at most every 100 ms, and every conversation event', () => {
    const out = sink()
    let now = 0
    const view = createProgress({ mode: 'json', out: out.stream, err: sink().stream, now: () => now })
    view.update(progress({ migrated: 1, current: 'c' }))
    now = 50
    view.update(progress({ migrated: 2, current: 'c' }))
    view.update(progress({ migrated: 2, conversationsDone: 1 }))
    now = 200
    view.update(progress({ migrated: 3, current: 'c' }))
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.map((line) => [line.type, line.migrated])).toEqual([
      ['progress', 1],
      ['progress', 2],
      ['progress', 3],
    ])
  })

  it('with --quiet, writes nothing', () => {
    const out = sink()
    const err = sink()
    const view = createProgress({ mode: 'quiet', out: out.stream, err: err.stream })
    view.update(progress({ migrated: 1 }))
    view.stop()
    expect(out.text() + err.text()).toBe('')
  })
})
