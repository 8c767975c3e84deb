/**
 * One attempt of a request, as the `fetch` ky calls: client-side rate limit, credentials and
 * fixed headers on ky's `Request`, the bounded read of the answer, and the attempt's events.
 *
 * Doing this in the `fetch` rather than in ky hooks spares ky merging hook lists and header sets
 * for every request; ky still owns the request, its timeout and its retries. The request's state
 * reaches this `fetch` as an option ky does not know, which ky passes on to `fetch` (its documented
 * way for vendor options such as undici's `dispatcher`).
 *
 * The JSON body, serialised once per request, travels the same way and is attached here, to each
 * attempt: ky's `Request` carries none. Given one, ky would clone it for every attempt (teeing
 * the body stream, for a retry that a POST gets only after a 429), and fetch, handed that
 * `Request`, would pipe its body through yet another stream; a string body is sent as it is.
 *
 * @module
 */
import { describeFailure } from './failure-mapping.js'
import type { RateLimiter } from './rate-limit.js'
import type { Redactor } from './redact.js'
import type { Emitter } from './transport-events.js'

/** Per-request state, shared by every attempt of one request. */
export interface AttemptState {
  readonly operation: string
  readonly started: number
  /** 1 for the first attempt. */
  attempt: number
  /** Redacted; set once the first attempt's credentials are known (and only when someone listens). */
  url: string
  /** Why the last attempt failed, for the next attempt's `retry` event. */
  lastFailure?: string
  /** The JSON text of the request body, if any. */
  readonly body?: string
}

/** The option under which a request's {@link AttemptState} travels through ky to the attempt. */
export const attemptStateOption = 'colloquyAttempt'

/** What an attempt needs from its client. */
export interface AttemptSettings {
  readonly provider: string
  /** The bounded fetch (see `response-body.ts`). */
  readonly fetch: (input: string, init: RequestInit) => Promise<Response>
  readonly limiter: RateLimiter
  /** Headers every request carries (e.g. `accept`, a version header). */
  readonly headers: Readonly<Record<string, string>>
  /** The credential headers of this attempt (their values are remembered as secrets). */
  readonly authenticate: () => Promise<Record<string, string>>
  readonly redactor: Redactor
  readonly events: Emitter
}

/** The `fetch` ky calls for every attempt. */
export const createAttemptFetch = (settings: AttemptSettings) => {
  const { provider, events, redactor } = settings
  const fixed = Object.entries(settings.headers)

  const emit = (request: Request, state: AttemptState, event: Record<string, unknown>) =>
    events.emit({
      provider,
      operation: state.operation,
      method: request.method,
      url: state.url,
      attempt: state.attempt,
      ...event,
    } as Parameters<Emitter['emit']>[0])

  return async (request: Request, init: RequestInit = {}): Promise<Response> => {
    const { [attemptStateOption]: carried, ...rest } = init as RequestInit & {
      [attemptStateOption]?: AttemptState
    }
    const state = carried as AttemptState
    state.attempt++
    const listening = events.listening()
    if (listening && state.attempt > 1)
      emit(request, state, { type: 'retry', reason: redactor.text(state.lastFailure ?? 'a failed attempt') })
    const limited = settings.limiter.acquireAttempt(state.attempt > 1)
    if (limited) await limited
    const headers = await settings.authenticate()
    for (const [name, value] of fixed) request.headers.set(name, value)
    for (const name in headers) request.headers.set(name, headers[name] as string)
    if (state.body !== undefined) request.headers.set('content-type', 'application/json')
    if (listening) {
      // Only now does the redactor know this attempt's credentials.
      state.url = redactor.text(request.url)
      emit(request, state, { type: 'request', headers: redactor.headers(request.headers) })
    }
    try {
      const response = await settings.fetch(request.url, {
        ...rest,
        method: request.method,
        headers: request.headers,
        signal: request.signal,
        // Never follow: the 3xx comes back as a failed response, and nothing reaches another origin.
        redirect: 'manual',
        ...(state.body === undefined ? {} : { body: state.body }),
      })
      if (!response.ok) state.lastFailure = `HTTP ${response.status}`
      settings.limiter.settleAttempt(response.status, response.headers)
      if (events.listening())
        emit(request, state, {
          type: 'response',
          status: response.status,
          durationMs: performance.now() - state.started,
        })
      return response
    } catch (error) {
      // ky aborts an attempt that timed out: the abort is its timeout.
      state.lastFailure =
        error instanceof Error && error.name === 'AbortError' ? 'TimeoutError' : describeFailure(error)
      throw error
    }
  }
}
