import { expectLeft, expectRight } from '@colloquy/core/testing'
import type { RateBudget } from '@colloquy/http'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { baseUrl, client, getMessages, useNock } from './test-support/vendor-client.js'

useNock()

/** A budget that grants at once and records what the transport tells it. */
const recordingBudget = () => {
  const calls: string[] = []
  const budget: RateBudget = {
    acquire: async () => {
      calls.push('acquire')
    },
    settle: (outcome) => {
      calls.push(
        outcome.rateLimited
          ? `429${outcome.retryAfterMs === undefined ? '' : ` wait ${outcome.retryAfterMs}`}`
          : 'ok',
      )
    },
  }
  return { budget, calls }
}

describe('createHttpClient with a shared rate budget', () => {
  it('asks the budget before every attempt and tells it how each ended', async () => {
    const { budget, calls } = recordingBudget()
    const scope = nock(baseUrl)
      .get(/messages/)
      .reply(429, {}, { 'retry-after': '0' })
      .get(/messages/)
      .reply(200, { messages: [] })
    await expectRight(
      client({ rateLimit: { budget }, retry: { limit: 2, backoffLimitMs: 1 } }).request(getMessages()),
    )
    expect(calls).toEqual(['acquire', '429 wait 0', 'acquire', 'ok'])
    scope.done()
  })

  it('passes on the wait of X-RateLimit-Reset, and leaves out one it cannot read', async () => {
    const { budget, calls } = recordingBudget()
    const scope = nock(baseUrl)
      .get(/messages/)
      .reply(429, {}, { 'x-ratelimit-reset': '7' })
      .get(/messages/)
      .reply(429, {}, { 'retry-after': 'soon' })
    await expectLeft(client({ rateLimit: { budget }, retry: false }).request(getMessages()))
    await expectLeft(client({ rateLimit: { budget }, retry: false }).request(getMessages()))
    expect(calls).toEqual(['acquire', '429 wait 7000', 'acquire', '429'])
    scope.done()
  })

  it('fails the request when the budget refuses, without sending it', async () => {
    const budget: RateBudget = {
      acquire: async () => {
        throw new Error('database unreachable')
      },
      settle: () => undefined,
    }
    const error = await expectLeft(client({ rateLimit: { budget }, retry: false }).request(getMessages()))
    expect(error).toMatchObject({ _tag: 'Network', timedOut: false })
    expect(error.message).toContain(
      'the shared rate budget did not answer (database unreachable); nothing was sent',
    )
  })
})
