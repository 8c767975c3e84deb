/**
 * The transport settings every vendor adapter's config accepts, their defaults, and the check
 * of `baseUrl`.
 *
 * @module
 */
import type { RateLimitConfig } from './rate-limit.js'
import type { TransportHooks, TransportLogger } from './transport-events.js'

/** Retry policy. Retries use ky's own retry: exponential backoff with full jitter. */
export interface RetryConfig {
  /** Retries after the first attempt. Default 2. */
  readonly limit?: number
  /**
   * Longest wait a server may ask for (`Retry-After`, or `RateLimit-Reset` / `X-RateLimit-Reset`
   * and the like when it has none), in milliseconds. A longer, unreadable or infinite one ends the
   * request at once with `RateLimited` (and `retryAfterMs` when finite), leaving the decision to
   * the caller. Default 60,000.
   */
  readonly maxRetryAfterMs?: number
  /** Longest backoff between two attempts when the vendor gives no wait. Default 10,000 ms. */
  readonly backoffLimitMs?: number
}

/** The transport settings every vendor adapter's config accepts (DESIGN §5). */
export interface TransportConfig {
  /**
   * The vendor's API root, an absolute `http(s)` URL; each adapter has its own default. User info
   * (`user:password@`), a query or a fragment is refused when the adapter is created.
   */
  readonly baseUrl?: string
  /** Timeout of one attempt, including reading the body, in milliseconds. Default 30,000. */
  readonly timeoutMs?: number
  /** Retry policy, or `false` for no retries. */
  readonly retry?: RetryConfig | false
  /** Client-side limits, merged over the adapter's vendor defaults; `false` for none. */
  readonly rateLimit?: RateLimitConfig | false
  /**
   * Largest response body read, in bytes, counted after decompression while it streams in; a
   * larger one is abandoned and the request fails with `Http`. Default 8 MiB (8,388,608).
   */
  readonly maxResponseBytes?: number
  /** A `fetch` to use instead of the global one (proxies, instrumentation). */
  readonly fetch?: typeof globalThis.fetch
  /** Callbacks for request, response, retry and error events (credentials redacted). */
  readonly hooks?: TransportHooks
  /** A logger for the same events (credentials redacted). */
  readonly logger?: TransportLogger
}

/** The defaults of {@link TransportConfig} and {@link RetryConfig}. */
export const transportDefaults = {
  timeoutMs: 30_000,
  retryLimit: 2,
  maxRetryAfterMs: 60_000,
  backoffLimitMs: 10_000,
  maxResponseBytes: 8 * 1024 * 1024,
} as const

/** Just the {@link TransportConfig} fields of an adapter's config (leaving its credentials behind). */
export const transportConfig = (config: TransportConfig): TransportConfig => {
  const { baseUrl, timeoutMs, retry, rateLimit, maxResponseBytes, fetch, hooks, logger } = config
  return { baseUrl, timeoutMs, retry, rateLimit, maxResponseBytes, fetch, hooks, logger }
}

/**
 * `baseUrl` with exactly one trailing slash, ready for relative paths; throws a `TypeError` that
 * names what is wrong but never repeats the URL, which may hold a password or a key.
 */
export const checkedBaseUrl = (provider: string, baseUrl: string): string => {
  const refuse = (problem: string): never => {
    throw new TypeError(`${provider}: baseUrl ${problem}; the URL is not repeated here, it may hold a secret`)
  }
  let url: URL | undefined
  try {
    url = new URL(baseUrl)
  } catch {
    refuse('is not an absolute URL')
  }
  if (url === undefined) return refuse('is not an absolute URL')
  if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse('must be an http: or https: URL')
  if (url.username !== '' || url.password !== '')
    refuse('must not contain user info (user:password@); give credentials in the adapter config')
  if (url.search !== '' || baseUrl.includes('?')) refuse('must not contain a query (?…)')
  if (url.hash !== '' || baseUrl.includes('#')) refuse('must not contain a fragment (#…)')
  return url.href.endsWith('/') ? url.href : `${url.href}/`
}
