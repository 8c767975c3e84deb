/**
 * Client-side rate limiting with p-queue: a concurrency cap over whole requests, and a sliding
 * window over attempts (retries count against the vendor's budget too). p-queue is imported when
 * the first request runs, and only when a limit needs a queue.
 *
 * @module
 */
import type PQueue from 'p-queue'
import { loadPQueue } from './lazy-modules.js'
import { serverWaitMs } from './retry-after.js'

/**
 * A request budget shared beyond this client — every worker of a scale-out migration, through a
 * database (`postgresRateBudget` in `@colloquy/postgres`). Asked before every attempt (retries
 * count), and told how each attempt ended so a 429 seen by one client slows all of them.
 */
export interface RateBudget {
  /** Resolves when one more attempt may start; rejects with the signal's reason if it aborts first. */
  readonly acquire: (signal?: AbortSignal) => Promise<void>
  /** How an attempt ended: a 429 (with the server's wait, when it gave one) or any other answer. */
  readonly settle: (outcome: { readonly rateLimited: boolean; readonly retryAfterMs?: number }) => void
}

/** Client-side limits. Omitted fields are unlimited. */
export interface RateLimitConfig {
  /** Requests in flight at once (retries of a request hold its slot). */
  readonly maxConcurrent?: number
  /** Attempts allowed per `intervalMs`, in any sliding window. */
  readonly requests?: number
  /** The window of `requests`, in milliseconds. */
  readonly intervalMs?: number
  /** A budget shared with other clients, asked after this client's own limits. */
  readonly budget?: RateBudget
}

export interface RateLimiter {
  /** Runs a whole request (all its attempts) within the concurrency cap. */
  readonly run: <A>(request: () => Promise<A>) => Promise<A>
  /**
   * Resolves when a request's first attempt may start within the shared budget; `undefined` when
   * there is none. Called before ky, so a long wait for the budget is not taken for a timeout.
   */
  readonly acquireFirst: () => Promise<void> | undefined
  /**
   * Resolves when one more attempt may start within the interval budget (and, for a retry, the
   * shared budget); `undefined` when there is nothing to wait for.
   */
  readonly acquireAttempt: (retry: boolean) => Promise<void> | undefined
  /** Tells a shared budget how an attempt ended (its status and headers). */
  readonly settleAttempt: (status: number, headers: Headers) => void
}

const isPositive = (value: number | undefined): value is number =>
  value !== undefined && Number.isFinite(value) && value > 0

export const createRateLimiter = (config: RateLimitConfig | false | undefined): RateLimiter => {
  const limits = config === false || config === undefined ? {} : config
  const { maxConcurrent, requests, intervalMs, budget } = limits
  const capped = isPositive(maxConcurrent)
  const windowed = isPositive(requests) && isPositive(intervalMs)
  let queues: { readonly concurrency?: PQueue; readonly window?: PQueue } | undefined
  let loading: Promise<NonNullable<typeof queues>> | undefined
  const ready = (): Promise<NonNullable<typeof queues>> =>
    (loading ??= loadPQueue().then(
      (Queue) =>
        (queues = {
          ...(capped ? { concurrency: new Queue({ concurrency: maxConcurrent }) } : {}),
          ...(windowed
            ? { window: new Queue({ intervalCap: requests, interval: intervalMs, strict: true }) }
            : {}),
        }),
      (error: unknown) => {
        loading = undefined
        throw error
      },
    ))
  // Every attempt runs inside `run`, which has loaded the queues by then.
  const local = (): Promise<void> | undefined => queues?.window?.add(() => undefined)
  return {
    run: async (request) => {
      if (!(capped || windowed)) return request()
      const { concurrency } = queues ?? (await ready())
      return concurrency ? (concurrency.add(request) as Promise<never>) : request()
    },
    acquireFirst: () => budget?.acquire(),
    acquireAttempt: (retry) => {
      if (!(budget && retry)) return local()
      const waiting = local()
      return waiting ? waiting.then(() => budget.acquire()) : budget.acquire()
    },
    settleAttempt: (status, headers) => {
      if (!budget) return
      const wait = status === 429 ? serverWaitMs(headers) : undefined
      budget.settle(
        status === 429
          ? {
              rateLimited: true,
              ...(wait !== undefined && Number.isFinite(wait) ? { retryAfterMs: wait } : {}),
            }
          : { rateLimited: false },
      )
    },
  }
}
