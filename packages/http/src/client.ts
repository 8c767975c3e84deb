/**
 * `createHttpClient`: the one HTTP transport every vendor adapter uses. The concepts live in their
 * own modules: the URL (`request-url.ts`), credentials into headers (`credentials.ts`), ky and its
 * retry policy (`ky-instance.ts`), each attempt (`attempt.ts`), bounded body reading and redirect
 * refusal (`response-body.ts`), decoding a 2xx (`response-decoding.ts`), failures into errors with
 * evidence (`failure-mapping.ts`, `evidence.ts`), redaction (`redact.ts`); this file wires them.
 *
 * @module
 */
import { type ColloquyError, invalidRequest, networkError } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type * as t from 'io-ts'
import type { KyInstance, Options } from 'ky'
import { type AttemptState, attemptStateOption, createAttemptFetch } from './attempt.js'
import { type Credential, createAuthenticator } from './credentials.js'
import { classifyResponse, type FailedResponse, type VendorErrorDetails } from './error-mapping.js'
import { defaultRequestIdHeaders } from './evidence.js'
import { type FailureContext, toColloquyError } from './failure-mapping.js'
import { createKyInstance } from './ky-instance.js'
import { loadKy } from './lazy-modules.js'
import { createRateLimiter, type RateLimitConfig } from './rate-limit.js'
import { createRedactor } from './redact.js'
import { type Query, requestUrl } from './request-url.js'
import { boundedFetch } from './response-body.js'
import { decodeResponse } from './response-decoding.js'
import { checkedBaseUrl, type TransportConfig, transportDefaults } from './transport-config.js'
import { createEmitter } from './transport-events.js'

/** What an adapter gives the transport about its vendor. */
export interface HttpClientOptions<C> extends TransportConfig {
  readonly provider: string
  readonly baseUrl: string
  /** The credentials, as a value or a function called per attempt. */
  readonly credentials: Credential<C>
  /** Turns credentials into request headers (e.g. `Authorization`). Every value is treated as secret. */
  readonly authenticate: (credentials: C) => Record<string, string> | Promise<Record<string, string>>
  /** Headers sent with every request, e.g. a version header. */
  readonly headers?: Readonly<Record<string, string>>
  /** The vendor's documented limits, used where `rateLimit` does not override them. */
  readonly defaultRateLimit?: RateLimitConfig
  /** Reads message and code out of the vendor's error body (or headers); both are then redacted. */
  readonly errorDetails?: (body: unknown, headers: Headers) => VendorErrorDetails | undefined
  /** Maps a failed response to an error; default {@link classifyResponse}. */
  readonly classifyError?: (response: FailedResponse) => ColloquyError
  /** Response headers holding the vendor's request id, first found wins; default a common list (`x-request-id`, …). */
  readonly requestIdHeaders?: readonly string[]
}

/** The methods the transport sends; GET, PUT and DELETE count as idempotent for retries. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** A failure a vendor reports inside a 2xx body (e.g. UltraCart's `success: false`). */
export interface VendorFailure {
  /** The HTTP status the vendor names for it, when it names one; it picks the error tag. */
  readonly status?: number
  readonly details: VendorErrorDetails
}

/** One request. */
export interface HttpRequest<A> {
  /** The port operation this request serves, e.g. `'messages.list'`; it names errors and events. */
  readonly operation: string
  readonly method: HttpMethod
  /** Path segments below `baseUrl`, each percent-encoded, so an id cannot change the path. */
  readonly path: readonly string[]
  /** Query parameters; `undefined` values are left out. */
  readonly query?: Query
  /** A JSON body. */
  readonly json?: unknown
  /**
   * Decodes the 2xx body (`undefined` when empty); a mismatch is a `Decode` error. A body for which
   * `codec.is` holds is returned as it is, so codecs must not strip keys (use `t.type`, not `t.exact`).
   */
  readonly codec: t.Type<A, unknown>
  /** What the request is about, for `NotFound` errors. */
  readonly resource?: { readonly name: string; readonly id?: string }
  /** Reads a failure out of a decoded 2xx body; it becomes an error with the response's evidence. */
  readonly vendorFailure?: (body: A) => VendorFailure | undefined
}

/** A configured transport for one adapter instance. */
export interface HttpClient {
  readonly provider: string
  /**
   * Sends a request with retries, timeouts and rate limits, and decodes the answer. Never rejects:
   * failures are `InvalidRequest` (bad path, 4xx), `Unauthorized`, `NotFound`, `RateLimited`,
   * `Http` (other statuses, a refused redirect, a body over `maxResponseBytes`), `Decode` or
   * `Network`, each with the response's evidence and credentials redacted.
   */
  readonly request: <A>(request: HttpRequest<A>) => TaskEither<ColloquyError, A>
  /** Replaces every credential this client has used (in any encoding) and every JWT with `[REDACTED]`. */
  readonly redact: (text: string) => string
}

const idempotentMethods = new Set<HttpMethod>(['GET', 'PUT', 'DELETE'])

