/**
 * `createHttpClient`: the one HTTP transport every vendor adapter uses.
 *
 * @module
 */
import { type ColloquyError, decodeError, invalidRequest, networkError, unauthorized } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type * as t from 'io-ts'
import ky, { HTTPError, type KyInstance, TimeoutError } from 'ky'
import { type Credential, resolveCredential } from './credentials.js'
import { decodeWith } from './decode.js'
import { classifyResponse, type FailedResponse, type VendorErrorDetails } from './error-mapping.js'
import { encodePath } from './path.js'
import { createRateLimiter, type RateLimitConfig } from './rate-limit.js'
import { createRedactor } from './redact.js'
import { retryAfterMs } from './retry-after.js'
import { createEmitter, type TransportHooks, type TransportLogger } from './transport-events.js'

/** Retry policy. Retries use ky's own retry: exponential backoff with full jitter. */
export interface RetryConfig {
  /** Retries after the first attempt. Default 2. */
  readonly limit?: number
  /**
   * Longest `Retry-After` the client waits for, in milliseconds. A longer one ends the request at
   * once with `RateLimited` and `retryAfterMs`, leaving the decision to the caller. Default 60,000.
   */
  readonly maxRetryAfterMs?: number
  /** Longest backoff between two attempts when the vendor gives no `Retry-After`. Default 10,000 ms. */
  readonly backoffLimitMs?: number
}

/** The transport settings every vendor adapter's config accepts (DESIGN §5). */
export interface TransportConfig {
  /** The vendor's API root; each adapter has its own default. */
  readonly baseUrl?: string
  /** Timeout of one attempt, including reading the body, in milliseconds. Default 30,000. */
  readonly timeoutMs?: number
  /** Retry policy, or `false` for no retries. */
  readonly retry?: RetryConfig | false
  /** Client-side limits, merged over the adapter's vendor defaults; `false` for none. */
  readonly rateLimit?: RateLimitConfig | false
  /** A `fetch` to use instead of the global one (proxies, instrumentation). */
  readonly fetch?: typeof globalThis.fetch
  /** Callbacks for request, response, retry and error events (credentials redacted). */
  readonly hooks?: TransportHooks
  /** A logger for the same events (credentials redacted). */
  readonly logger?: TransportLogger
}

/** Just the {@link TransportConfig} fields of an adapter's config (leaving its credentials behind). */
export const transportConfig = (config: TransportConfig): TransportConfig => {
  const { baseUrl, timeoutMs, retry, rateLimit, fetch, hooks, logger } = config
  return { baseUrl, timeoutMs, retry, rateLimit, fetch, hooks, logger }
}

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
  /** Reads message and code out of the vendor's error body (or headers); the message is then redacted. */
  readonly errorDetails?: (body: unknown, headers: Headers) => VendorErrorDetails | undefined
  /** Maps a failed response to an error; default {@link classifyResponse}. */
  readonly classifyError?: (response: FailedResponse) => ColloquyError
}

/** The methods the transport sends; GET, PUT and DELETE count as idempotent for retries. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One request. */
export interface HttpRequest<A> {
  /** The port operation this request serves, e.g. `'messages.list'`; it names errors and events. */
  readonly operation: string
  readonly method: HttpMethod
  /** Path segments below `baseUrl`, each percent-encoded, so an id cannot change the path. */
  readonly path: readonly string[]
  /** Query parameters; `undefined` values are left out. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>
  /** A JSON body. */
  readonly json?: unknown
  /**
   * Decodes the 2xx body (`undefined` when empty); a mismatch is a `Decode` error. A body for which
   * `codec.is` holds is returned as it is, so codecs must not strip keys (use `t.type`, not `t.exact`).
   */
  readonly codec: t.Type<A, unknown>
  /** What the request is about, for `NotFound` errors. */
  readonly resource?: { readonly name: string; readonly id?: string }
}

