/**
 * What ky throws (or the transport's own `fetch` throws inside it) into a {@link ColloquyError}
 * with the response's evidence, redacted.
 *
 * @module
 */
import {
  type ColloquyError,
  decodeError,
  httpError,
  networkError,
  type ResponseEvidence,
  readJsonBody,
  unauthorized,
} from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import type { FailedResponse, VendorErrorDetails } from './error-mapping.js'
import { responseEvidence } from './evidence.js'
import { loadedKy } from './lazy-modules.js'
import type { Redactor } from './redact.js'
import { readBodyOf, UnreadableBodyError } from './response-body.js'
import { serverWaitMs } from './retry-after.js'

/** The credential source threw; its own message may hold secrets, so only its class is named. */
export class CredentialError extends Error {
  override readonly name = 'CredentialError'
}

/** What turning failures into errors needs to know about the client and the request. */
export interface FailureContext {
  readonly provider: string
  readonly operation: string
  readonly resource?: FailedResponse['resource']
  readonly redactor: Redactor
  readonly timeoutMs: number
  readonly requestIdHeaders: readonly string[]
  readonly errorDetails?: (body: unknown, headers: Headers) => VendorErrorDetails | undefined
  readonly classify: (response: FailedResponse) => ColloquyError
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

/** A short name for what a `fetch` threw (never an HTTP status: that is a response), for retry events and messages. */
export const describeFailure = (error: unknown): string =>
  error instanceof UnreadableBodyError ? error.message : error instanceof Error ? error.name : 'failure'

/** An error body as JSON where it is JSON (core's bounded reader), else the text read. */
const errorBodyOf = (text: string): unknown =>
  text === '' ? undefined : E.getOrElse((): unknown => text)(readJsonBody(text))

const isRedirect = (response: Response) =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)

/** The origin a redirect pointed to (never its path or query, which may hold a token). */
const redirectTarget = (response: Response, requestUrl: string): string => {
  const location = response.headers.get('location')
  if (location === null) return 'an unnamed location'
  try {
    return new URL(location, requestUrl).origin
  } catch {
    return 'an unreadable location'
  }
}

const fromResponse = (context: FailureContext, response: Response, requestUrl: string): ColloquyError => {
  const { provider, operation, redactor } = context
  const read = readBodyOf(response)
  if (isRedirect(response)) {
    return httpError({
      ...responseEvidence(response, read, context),
      provider,
      operation,
      status: response.status,
      message: `${operation}: ${response.status} redirect to ${redirectTarget(response, requestUrl)} refused: the transport follows no redirect, so credentials and bodies never leave the configured baseUrl`,
    })
  }
  const body = errorBodyOf(read?.text ?? '')
  const details = context.errorDetails?.(body, response.headers) ?? {}
  const evidence: ResponseEvidence = responseEvidence(response, read, {
    ...context,
    vendorCode: details.code,
  })
  const wait = response.status === 429 || response.status === 503 ? serverWaitMs(response.headers) : undefined
  const classified = context.classify({
    provider,
    operation,
    status: response.status,
    headers: response.headers,
    body: redactor.value(body),
    details,
    evidence,
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
    ...(context.resource ? { resource: context.resource } : {}),
  })
  return { ...evidence, ...classified }
}

const fromUnreadableBody = (context: FailureContext, error: UnreadableBodyError): ColloquyError => {
  const { provider, operation } = context
  const evidence = responseEvidence(error.response, error.body, context)
  return error.reason === 'not-json'
    ? decodeError({ ...evidence, provider, operation, issues: ['(body): not valid JSON'] })
    : httpError({
        ...evidence,
        provider,
        operation,
        status: error.response.status,
        message: `${operation}: ${error.message}; stopped reading it`,
      })
}

/**
 * The error for a request that ended in `error`, with the evidence of its last response and every
 * string in it redacted. `requestUrl` resolves a redirect's `Location`.
 */
export const toColloquyError = (
  context: FailureContext,
  error: unknown,
  requestUrl: string,
): ColloquyError => {
  const { provider, operation, redactor } = context
  // ky's errors only exist once a request has loaded ky (see `lazy-modules.ts`).
  const ky = loadedKy()
  const mapped = ((): ColloquyError => {
    if (ky && error instanceof ky.HTTPError) return fromResponse(context, error.response, requestUrl)
    if (error instanceof UnreadableBodyError) return fromUnreadableBody(context, error)
    const cause = redactor.cause(error)
    if (error instanceof CredentialError)
      return unauthorized({
        provider,
        operation,
        status: 0,
        message: `${operation}: ${error.message}`,
        cause,
      })
    const timedOut = ky !== undefined && error instanceof ky.TimeoutError
    const reason = timedOut
      ? `timed out after ${context.timeoutMs} ms`
      : (systemErrorCode(error) ?? describeFailure(error))
    return networkError({
      provider,
      operation,
      timedOut,
      message: `${operation}: network failure (${reason})`,
      cause,
    })
  })()
  return redactor.value(mapped)
}
