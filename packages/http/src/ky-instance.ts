/**
 * The ky instances behind a client: one per retry policy (idempotent or not), built once, since
 * per-call retry options would be deep-merged by ky on every request. No hooks and no headers:
 * ky merges both for every request, and the attempt's own `fetch` does that work (`attempt.ts`);
 * an `afterResponse` hook would also make ky tee every response body.
 *
 * @module
 */
import type { KyInstance } from 'ky'
import { CredentialError } from './failure-mapping.js'
import type { KyModule } from './lazy-modules.js'
import { UnreadableBodyError } from './response-body.js'
import { serverWaitMs } from './retry-after.js'

/** Everything a ky instance of the transport needs. */
export interface KySettings {
  /** GET, PUT and DELETE: retried on network errors, timeouts and cut-off bodies too. */
  readonly idempotent: boolean
  /** The attempt (see `attempt.ts`): rate limit, credentials, bounded read, events. */
  readonly fetch: typeof globalThis.fetch
  readonly timeoutMs: number
  readonly retryLimit: number
  readonly maxRetryAfterMs: number
  readonly backoffLimitMs: number
}

/** Whether ky may retry after `error`; `undefined` leaves it to ky's rules (status codes, timeouts). */
const retryDecision = (ky: KyModule, settings: KySettings, error: Error): false | undefined => {
  if (error instanceof CredentialError) return false
  // A cut-off body may come whole next time; an oversized one will not.
  if (error instanceof UnreadableBodyError)
    return error.reason === 'not-json' && settings.idempotent ? undefined : false
  if (error instanceof ky.HTTPError) {
    const { status, headers } = error.response
    // ky would sleep up to maxRetryAfter whatever the server asked; a longer ask ends the request.
    const wait = status === 429 || status === 503 ? serverWaitMs(headers) : undefined
    if (wait !== undefined && wait > settings.maxRetryAfterMs) return false
    // A 429 provably was not processed; any other failure of a POST/PATCH might have been.
    if (!settings.idempotent && status !== 429) return false
    return undefined
  }
  return settings.idempotent ? undefined : false
}

/** A ky instance (of the loaded `ky` module) with the transport's retry policy and timeout; the attempt does the rest. */
export const createKyInstance = (ky: KyModule, settings: KySettings): KyInstance =>
  ky.default.create({
    timeout: settings.timeoutMs,
    throwHttpErrors: true,
    fetch: settings.fetch,
    retry: {
      limit: settings.retryLimit,
      methods: ['get', 'put', 'delete', 'post', 'patch'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      maxRetryAfter: settings.maxRetryAfterMs,
      backoffLimit: settings.backoffLimitMs,
      jitter: true,
      retryOnTimeout: settings.idempotent,
      shouldRetry: ({ error }) => retryDecision(ky, settings, error),
    },
  })