/** A configured transport for one adapter instance. */
export interface HttpClient {
  readonly provider: string
  /**
   * Sends a request with retries, timeouts and rate limits, and decodes the answer. Never rejects:
   * failures are `InvalidRequest` (bad path, 4xx), `Unauthorized`, `NotFound`, `RateLimited`,
   * `Http`, `Decode` or `Network`, each with credentials redacted.
   */
  readonly request: <A>(request: HttpRequest<A>) => TaskEither<ColloquyError, A>
  /** Replaces every credential this client has used with `[REDACTED]`. */
  readonly redact: (text: string) => string
}

const idempotentMethods = new Set<HttpMethod>(['GET', 'PUT', 'DELETE'])

class CredentialError extends Error {
  override readonly name = 'CredentialError'
}
class BodyTimeoutError extends Error {
  override readonly name = 'BodyTimeoutError'
}

/** Reads a body as text, giving up (and releasing the connection) after `timeoutMs`. */
const readText = async (response: Response, timeoutMs: number): Promise<string> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      response.body?.cancel().catch(() => undefined)
      reject(new BodyTimeoutError('reading the response body timed out'))
    }, timeoutMs)
  })
  try {
    return await Promise.race([response.text(), timeout])
  } finally {
    clearTimeout(timer)
  }
}

const parseJson = (text: string): E.Either<string, unknown> => {
  if (text === '') return E.right(undefined)
  try {
    return E.right(JSON.parse(text))
  } catch {
    return E.left('(body): not valid JSON')
  }
}

/** `ECONNRESET`, `ECONNREFUSED`, `ENOTFOUND`…: fetch puts it on `cause`, mocks on the error itself. */
const systemErrorCode = (error: unknown): string | undefined => {
  const candidates = [error, (error as { cause?: unknown } | undefined)?.cause]
  for (const candidate of candidates) {
    const code = (candidate as { code?: unknown } | undefined)?.code
    if (typeof code === 'string') return code
  }
  return undefined
}

const describeFailure = (error: unknown): string =>
  error instanceof HTTPError
    ? `HTTP ${error.response.status}`
    : error instanceof Error
      ? error.name
      : 'failure'

/** Per-request state, shared with ky's hooks through its `context` option. */
interface RequestState {
  readonly operation: string
  readonly started: number
  attempt: number
  /** Attempts made by earlier rounds of ky retries (see `send`: a cut-off body starts a new round). */
  previousAttempts: number
  /** Redacted; set once the first attempt's credentials are known. */
  url: string
}

const stateOf = (options: { context: Record<string, unknown> }) => options.context.state as RequestState

/**
 * Creates the transport for one adapter instance: a ky client with the vendor's auth, retries,
 * per-attempt timeouts, client-side rate limits, error mapping, decoding, redaction and events.
 */
