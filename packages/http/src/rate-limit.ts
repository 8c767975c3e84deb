/**
 * Client-side rate limiting with p-queue: a concurrency cap over whole requests, and a sliding
 * window over attempts (retries count against the vendor's budget too).
 *
 * @module
 */
import PQueue from 'p-queue'

/** Client-side limits. Omitted fields are unlimited. */
export interface RateLimitConfig {
  /** Requests in flight at once (retries of a request hold its slot). */
  readonly maxConcurrent?: number
  /** Attempts allowed per `intervalMs`, in any sliding window. */
  readonly requests?: number
  /** The window of `requests`, in milliseconds. */
  readonly intervalMs?: number
}

export interface RateLimiter {
  /** Runs a whole request (all its attempts) within the concurrency cap. */
  readonly run: <A>(request: () => Promise<A>) => Promise<A>
  /** Resolves when one more attempt may start within the interval budget; `undefined` when there is none. */
  readonly acquireAttempt: () => Promise<void> | undefined
}

const isPositive = (value: number | undefined): value is number =>
  value !== undefined && Number.isFinite(value) && value > 0

export const createRateLimiter = (config: RateLimitConfig | false | undefined): RateLimiter => {
  const limits = config === false || config === undefined ? {} : config
  const concurrency = isPositive(limits.maxConcurrent)
    ? new PQueue({ concurrency: limits.maxConcurrent })
    : undefined
  const window =
    isPositive(limits.requests) && isPositive(limits.intervalMs)
      ? new PQueue({ intervalCap: limits.requests, interval: limits.intervalMs, strict: true })
      : undefined
  return {
    run: (request) => (concurrency ? (concurrency.add(request) as Promise<never>) : request()),
    acquireAttempt: () => (window ? window.add(() => undefined) : undefined),
  }
}
