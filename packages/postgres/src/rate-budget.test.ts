import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PostgresRateBudgetOptions, postgresRateBudget } from './rate-budget.js'
import { freshDatabase } from './test-support/database.js'

let connectionString: string
const opened: { close: () => Promise<void> }[] = []
/** Sleeps recorded instead of slept: the waits the budget asked for, in ms. */
const recordedWaits: number[] = []
const budget = (options: Partial<PostgresRateBudgetOptions> & Pick<PostgresRateBudgetOptions, 'name'>) => {
  const made = postgresRateBudget({
    connectionString,
    sleep: async (ms) => {
      recordedWaits.push(ms)
    },
    ...(options as object),
  } as PostgresRateBudgetOptions)
  opened.push(made)
  return made
}
const query = async <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) => {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    return (await client.query<R>(sql, values)).rows
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  connectionString = await freshDatabase()
})
afterAll(async () => {
  await Promise.all(opened.map((b) => b.close()))
})

describe('postgresRateBudget with a known budget', () => {
  it('spaces the starts of every worker 1/rate apart, however many reserve at once', async () => {
    const options = { name: 'spaced', budget: { requests: 101, intervalMs: 1000, headroom: 0 } }
    const workers = [budget(options), budget(options), budget(options)]
    await workers[0]?.state()
    const [before] = await query<{ next_at: Date }>(
      `select next_at from colloquy.rate_budgets where name = 'spaced'`,
    )
    await Promise.all(workers.flatMap((worker) => Array.from({ length: 20 }, () => worker.acquire())))
    const [after] = await query<{ span: number; granted: string }>(
      `select extract(epoch from next_at - $1::timestamptz)::float8 as span, granted from colloquy.rate_budgets where name = 'spaced'`,
      [before?.next_at],
    )
    expect(Number(after?.granted)).toBe(60)
    // 60 reservations at 100/s take at least 0.6 s of the budget's timeline: none shared a slot.
    expect(after?.span).toBeGreaterThanOrEqual(0.6 - 1e-6)
  })

  it('leaves the headroom unused, and one request per window for the two ends of a window', async () => {
    const worker = budget({ name: 'headroom', budget: { requests: 10, intervalMs: 1000 } })
    expect((await worker.state()).rate).toBeCloseTo(9 * 0.95)
  })

  it('pauses every worker after a 429 for its Retry-After, without changing a known rate', async () => {
    const options = { name: 'paused', budget: { requests: 50, intervalMs: 1000 } }
    const [one, two] = [budget(options), budget(options)]
    await one?.state()
    one?.settle({ rateLimited: true, retryAfterMs: 30_000 })
    const state = await one?.state()
    expect(state?.rateLimited).toBe(1)
    expect(state?.rate).toBeCloseTo(49 * 0.95)
    expect(state?.pausedUntil).toBeInstanceOf(Date)
    recordedWaits.length = 0
    await two?.acquire()
    // The other worker waits out (nearly all of) the 30 s the server asked for.
    expect(recordedWaits[0]).toBeGreaterThan(20_000)
  })

  it('ignores a Retry-After that is not a finite positive number', async () => {
    const worker = budget({ name: 'odd-retry', budget: { requests: 50, intervalMs: 1000 } })
    for (const retryAfterMs of [Number.NaN, -5, Number.POSITIVE_INFINITY])
      worker.settle({ rateLimited: true, retryAfterMs })
    const state = await worker.state()
    expect(state.rateLimited).toBe(3)
    expect(state.pausedUntil).toBeUndefined()
  })

  it('pauses for at most maxPauseMs, however long the Retry-After (a hostile server asking for years)', async () => {
    const options = { name: 'long-pause', budget: { requests: 50, intervalMs: 1000 } }
    const [one, two] = [budget(options), budget({ ...options, maxPauseMs: 5_000 })]
    one?.settle({ rateLimited: true, retryAfterMs: 1e11 })
    const untilDefault = (await one?.state())?.pausedUntil?.getTime() ?? 0
    expect(untilDefault - Date.now()).toBeLessThanOrEqual(60_000)
    expect(untilDefault - Date.now()).toBeGreaterThan(30_000)
    two?.settle({ rateLimited: true, retryAfterMs: 1e11 })
    const state = await two?.state()
    expect(state?.rateLimited).toBe(2)
    // The longer pause already recorded stands; a shorter cap never shortens another's pause.
    expect(state?.pausedUntil?.getTime()).toBe(untilDefault)
  })

  it('stops waiting when the signal aborts', async () => {
    const worker = postgresRateBudget({
      connectionString,
      name: 'abortable',
      budget: { requests: 1, intervalMs: 60_000, headroom: 0 },
    })
    opened.push(worker)
    await worker.acquire()
    const controller = new AbortController()
    const waiting = worker.acquire(controller.signal)
    controller.abort(new Error('stopped'))
    await expect(waiting).rejects.toThrow('stopped')
  })

  it('makes its row again when it goes missing, rather than granting every request at once', async () => {
    const worker = budget({ name: 'vanishing', budget: { requests: 11, intervalMs: 1000, headroom: 0 } })
    await worker.acquire()
    // Someone cleans up the table (the README's "drop schema", a careless delete) mid-run.
    await query(`delete from colloquy.rate_budgets where name = 'vanishing'`)
    const waitsBefore = recordedWaits.length
    await Promise.all(Array.from({ length: 5 }, () => worker.acquire()))
    // At most the first start is due at once; the others were told to wait their turn.
    expect(recordedWaits.length - waitsBefore).toBeGreaterThanOrEqual(4)
    const state = await worker.state()
    // Every acquire after the delete was granted by the row, spaced 1/rate apart as before.
    expect(state.granted).toBe(5)
    expect(state.rate).toBeCloseTo(10)
  })

  it('refuses nonsense settings before touching the database', () => {
    expect(() => budget({ name: 'bad', budget: { requests: 0, intervalMs: 1000 } })).toThrow(/requests/)
    expect(() => budget({ name: 'bad', budget: { requests: 5, intervalMs: 1000, headroom: 1 } })).toThrow(
      /headroom/,
    )
    expect(() => budget({ name: '', adaptive: {} })).toThrow(/name/)
    expect(() => budget({ name: 'bad', adaptive: { maxRate: Number.NaN } })).toThrow(/maxRate/)
  })
})