export const createHttpClient = <C>(options: HttpClientOptions<C>): HttpClient => {
  const { provider } = options
  const redactor = createRedactor()
  const events = createEmitter(options.hooks, options.logger)
  const limiter = createRateLimiter(
    options.rateLimit === false ? false : { ...options.defaultRateLimit, ...options.rateLimit },
  )
  const retry = options.retry === false ? { limit: 0 } : (options.retry ?? {})
  const maxRetryAfterMs = retry.maxRetryAfterMs ?? 60_000
  const timeoutMs = options.timeoutMs ?? 30_000
  const classify = options.classifyError ?? classifyResponse

  const authenticate = async (request: Request) => {
    let headers: Record<string, string>
    try {
      const credentials = await resolveCredential(options.credentials)
      redactor.remember(credentials)
      headers = await options.authenticate(credentials)
    } catch (error) {
      // The credential source's own message may hold secrets this client never saw: name it only.
      const name = error instanceof Error ? error.name : typeof error
      throw new CredentialError(`could not resolve credentials (the credential source threw ${name})`)
    }
    redactor.remember(headers)
    for (const [name, value] of Object.entries(headers)) request.headers.set(name, value)
  }

  const baseEvent = (method: string, state: RequestState) => ({
    provider,
    operation: state.operation,
    method,
    url: state.url,
    attempt: state.attempt,
  })

  // One ky instance per retry policy, built once: per-call retry/hooks options would be merged by
  // ky on every request, and an afterResponse hook would make it clone (tee) every response body.
  const createKy = (idempotent: boolean): KyInstance =>
    ky.create({
      prefixUrl: options.baseUrl,
      timeout: timeoutMs,
      throwHttpErrors: true,
      headers: { accept: 'application/json', ...options.headers },
      ...(options.fetch ? { fetch: options.fetch } : {}),
      retry: {
        limit: retry.limit ?? 2,
        methods: ['get', 'put', 'delete', 'post', 'patch'],
        statusCodes: [408, 429, 500, 502, 503, 504],
        afterStatusCodes: [429, 503],
        maxRetryAfter: maxRetryAfterMs,
        backoffLimit: retry.backoffLimitMs ?? 10_000,
        jitter: true,
        retryOnTimeout: idempotent,
        shouldRetry: ({ error }) => {
          if (error instanceof CredentialError) return false
          if (error instanceof HTTPError) {
            const wait = retryAfterMs(error.response.headers.get('retry-after'))
            if (wait !== undefined && wait > maxRetryAfterMs) return false
            // A 429 provably was not processed; any other failure of a POST/PATCH might have been.
            if (!idempotent && error.response.status !== 429) return false
            return undefined
          }
          return idempotent ? undefined : false
        },
      },
      hooks: {
        beforeRequest: [
          async (request, requestOptions, { retryCount }) => {
            const state = stateOf(requestOptions)
            state.attempt = state.previousAttempts + retryCount + 1
            await limiter.acquireAttempt()
            await authenticate(request)
            if (!events.listening()) return
            // Only now does the redactor know this attempt's credentials.
            state.url = redactor.text(request.url)
            events.emit({
              ...baseEvent(request.method, state),
              type: 'request',
              headers: redactor.headers(request.headers),
            })
          },
        ],
        beforeRetry: [
          ({ request, options: requestOptions, error }) => {
            if (!events.listening()) return
            const state = stateOf(requestOptions)
            if (error instanceof HTTPError) responseEvent(request.method, state, error.response.status)
            events.emit({
              ...baseEvent(request.method, state),
              attempt: state.attempt + 1,
              type: 'retry',
              reason: describeFailure(error),
            })
          },
        ],
      },
    })
  const idempotentKy = createKy(true)
  const otherKy = createKy(false)

  const responseEvent = (method: string, state: RequestState, status: number) => {
    if (events.listening()) {
      events.emit({
        ...baseEvent(method, state),
        type: 'response',
        status,
        durationMs: performance.now() - state.started,
      })
    }
  }

  const failure = async (operation: string, error: unknown, resource: HttpRequest<unknown>['resource']) => {
    if (error instanceof HTTPError) {
      const { response } = error
      const text = redactor.text(await readText(response, timeoutMs).catch(() => ''))
      const body = E.getOrElse<string, unknown>(() => text)(parseJson(text))
      const details = options.errorDetails?.(body, response.headers) ?? {}
      const retryAfter = retryAfterMs(response.headers.get('retry-after'))
      return classify({
        provider,
        operation,
        status: response.status,
        headers: response.headers,
        body,
        details: {
          ...(details.message === undefined ? {} : { message: redactor.text(details.message) }),
          ...(details.code === undefined ? {} : { code: details.code }),
        },
        ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
        ...(resource ? { resource } : {}),
      })
    }
    const cause = redactor.cause(error)
    if (error instanceof CredentialError) {
      return unauthorized({
        provider,
        operation,
        status: 0,
        message: `${operation}: ${error.message}`,
        cause,
      })
    }
    const timedOut = error instanceof TimeoutError || error instanceof BodyTimeoutError
    const reason = timedOut
      ? `timed out after ${timeoutMs} ms`
      : (systemErrorCode(error) ?? describeFailure(error))
    return networkError({
      provider,
      operation,
      timedOut,
      message: `${operation}: network failure (${reason})`,
      cause,
    })
  }

  /** One round of ky attempts; a body that fails to arrive whole is reported apart, to be retried. */
  const sendRound = async <A>(
    spec: HttpRequest<A>,
    path: string,
    state: RequestState,
  ): Promise<{ result: E.Either<ColloquyError, A>; bodyFailure?: string }> => {
    const { operation, method } = spec
    const searchParams = Object.entries(spec.query ?? {}).flatMap(([key, value]) =>
      value === undefined ? [] : [[key, String(value)]],
    )
    let response: Response
    try {
      response = await (idempotentMethods.has(method) ? idempotentKy : otherKy)(path, {
        method,
        context: { state },
        ...(searchParams.length > 0 ? { searchParams } : {}),
        ...(spec.json === undefined ? {} : { json: spec.json }),
      })
    } catch (error) {
      if (error instanceof HTTPError) responseEvent(method, state, error.response.status)
      return { result: E.left(await failure(operation, error, spec.resource)) }
    }
    responseEvent(method, state, response.status)
    let text: string
    try {
      text = await readText(response, timeoutMs)
    } catch (error) {
      return {
        result: E.left(await failure(operation, error, spec.resource)),
        bodyFailure: describeFailure(error),
      }
    }
    const body = parseJson(text)
    if (E.isLeft(body))
      return {
        result: E.left(decodeError({ provider, operation, issues: [body.left] })),
        bodyFailure: 'a response body that is not valid JSON (cut off?)',
      }
    // Fast path: a body that already is what the codec describes needs no copy.
    if (spec.codec.is(body.right)) return { result: E.right(body.right) }
    const decoded = decodeWith(spec.codec, body.right)
    return {
      result: E.isLeft(decoded)
        ? E.left(decodeError({ provider, operation, issues: decoded.left.map(redactor.text) }))
        : decoded,
    }
  }

  /**
   * ky retries failed requests; a response whose body then breaks off (a reset or stall
   * mid-body, a truncated JSON document) is past ky, so an idempotent request is sent again here,
   * within the same retry limit. A POST or PATCH is not: the vendor may have acted on it.
   */
  const send = async <A>(
    spec: HttpRequest<A>,
    path: string,
    state: RequestState,
  ): Promise<E.Either<ColloquyError, A>> => {
    const bodyRetries = idempotentMethods.has(spec.method) ? (retry.limit ?? 2) : 0
    for (let round = 0; ; round++) {
      const { result, bodyFailure } = await sendRound(spec, path, state)
      if (bodyFailure === undefined || round >= bodyRetries) return result
      state.previousAttempts = state.attempt
      if (events.listening())
        events.emit({
          ...baseEvent(spec.method, state),
          attempt: state.attempt + 1,
          type: 'retry',
          reason: bodyFailure,
        })
    }
  }

  const execute = async <A>(spec: HttpRequest<A>): Promise<E.Either<ColloquyError, A>> => {
    const { operation, method } = spec
    const encoded = encodePath(spec.path)
    if ('problem' in encoded) {
      return E.left(invalidRequest({ provider, operation, message: `${operation}: ${encoded.problem}` }))
    }
    const state: RequestState = {
      operation,
      started: performance.now(),
      attempt: 0,
      previousAttempts: 0,
      url: '',
    }
    const result = await limiter.run(() => send(spec, encoded.path, state))
    if (E.isLeft(result) && events.listening()) {
      events.emit({
        ...baseEvent(method, state),
        type: 'error',
        error: result.left,
        durationMs: performance.now() - state.started,
      })
    }
    return result
  }

  return { provider, request: (spec) => () => execute(spec), redact: redactor.text }
}
