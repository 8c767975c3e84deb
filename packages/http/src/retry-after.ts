/**
 * How long a server asks the client to wait, from whichever header it says it in.
 *
 * @module
 */

/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds (`"120"`) or an HTTP date.
 * `undefined` when absent or unreadable; never negative; `Infinity` for a value no clock reaches
 * (`"Infinity"`, `"1e400"`), which no cap lets through.
 */
export const retryAfterMs = (value: string | null | undefined, now = Date.now()): number | undefined => {
  if (value === null || value === undefined || value.trim() === '') return undefined
  const seconds = Number(value)
  if (!Number.isNaN(seconds))
    return Number.isFinite(seconds) ? Math.max(0, Math.round(seconds * 1000)) : Infinity
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * The headers ky reads the wait from when a 429 or 503 has no `Retry-After`, in ky's order.
 * `X-RateLimit-Reset` and the like hold delta-seconds or, past 2024-01-01, a Unix timestamp.
 */
const waitHeaders = [
  'retry-after',
  'ratelimit-reset',
  'x-ratelimit-retry-after',
  'x-ratelimit-reset',
  'x-rate-limit-reset',
] as const
const timestampThresholdMs = Date.parse('2024-01-01')

/**
 * The wait a response asks for, read exactly as ky reads it before its retry (so a cap checked
 * on this value is the cap on ky's sleep): the first of {@link waitHeaders} present, in seconds,
 * as a Unix timestamp in seconds, or as an HTTP date; `undefined` when none is given (ky then
 * backs off on its own); `Infinity` for an unreadable or unreachable value.
 */
export const serverWaitMs = (headers: Headers, now = Date.now()): number | undefined => {
  const name = waitHeaders.find((header) => headers.has(header))
  const value = name === undefined ? '' : (headers.get(name) ?? '')
  // ky falls back to its own backoff only when the first header present is empty.
  if (value === '') return undefined
  const seconds = Number(value)
  if (Number.isNaN(seconds)) {
    const date = Date.parse(value)
    // For a value it cannot read, ky sleeps the whole `maxRetryAfter`: treat it as too long.
    return Number.isNaN(date) ? Infinity : Math.max(0, date - now)
  }
  if (!Number.isFinite(seconds)) return Infinity
  const milliseconds = seconds * 1000
  return Math.max(0, milliseconds >= timestampThresholdMs ? milliseconds - now : milliseconds)
}
