import { describe, expect, it } from 'vitest'
import { adaptivePollInterval, budgetOf, minimumPollMs, pollIntervalFor } from './poll-budget.js'

describe('polling within a vendor budget', () => {
  const hourly = { requests: 1_000, intervalMs: 3_600_000 }

  it("takes the adapter's rate limit, UltraCart's documented budget by default, none when off", () => {
    expect(budgetOf({ provider: 'ultracart', simpleKey: 'k' })).toEqual(hourly)
    expect(
      budgetOf({ provider: 'ultracart', simpleKey: 'k', rateLimit: { requests: 100, intervalMs: 60_000 } }),
    ).toEqual({ requests: 100, intervalMs: 60_000 })
    expect(budgetOf({ provider: 'ultracart', simpleKey: 'k', rateLimit: false })).toBeUndefined()
    expect(budgetOf({ provider: 'memory' })).toBeUndefined()
  })

  it('spends at most half the budget: 1,000 an hour and 10 requests a poll is a poll every 72 s', () => {
    expect(pollIntervalFor(hourly, 10)).toBe(72_000)
    expect(pollIntervalFor(hourly, 1)).toBe(7_200)
    // Cheap polls on a generous budget are still spaced; no budget: the minimum.
    expect(pollIntervalFor({ requests: 1_000_000, intervalMs: 1_000 }, 1)).toBe(minimumPollMs)
    expect(pollIntervalFor(undefined, 50)).toBe(minimumPollMs)
    // Over an hour the polls stay within half the budget, whatever they cost.
    for (const cost of [1, 3, 17, 250]) {
      const polls = 3_600_000 / pollIntervalFor(hourly, cost)
      expect(polls * cost).toBeLessThanOrEqual(500)
    }
  })

  it("adapts to what the previous poll cost, read from the source's request count", () => {
    let requests = 0
    const next = adaptivePollInterval(hourly, () => requests)
    expect(next()).toBe(7_200)
    requests += 5
    expect(next()).toBe(36_000)
    requests += 1
    expect(next()).toBe(7_200)
  })
})