/**
 * Creates the transport for one adapter instance: a ky client with the vendor's auth, retries,
 * per-attempt timeouts, client-side rate limits, bounded bodies, no redirects, error mapping with
 * evidence, decoding, redaction and events. Throws a `TypeError` for a `baseUrl` that is not an
 * absolute http(s) URL or holds user info, a query or a fragment (without repeating it). ky and
 * p-queue are imported with the first request, so a process that only parses webhooks never loads them.
 */
export const createHttpClient = <C>(options: HttpClientOptions<C>): HttpClient => {
  const { provider } = options
  const base = checkedBaseUrl(provider, options.baseUrl)
  const redactor = createRedactor()
  const events = createEmitter(options.hooks, options.logger)
  const limiter = createRateLimiter(
    options.rateLimit === false ? false : { ...options.defaultRateLimit, ...options.rateLimit },
  )
  const retry = options.retry === false ? { limit: 0 } : (options.retry ?? {})
  const timeoutMs = options.timeoutMs ?? transportDefaults.timeoutMs
  const failureContext = {
    provider,
    redactor,
    timeoutMs,
    requestIdHeaders: options.requestIdHeaders ?? defaultRequestIdHeaders,
    classify: options.classifyError ?? classifyResponse,
    ...(options.errorDetails ? { errorDetails: options.errorDetails } : {}),
  }

  const authenticate = createAuthenticator(options.credentials, options.authenticate, redactor)

  const kySettings = {
    fetch: createAttemptFetch({
      provider,
      fetch: boundedFetch(
        options.fetch ?? globalThis.fetch,
        options.maxResponseBytes ?? transportDefaults.maxResponseBytes,
      ),
      limiter,
      headers: { accept: 'application/json', ...options.headers },
      authenticate,
      redactor,
      events,
    }) as typeof globalThis.fetch,
    timeoutMs,
    retryLimit: retry.limit ?? transportDefaults.retryLimit,
    maxRetryAfterMs: retry.maxRetryAfterMs ?? transportDefaults.maxRetryAfterMs,
    backoffLimitMs: retry.backoffLimitMs ?? transportDefaults.backoffLimitMs,
  }
  // Built with the first request, when ky is loaded (see `lazy-modules.ts`).
  let kyInstances: Promise<{ readonly idempotent: KyInstance; readonly other: KyInstance }> | undefined
  const kyFor = async (method: HttpMethod): Promise<KyInstance> => {
    kyInstances ??= loadKy().then(
      (ky) => ({
        idempotent: createKyInstance(ky, { ...kySettings, idempotent: true }),
        other: createKyInstance(ky, { ...kySettings, idempotent: false }),
      }),
      (error: unknown) => {
        kyInstances = undefined
        throw error
      },
    )
    const instances = await kyInstances
    return idempotentMethods.has(method) ? instances.idempotent : instances.other
  }

  const send = async <A>(
    spec: HttpRequest<A>,
    url: string,
    state: AttemptState,
  ): Promise<E.Either<ColloquyError, A>> => {
    const { operation, method } = spec
    const context: FailureContext = {
      ...failureContext,
      operation,
      ...(spec.resource ? { resource: spec.resource } : {}),
    }
    let response: Response
    try {
      response = await (await kyFor(method))(url, {
        method,
        [attemptStateOption]: state,
      } as Options)
    } catch (error) {
      return E.left(toColloquyError(context, error, url))
    }
    return decodeResponse(spec, context, response)
  }

  const execute = async <A>(spec: HttpRequest<A>): Promise<E.Either<ColloquyError, A>> => {
    const { operation, method } = spec
    const target = requestUrl(base, spec.path, spec.query)
    if ('problem' in target) {
      return E.left(invalidRequest({ provider, operation, message: `${operation}: ${target.problem}` }))
    }
    const state: AttemptState = {
      operation,
      started: performance.now(),
      attempt: 0,
      url: '',
      // Serialised once, sent by every attempt (see `attempt.ts`).
      ...(spec.json === undefined ? {} : { body: JSON.stringify(spec.json) }),
    }
    const result = await limiter
      .run(async () => {
        const budgeted = limiter.acquireFirst()
        if (budgeted) {
          const granted = await budgeted.then(
            () => undefined,
            (error: unknown) => error,
          )
          // Nothing was sent: a retryable failure, named for what failed (the budget's store).
          if (granted !== undefined)
            return E.left(
              networkError({
                provider,
                operation,
                timedOut: false,
                message: `${operation}: the shared rate budget did not answer (${redactor.text(granted instanceof Error ? granted.message : String(granted))}); nothing was sent`,
              }),
            )
        }
        return send(spec, target.url, state)
      })
      .catch((error: unknown) =>
        // Only the queue's own import can fail here (`send` answers every failure as a value).
        E.left(
          networkError({
            provider,
            operation,
            timedOut: false,
            message: `${operation}: the rate limiter could not be loaded (${redactor.text(error instanceof Error ? error.message : String(error))}); nothing was sent`,
          }),
        ),
      )
    if (E.isLeft(result) && events.listening()) {
      events.emit({
        provider,
        operation,
        method,
        url: state.url,
        attempt: state.attempt,
        type: 'error',
        error: result.left,
        durationMs: performance.now() - state.started,
      })
    }
    return result
  }

  return { provider, request: (spec) => () => execute(spec), redact: redactor.text }
}
