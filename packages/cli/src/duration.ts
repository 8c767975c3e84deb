/**
 * Durations as people write them on a command line: `500ms`, `30s`, `5m`, `2h`, or seconds.
 *
 * @module
 */
import { InvalidArgumentError } from 'commander'

const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }

/** Milliseconds of `500ms`, `30s`, `1.5m`, `2h` or `45` (seconds); a commander argument parser. */
export const parseDuration = (value: string): number => {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(value.trim())
  const ms = match ? Math.round(Number(match[1]) * (units[match[2] ?? 's'] as number)) : Number.NaN
  if (!Number.isFinite(ms) || ms < 1 || ms > 2_147_483_647)
    throw new InvalidArgumentError("it must be a duration like '30s', '5m', '2h' or '500ms'")
  return ms
}

/** A duration for people: `850 ms`, `12.5 s`, `4 min 10 s`, `2 h 5 min`, `3 days 4 h`. */
export const formatDuration = (ms: number): string => {
  if (ms < 1_000) return `${Math.round(ms)} ms`
  const seconds = ms / 1_000
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`
  const whole = Math.round(seconds)
  if (whole < 3_600) return `${Math.floor(whole / 60)} min ${whole % 60} s`
  if (whole < 86_400) return `${Math.floor(whole / 3_600)} h ${Math.floor((whole % 3_600) / 60)} min`
  return `${Math.floor(whole / 86_400).toLocaleString('en')} days ${Math.floor((whole % 86_400) / 3_600)} h`
}
