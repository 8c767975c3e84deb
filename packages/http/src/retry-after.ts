/**
 * @module
 */

/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds (`"120"`) or an HTTP date.
 * `undefined` when absent or unreadable; never negative.
 */
export const retryAfterMs = (value: string | null | undefined, now = Date.now()): number | undefined => {
  if (value === null || value === undefined || value.trim() === '') return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000))
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
