/**
 * Webhook de-duplication: vendors redeliver events they think were not received (Sunshine and
 * Smooch retry up to 5 times over about 15 minutes), so a handler must expect the same event
 * again. Events carry stable ids (`InboundEvent.id`) for exactly this.
 *
 * @module
 */
import type { InboundEvent } from './model.js'

/**
 * Where seen event keys are kept; the default is in memory (one process). Use a shared store
 * across processes (e.g. Redis: `SET key 1 NX PXAT expiresAt` and `DEL key`).
 */
export interface DedupeStore {
  /**
   * Records `key` until `expiresAt` (ms since epoch) unless present, atomically; resolves `true`
   * when it was new.
   */
  readonly addIfAbsent: (key: string, expiresAt: number) => boolean | Promise<boolean>
  /**
   * Forgets `key` (nothing happens when absent), so that the next delivery of the event counts as
   * new: the webhook handler calls it when handling an event failed, so the vendor's retry is not
   * taken for a duplicate.
   */
  readonly delete: (key: string) => void | Promise<void>
}

export interface EventDeduperOptions {
  /** How long an event id is remembered, in ms. Default one hour (the vendors retry for ~15 minutes). */
  readonly ttlMs?: number
  /** Default: an in-memory store holding at most `maxEntries` keys. */
  readonly store?: DedupeStore
  /** Keys the default store holds before dropping the oldest. Default 100,000. */
  readonly maxEntries?: number
  /** Milliseconds since the epoch. Default `Date.now`. */
  readonly clock?: () => number
}

/** Tells first deliveries from redeliveries. */
export interface EventDeduper {
  /** Whether this is the first time the event is seen (within the TTL); records it. */
  readonly firstTime: (event: Pick<InboundEvent, 'provider' | 'id'>) => Promise<boolean>
  /** The events of a batch seen for the first time, in order. */
  readonly filter: <E extends Pick<InboundEvent, 'provider' | 'id'>>(events: readonly E[]) => Promise<E[]>
  /** Forgets the event, so its next delivery is a first time again (for when handling it failed). */
  readonly forget: (event: Pick<InboundEvent, 'provider' | 'id'>) => Promise<void>
}

/** An in-memory {@link DedupeStore}: expired keys are dropped as new ones arrive; size is bounded. */
export const memoryDedupeStore = (
  options: { readonly maxEntries?: number; readonly clock?: () => number } = {},
): DedupeStore => {
  const clock = options.clock ?? Date.now
  const maxEntries = options.maxEntries ?? 100_000
  // Insertion order is expiry order when the TTL is constant: the oldest keys come first.
  const expiries = new Map<string, number>()
  return {
    addIfAbsent: (key, expiresAt) => {
      const now = clock()
      const existing = expiries.get(key)
      if (existing !== undefined && existing > now) return false
      expiries.delete(key)
      // Make room: drop expired keys from the front, and the oldest while over the bound.
      for (const [oldest, expiry] of expiries) {
        if (expiry > now && expiries.size < maxEntries) break
        expiries.delete(oldest)
      }
      expiries.set(key, expiresAt)
      return true
    },
    delete: (key) => {
      expiries.delete(key)
    },
  }
}

/**
 * Handles redelivered vendor events once: `firstTime(event)` is `true` only for an event id not
 * seen (and not forgotten) within `ttlMs`. Keys are `<provider>:<event id>`. Throws a `TypeError`
 * at once for a store without `addIfAbsent` and `delete`.
 *
 * @example
 * const dedupe = createEventDeduper()
 * const fresh = await dedupe.filter(await asPromises(adapter).events.parse({ headers, body }))
 */
export const createEventDeduper = (options: EventDeduperOptions = {}): EventDeduper => {
  const clock = options.clock ?? Date.now
  const ttlMs = options.ttlMs ?? 3_600_000
  const store =
    options.store ??
    memoryDedupeStore({ ...(options.maxEntries ? { maxEntries: options.maxEntries } : {}), clock })
  // Said now rather than at the first failed event, when the retry it should let through is lost.
  if (typeof store.addIfAbsent !== 'function' || typeof store.delete !== 'function')
    throw new TypeError('createEventDeduper: the store needs addIfAbsent(key, expiresAt) and delete(key)')
  const keyOf = (event: Pick<InboundEvent, 'provider' | 'id'>) => `${event.provider}:${event.id}`
  const firstTime = async (event: Pick<InboundEvent, 'provider' | 'id'>) =>
    store.addIfAbsent(keyOf(event), clock() + ttlMs)
  return {
    firstTime,
    forget: async (event) => {
      await store.delete(keyOf(event))
    },
    filter: async (events) => {
      const fresh = []
      for (const event of events) if (await firstTime(event)) fresh.push(event)
      return fresh
    },
  }
}