describe('postgresRateBudget with an unknown budget (adaptive)', () => {
  it('grows by a request per second per success before the first 429 (doubling each second)', async () => {
    const worker = budget({ name: 'slow-start', adaptive: { initialRate: 4 } })
    await worker.acquire()
    for (let i = 0; i < 10; i++) worker.settle({ rateLimited: false })
    await worker.acquire()
    expect((await worker.state()).rate).toBeCloseTo(14)
  })

  it('halves the rate at the first 429, cuts it by 20 % at later ones, once per burst, and grows additively', async () => {
    const worker = budget({ name: 'aimd', adaptive: { initialRate: 100, cutCooldownMs: 60_000 } })
    await worker.acquire()
    worker.settle({ rateLimited: true })
    worker.settle({ rateLimited: true })
    worker.settle({ rateLimited: true })
    let state = await worker.state()
    // The doubling may have overshot twice over: halved, once for the burst.
    expect(state.rate).toBeCloseTo(50)
    expect(state.ceiling).toBeCloseTo(100)
    expect(state.rateLimited).toBe(3)
    // 25 successes at rate 50 after a cut from 100: + 25 × 100 × 0.03 / 50 = + 1.5 requests/s.
    for (let i = 0; i < 25; i++) worker.settle({ rateLimited: false })
    await worker.acquire()
    state = await worker.state()
    expect(state.rate).toBeCloseTo(51.5)
    // The burst is over (as if the cooldown had passed): the next 429 cuts by a fifth.
    await query(`update colloquy.rate_budgets set decreased_at = '-infinity' where name = 'aimd'`)
    worker.settle({ rateLimited: true })
    state = await worker.state()
    expect(state.rate).toBeCloseTo(51.5 * 0.8)
    expect(state.ceiling).toBeCloseTo(51.5)
  })

  it('shares the adapted rate with a worker that joins later, and stays within its bounds', async () => {
    const first = budget({ name: 'shared-aimd', adaptive: { initialRate: 10, maxRate: 12 } })
    await first.acquire()
    for (let i = 0; i < 100; i++) first.settle({ rateLimited: false })
    await first.acquire()
    const second = budget({ name: 'shared-aimd', adaptive: { initialRate: 1, maxRate: 12 } })
    expect((await second.state()).rate).toBeCloseTo(12)
    const floor = budget({ name: 'floor', adaptive: { initialRate: 1, minRate: 0.9, cutCooldownMs: 1 } })
    await floor.acquire()
    floor.settle({ rateLimited: true })
    expect((await floor.state()).rate).toBeCloseTo(0.9)
  })
})
