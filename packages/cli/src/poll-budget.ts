/**
 * How often `colloquy sync` polls a source without webhooks: as often as half of the vendor's
 * request budget allows, given what one poll costs (the requests of the previous one).
 *
 * @module
 */
import { ultraCartRateLimit } from '@colloquy/ultracart-adapter'
import type { AdapterConfig } from './config.js'
import { formatDuration } from './duration.js'

/** The part of the budget polling may spend: the rest is for the copies and for the business's own use. */
export const pollShare = 0.5
/** Never more often than this. */
export const minimumPollMs = 5_000

/** A request budget: `requests` per `intervalMs`. */
export interface Budget {
  readonly requests: number
  readonly intervalMs: number
}

/** The budget the source's adapter keeps to: its config's `rateLimit`, else the vendor's default; none when off. */
export const budgetOf = (config: AdapterConfig): Budget | undefined => {
  const limit = (config as { rateLimit?: false | { requests?: number; intervalMs?: number } }).rateLimit
  if (limit === false) return undefined
  if (limit?.requests !== undefined && limit.intervalMs !== undefined)
    return { requests: limit.requests, intervalMs: limit.intervalMs }
  return config.provider === 'ultracart'
    ? { requests: ultraCartRateLimit.requests as number, intervalMs: ultraCartRateLimit.intervalMs as number }
    : undefined
}

/** The wait before the next poll when one costs `requestsPerPoll`: within `pollShare` of `budget`. */
export const pollIntervalFor = (budget: Budget | undefined, requestsPerPoll: number): number =>
  budget === undefined
    ? minimumPollMs
    : Math.max(
        minimumPollMs,
        Math.ceil((Math.max(1, requestsPerPoll) * budget.intervalMs) / (pollShare * budget.requests)),
      )

/**
 * The interval function a sync asks before each wait: measured from the source's request count,
 * which it reads at each call (the requests since the previous call are one poll's cost).
 */
export const adaptivePollInterval = (budget: Budget | undefined, requestCount: () => number) => {
  let counted: number | undefined
  return (): number => {
    const now = requestCount()
    // Before the first poll, its cost is not known: one listing page.
    const cost = counted === undefined ? 1 : now - counted
    counted = now
    return pollIntervalFor(budget, cost)
  }
}

/** `every 7.2 s (a poll costs 1 request; half of 1,000 requests an hour)`, for the start message. */
export const describePolling = (budget: Budget | undefined, intervalMs: number): string =>
  budget === undefined
    ? `every ${formatDuration(intervalMs)} (no request budget configured)`
    : `about every ${formatDuration(intervalMs)} at first, adapting to what a poll costs so it spends at most half of its budget of ${budget.requests.toLocaleString('en')} requests per ${formatDuration(budget.intervalMs)}`
