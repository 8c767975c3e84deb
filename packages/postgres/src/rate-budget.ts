/**
 * One vendor request budget shared by every worker through PostgreSQL.
 *
 * Each request reserves the next start time of the budget in one statement (GCRA: the budget
 * keeps a single "next start" instant and moves it on by 1/rate per request), then sleeps until
 * then — no polling, no lock held while waiting, and starts stay evenly spaced however many
 * processes share the row. A 429 seen by any worker pauses all of them until its `Retry-After`.
 * When the vendor does not publish its budget the rate adapts (additive increase, multiplicative
 * decrease): it doubles each second until the first 429, which halves it; later bursts of 429s
 * cut it by a fifth (once per burst); in between it grows by 3 % a second of the rate at the last
 * cut, and by 0.5 % once past 95 % of it, so 429s stay rare.
 *
 * @module
 */
import { openPool, type PostgresConnection } from './connection.js'
import { ensureSchema, schemaName } from './schema.js'

/** What a transport calls around each attempt. */
export interface RateBudget {
  /** Resolves when one more request may start; rejects with the signal's reason if aborted. */
  readonly acquire: (signal?: AbortSignal) => Promise<void>
  /** How a request ended: a 429 (with the server's wait, if it gave one) or any other answer. */
  readonly settle: (outcome: { readonly rateLimited: boolean; readonly retryAfterMs?: number }) => void
}

/** The vendor's published budget. */
export interface KnownBudget {
  /** Requests allowed per `intervalMs`. */
  readonly requests: number
  readonly intervalMs: number
  /**
   * Share of the budget left unused, so that jitter between a grant and the vendor's count (a busy
   * event loop, the network) cannot push a window over. Default 0.05.
   */
  readonly headroom?: number
}

/** A budget the vendor does not publish: found by probing. */
export interface AdaptiveBudget {
  /** Requests per second to start from. Default 10. */
  readonly initialRate?: number
  /** Never more than this, requests per second. Default 1,000. */
  readonly maxRate?: number
  /** Never less than this, requests per second. Default 0.5. */
  readonly minRate?: number
  /** 429s within this many ms of a cut belong to the same burst and do not cut again. Default 1,000. */
  readonly cutCooldownMs?: number
}

export type PostgresRateBudgetOptions = PostgresConnection & {
  /** The budget's name: every worker using one name shares one budget (e.g. `sunshine:<appId>`). */
  readonly name: string
  /** Schema of the `rate_budgets` table. Default `colloquy`. */
  readonly schema?: string
  /** Waits `ms` unless `signal` aborts first. Default: a timer (tests pass their own). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /**
   * The longest a 429's `Retry-After` pauses every worker, in ms. Default 60,000, the transport's
   * own `maxRetryAfterMs`: a longer ask already ends the request that got it with `RateLimited`
   * (retried later by the queue), and a server asking for days must not stop every worker silently.
   */
  readonly maxPauseMs?: number
} & ({ readonly budget: KnownBudget } | { readonly adaptive: AdaptiveBudget })

export interface PostgresRateBudget extends RateBudget {
  /** The budget's state now, for progress displays and tests. */
  readonly state: () => Promise<RateBudgetState>
  /** Sends pending feedback and ends the pool if this budget made it. */
  readonly close: () => Promise<void>
}

export interface RateBudgetState {
  /** Requests per second granted now. */
  readonly rate: number
  readonly adaptive: boolean
  /** The rate at the last cut (adaptive only). */
  readonly ceiling?: number
  readonly granted: number
  readonly rateLimited: number
  readonly pausedUntil?: Date
}

/** Growth while no 429 was seen yet: each success adds this many requests/s (the rate doubles each second). */
const slowStartStep = 1
/**
 * Growth after a cut: per second of successes, this share of the rate at the last cut (the
 * ceiling) — quick back towards the ceiling, careful past 95 % of it, where the last 429 came.
 */
const additiveShare = 0.03
const probingShare = 0.005
/** A cut keeps this share of the rate. */
const decreaseFactor = 0.8

/** Slots one `acquire` may take when it keeps waking up too late for them. */
const maxReservations = 3
/** How late a start may be before its slot is given up: one slot's worth, at least a busy event loop's usual delay. */
const lateAfterMs = (spacingMs: number) => Math.max(spacingMs, 50)

