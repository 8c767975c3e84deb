/**
 * Deterministic fault injection: every decision comes from a seeded generator, drawn once per
 * request in arrival order, so a run with the same seed and the same traffic fails the same way.
 *
 * @module
 */

/** Faults an emulator injects. Shares are probabilities from 0 to 1, drawn per request. */
export interface Faults {
  /** Seed of the generator behind every decision. Default 1. */
  readonly seed?: number
  /** Added delay before each answer, in milliseconds: fixed, or uniform in `[min, max]`. */
  readonly latencyMs?: number | { readonly min: number; readonly max: number }
  /**
   * A server-side rate limit: past `requests` within any `intervalMs` window, requests are
   * answered 429 with `Retry-After` (whole seconds until the window frees a slot).
   */
  readonly rateLimit?: { readonly requests: number; readonly intervalMs: number }
  /** Share answered 500/502/503 before any processing (nothing stored). */
  readonly serverErrors?: number
  /** Share whose connection is reset before any processing. */
  readonly resets?: number
  /** Share processed (stored) whose connection is then reset: the client never learns it worked. */
  readonly lostResponses?: number
  /** Share held without an answer for `stallMs` (then reset), longer than a client timeout. */
  readonly stalls?: number
  /** How long a stall lasts. Default 60,000 ms (or until the emulator closes). */
  readonly stallMs?: number
  /** Share of successful JSON answers cut off mid-body after processing. */
  readonly malformed?: number
}

/** What to do with one request. */
export type FaultDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'rateLimited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'serverError'; readonly status: 500 | 502 | 503 }
  | { readonly kind: 'reset' }
  | { readonly kind: 'lostResponse' }
  | { readonly kind: 'stall'; readonly ms: number }
  | { readonly kind: 'malformed' }

/** Counts of faults injected so far, by kind. */
export type FaultCounts = Readonly<Record<Exclude<FaultDecision['kind'], 'none'>, number>>

/** mulberry32: a small, fast, well-distributed 32-bit generator, enough for test faults. */
const generator = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const serverStatuses = [500, 502, 503] as const

export interface FaultInjector {
  readonly set: (faults: Faults) => void
  readonly decide: (now: number) => FaultDecision
  readonly latency: () => number
  readonly counts: () => FaultCounts
}

export const createFaultInjector = (initial: Faults = {}): FaultInjector => {
  let faults = initial
  let random = generator(faults.seed ?? 1)
  let arrivals: number[] = []
  const counts = { rateLimited: 0, serverError: 0, reset: 0, lostResponse: 0, stall: 0, malformed: 0 }

  const rateLimit = (now: number): FaultDecision | undefined => {
    const limit = faults.rateLimit
    if (!limit) return undefined
    arrivals = arrivals.filter((at) => at > now - limit.intervalMs)
    if (arrivals.length < limit.requests) {
      arrivals.push(now)
      return undefined
    }
    const freesAt = (arrivals[0] ?? now) + limit.intervalMs
    return { kind: 'rateLimited', retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) }
  }

  const draw = (): FaultDecision => {
    const r = random()
    let edge = 0
    const within = (share: number | undefined) => {
      edge += share ?? 0
      return r < edge
    }
    if (within(faults.resets)) return { kind: 'reset' }
    if (within(faults.stalls)) return { kind: 'stall', ms: faults.stallMs ?? 60_000 }
    if (within(faults.serverErrors))
      return { kind: 'serverError', status: serverStatuses[Math.floor(random() * 3)] ?? 500 }
    if (within(faults.lostResponses)) return { kind: 'lostResponse' }
    if (within(faults.malformed)) return { kind: 'malformed' }
    return { kind: 'none' }
  }

  return {
    set: (next) => {
      faults = next
      random = generator(next.seed ?? 1)
      arrivals = []
    },
    decide: (now) => {
      const decision = rateLimit(now) ?? draw()
      if (decision.kind !== 'none') counts[decision.kind]++
      return decision
    },
    latency: () => {
      const latency = faults.latencyMs
      if (latency === undefined) return 0
      if (typeof latency === 'number') return latency
      return latency.min + random() * (latency.max - latency.min)
    },
    counts: () => ({ ...counts }),
  }
}
