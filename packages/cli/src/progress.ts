/**
 * Migration progress people can read: messages done out of the known total, the rate, and an ETA
 * that is a number or absent. A bar on a terminal, a line on stderr every few seconds off one,
 * JSON lines with `--json`, nothing with `--quiet`.
 *
 * @module
 */
import type { MigrationProgress } from '@colloquy/migrate'
import cliProgress from 'cli-progress'

/** What a progress event amounts to, for people. */
export interface ProgressSummary {
  /** Messages gone through: copied, found already there, or failed. */
  readonly done: number
  /** Messages known so far: read from the source, or estimated for conversations not started yet. */
  readonly total: number
  /** Whether `total` includes an estimate. */
  readonly estimated: boolean
  /** Messages per second since the start. */
  readonly rate: number
  /** Seconds left at the current rate, when a total is known and the rate is not zero. */
  readonly etaSeconds?: number
}

/**
 * Sums a progress event up. Conversations not started yet are estimated at the average size of
 * those started, once the number of conversations is known.
 */
export const summarize = (progress: MigrationProgress, elapsedMs: number): ProgressSummary => {
  const done = progress.migrated + progress.skipped + progress.failed
  const pending =
    progress.conversationsTotal === undefined
      ? 0
      : Math.max(progress.conversationsTotal - progress.conversations, 0)
  const average = progress.conversations > 0 ? progress.messagesSeen / progress.conversations : 0
  const total = Math.max(Math.round(progress.messagesSeen + pending * average), done)
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0
  const knowable = progress.conversationsTotal !== undefined && (pending === 0 || progress.conversations > 0)
  const etaSeconds = knowable && rate > 0 ? Math.max(0, Math.ceil((total - done) / rate)) : undefined
  return { done, total, estimated: pending > 0, rate, ...(etaSeconds === undefined ? {} : { etaSeconds }) }
}

const count = (n: number) => n.toLocaleString('en')

const duration = (seconds: number) =>
  seconds < 60
    ? `${seconds} s`
    : seconds < 3600
      ? `${Math.floor(seconds / 60)} min ${seconds % 60} s`
      : `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`

/** One line for a log: `1,200 of ~3,600 messages (33 %), 4/12 conversations, 210 msg/s, ETA 11 s`. */
export const progressLine = (progress: MigrationProgress, summary: ProgressSummary): string => {
  const { done, total, estimated, rate, etaSeconds } = summary
  const percent = total > 0 ? ` (${Math.floor((100 * done) / total)} %)` : ''
  const conversations = `${progress.conversationsDone}/${progress.conversationsTotal ?? `${progress.conversations}+`} conversations`
  const failures = progress.failed > 0 ? `, ${count(progress.failed)} failed` : ''
  const eta = etaSeconds === undefined ? '' : `, ETA ${duration(etaSeconds)}`
  return `${count(done)} of ${estimated ? '~' : ''}${count(total)} messages${percent}, ${conversations}${failures}, ${count(Math.round(rate))} msg/s${eta}`
}

/** Where progress goes: `bar` on a terminal, `lines` on a log, `json` lines on stdout, or nowhere. */
export type ProgressMode = 'bar' | 'lines' | 'json' | 'quiet'

export interface ProgressView {
  readonly update: (progress: MigrationProgress) => void
  /** Stops the bar or the timer, after a last line. */
  readonly stop: () => void
}

/**
 * The progress display of a run. `lines` writes a line to `err` every `everyMs` (default 5 s)
 * while something changed; `json` writes `{"type":"progress",…}` to `out` at most every 100 ms.
 */
export const createProgress = (options: {
  readonly mode: ProgressMode
  readonly out: NodeJS.WritableStream
  readonly err: NodeJS.WritableStream
  readonly everyMs?: number
  readonly now?: () => number
}): ProgressView => {
  const now = options.now ?? (() => performance.now())
  const started = now()
  let latest: MigrationProgress | undefined
  switch (options.mode) {
    case 'quiet':
      return { update: () => undefined, stop: () => undefined }
    case 'json': {
      let written = Number.NEGATIVE_INFINITY
      const write = (progress: MigrationProgress) => {
        written = now()
        const summary = summarize(progress, written - started)
        options.out.write(
          `${JSON.stringify({ type: 'progress', ...progress, total: summary.total, messagesPerSecond: Math.round(summary.rate), ...(summary.etaSeconds === undefined ? {} : { etaSeconds: summary.etaSeconds }) })}\n`,
        )
      }
      return {
        update: (progress) => {
          latest = progress
          // Every conversation event, and message events at most every 100 ms.
          if (progress.current === undefined || now() - written >= 100) write(progress)
        },
        stop: () => undefined,
      }
    }
    case 'lines': {
      let printed: MigrationProgress | undefined
      const print = () => {
        if (latest === undefined || latest === printed) return
        printed = latest
        options.err.write(`colloquy: ${progressLine(latest, summarize(latest, now() - started))}\n`)
      }
      const timer = setInterval(print, options.everyMs ?? 5_000)
      timer.unref()
      return {
        update: (progress) => {
          latest = progress
        },
        stop: () => {
          clearInterval(timer)
          print()
        },
      }
    }
    case 'bar': {
      const bar = new cliProgress.SingleBar(
        {
          stream: options.err,
          format: ' {bar} {line}',
          hideCursor: true,
          // Redraw at most every 100 ms however fast the events come.
          fps: 10,
        },
        cliProgress.Presets.shades_classic,
      )
      bar.start(1, 0, { line: 'starting…' })
      return {
        update: (progress) => {
          const summary = summarize(progress, now() - started)
          bar.setTotal(Math.max(summary.total, 1))
          bar.update(summary.done, { line: progressLine(progress, summary) })
        },
        stop: () => bar.stop(),
      }
    }
  }
}