const positive = (value: number | undefined, name: string) => {
  if (value !== undefined && !(Number.isFinite(value) && value > 0))
    throw new TypeError(`postgresRateBudget: ${name} must be a positive number, not ${value}`)
  return value
}

const timerSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort)
      resolve()
    }, ms)
    const abort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', abort, { once: true })
  })

/**
 * A {@link RateBudget} in `<schema>.rate_budgets`, row `name`. With `budget` the rate is fixed at
 * `requests / intervalMs` less the headroom; with `adaptive` it is found by probing. The row is
 * created by the first worker; later workers with other settings update a fixed budget to theirs
 * and leave an adaptive one where it has got to.
 */
export const postgresRateBudget = (options: PostgresRateBudgetOptions): PostgresRateBudget => {
  const schema = schemaName(options.schema)
  if (typeof options.name !== 'string' || options.name === '')
    throw new TypeError('postgresRateBudget: name must be a non-empty string')
  const adaptive = 'adaptive' in options
  let rate: number
  let maxRate: number
  let minRate: number
  let cutCooldownMs = 1_000
  if ('adaptive' in options) {
    cutCooldownMs = positive(options.adaptive.cutCooldownMs, 'adaptive.cutCooldownMs') ?? cutCooldownMs
    rate = positive(options.adaptive.initialRate, 'adaptive.initialRate') ?? 10
    maxRate = positive(options.adaptive.maxRate, 'adaptive.maxRate') ?? 1_000
    minRate = positive(options.adaptive.minRate, 'adaptive.minRate') ?? 0.5
  } else {
    const { requests, intervalMs, headroom = 0.05 } = options.budget
    positive(requests, 'budget.requests')
    positive(intervalMs, 'budget.intervalMs')
    if (!(headroom >= 0 && headroom < 1))
      throw new TypeError(`postgresRateBudget: budget.headroom must be in [0, 1), not ${headroom}`)
    // Evenly spaced starts put one more in a window than its length holds spacings (a start at
    // each end): one request fewer per interval keeps that one within the budget.
    rate = (Math.max(requests - 1, requests / 2) / intervalMs) * 1000 * (1 - headroom)
    maxRate = rate
    minRate = rate
  }
  const { pool, close } = openPool(options)
  const table = `${schema}.rate_budgets`
  const sleep = options.sleep ?? timerSleep
  const maxPauseMs = positive(options.maxPauseMs, 'maxPauseMs') ?? 60_000
  // The end of a pause this process learnt of itself (a 429 it got), by its own clock.
  let localPauseUntil = 0
  // Successes not yet written: they ride along with the next reservation instead of a write each.
  let pendingSuccesses = 0
  // Cuts and pauses being written; `state` and `close` wait for them.
  const feedback = new Set<Promise<unknown>>()
  let ready: Promise<void> | undefined

  const prepare = () => {
    ready ??= (async () => {
      await ensureSchema(pool, schema)
      await pool.query(
        `insert into ${table} as b (name, rate, max_rate, adaptive) values ($1, $2, $3, $4)
         on conflict (name) do update set
           rate = case when b.adaptive and excluded.adaptive then b.rate else excluded.rate end,
           max_rate = excluded.max_rate, adaptive = excluded.adaptive`,
        [options.name, rate, maxRate, adaptive],
      )
    })().catch((error) => {
      ready = undefined
      throw error
    })
    return ready
  }

  // One statement: apply pending growth, then take the next start time and move it on.
  const reserve = `
    with current as (
      select name,
        greatest(next_at, clock_timestamp(), paused_until) as start,
        case when not adaptive then rate
             when ceiling is null then least(max_rate, rate + $2 * ${slowStartStep})
             else least(max_rate, rate + $2 * ceiling
               * (case when rate < 0.95 * ceiling then ${additiveShare} else ${probingShare} end) / rate)
        end as rate
      from ${table} where name = $1 for update
    )
    update ${table} b set
      rate = current.rate,
      next_at = current.start + make_interval(secs => 1.0 / current.rate),
      granted = b.granted + 1
    from current where b.name = current.name
    returning extract(epoch from current.start - clock_timestamp()) * 1000 as wait_ms,
      1000.0 / current.rate as spacing_ms`

  const cut = `
    update ${table} set
      -- the rate at the first cut may be twice too high (the doubling overshoots), the one at the
      -- second is the vendor's; after that a 429 from jitter lowers the ceiling by 5 % at most
      ceiling = case when adaptive and decreased_at < clock_timestamp() - make_interval(secs => $3)
                     then case when cuts < 2 then rate else greatest(rate, ceiling * 0.95) end
                     else ceiling end,
      cuts = case when adaptive and decreased_at < clock_timestamp() - make_interval(secs => $3)
                  then cuts + 1 else cuts end,
      -- the first cut ends the doubling, which may have overshot by up to twice: halve then
      rate = case when adaptive and decreased_at < clock_timestamp() - make_interval(secs => $3)
                  then greatest($4, rate * case when ceiling is null then 0.5 else ${decreaseFactor} end)
                  else rate end,
      decreased_at = case when adaptive and decreased_at < clock_timestamp() - make_interval(secs => $3)
                          then clock_timestamp() else decreased_at end,
      paused_until = greatest(paused_until, clock_timestamp() + make_interval(secs => $2)),
      rate_limited = rate_limited + 1
    where name = $1`

  /** Milliseconds the budget is still paused for, by the database's clock. */
  const remainingPause = async () => {
    const result = await pool.query<{ paused_ms: string | null }>(
      `select extract(epoch from paused_until - clock_timestamp()) * 1000 as paused_ms from ${table} where name = $1`,
      [options.name],
    )
    return Number(result.rows[0]?.paused_ms ?? 0)
  }

  return {
    acquire: async (signal) => {
      if (signal?.aborted) throw signal.reason
      await prepare()
      for (let reservation = 1; ; reservation++) {
        const successes = pendingSuccesses
        pendingSuccesses = 0
        const result = await pool.query<{ wait_ms: string; spacing_ms: string }>(reserve, [
          options.name,
          successes,
        ])
        if (result.rowCount === 0) {
          // The row is gone (a cleanup mid-run): without it every request would start at once.
          ready = undefined
          await prepare()
          continue
        }
        const waitMs = Number(result.rows[0]?.wait_ms ?? 0)
        const due = performance.now() + Math.max(0, waitMs)
        if (waitMs <= 0) return
        await sleep(waitMs, signal)
        if (reservation >= maxReservations) return
        // A start that came much later than its slot (a stalled event loop) would land among the
        // slots of the requests after it: give it up and take a new one.
        if (performance.now() - due > lateAfterMs(Number(result.rows[0]?.spacing_ms ?? 0))) continue
        // A 429 seen meanwhile, here or by another worker, paused the budget after this slot was
        // taken: wait the pause out and take a slot after it, rather than add to the 429s.
        const pausedMs = Math.max(localPauseUntil - performance.now(), await remainingPause())
        if (pausedMs <= 0) return
        await sleep(pausedMs, signal)
      }
    },
    settle: (outcome) => {
      if (!outcome.rateLimited) {
        if (adaptive) pendingSuccesses++
        return
      }
      const retryAfterMs = outcome.retryAfterMs ?? 0
      const retryAfterSeconds =
        Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? Math.min(retryAfterMs, maxPauseMs) / 1000 : 0
      localPauseUntil = Math.max(localPauseUntil, performance.now() + retryAfterSeconds * 1000)
      // Feedback must never fail the request that gave it; the next reservation sees the database anyway.
      const written = prepare()
        .then(() => pool.query(cut, [options.name, retryAfterSeconds, cutCooldownMs / 1000, minRate]))
        .catch(() => undefined)
        .finally(() => feedback.delete(written))
      feedback.add(written)
    },
    state: async () => {
      await Promise.all(feedback)
      await prepare()
      const result = await pool.query<{
        rate: number
        adaptive: boolean
        ceiling: number | null
        granted: string
        rate_limited: string
        paused_until: Date | null
      }>(
        `select rate, adaptive, ceiling, granted, rate_limited,
           case when paused_until > clock_timestamp() then paused_until end as paused_until
         from ${table} where name = $1`,
        [options.name],
      )
      const row = result.rows[0]
      if (!row) throw new Error(`postgresRateBudget: budget ${options.name} disappeared from ${table}`)
      return {
        rate: row.rate,
        adaptive: row.adaptive,
        ...(row.ceiling !== null ? { ceiling: row.ceiling } : {}),
        granted: Number(row.granted),
        rateLimited: Number(row.rate_limited),
        ...(row.paused_until ? { pausedUntil: row.paused_until } : {}),
      }
    },
    close: async () => {
      await Promise.all(feedback)
      await close()
    },
  }
}
