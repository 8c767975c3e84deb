/**
 * HTTP statuses and vendor error bodies into {@link ColloquyError} tags (DESIGN §4).
 *
 * @module
 */
import {
  type ColloquyError,
  httpError,
  invalidRequest,
  notFound,
  type ResponseEvidence,
  rateLimited,
  unauthorized,
} from '@colloquy/core'

/** What an adapter reads out of its vendor's error body. */
export interface VendorErrorDetails {
  /** The vendor's human-readable message. */
  readonly message?: string
  /** The vendor's machine code, e.g. Sunshine `conversation_not_found`. */
  readonly code?: string
}

/** Everything known about a failed response, for adapters that classify errors themselves. */
export interface FailedResponse {
  readonly provider: string
  readonly operation: string
  readonly status: number
  readonly headers: Headers
  /** Parsed JSON when the body was JSON, else the text read. Already redacted. */
  readonly body: unknown
  readonly details: VendorErrorDetails
  /** The wait the server asked for, in milliseconds (`Infinity` when it named none a clock reaches). */
  readonly retryAfterMs?: number
  /** The resource the request was about, for `NotFound`. */
  readonly resource?: { readonly name: string; readonly id?: string }
  /**
   * The evidence every error from this response carries (status, vendor code, request id,
   * redacted headers, body excerpt). The transport adds it to whatever error comes back, so an
   * adapter's own classification need not copy it.
   */
  readonly evidence?: ResponseEvidence
}

/** The default mapping of a failed response to an error tag. */
export const classifyResponse = (response: FailedResponse): ColloquyError => {
  const { provider, operation, status, details } = response
  const said = details.message ? `: ${details.message}` : ''
  const code = details.code ? ` [${details.code}]` : ''
  const base = { ...response.evidence, provider, operation, message: `${operation}: ${status}${code}${said}` }
  switch (status) {
    case 400:
    case 409:
    case 413:
    case 422:
    case 423:
      return invalidRequest({ ...base, status, ...(details.code ? { vendorCode: details.code } : {}) })
    case 401:
    case 403:
      return unauthorized({ ...base, status })
    case 404:
      return notFound({
        ...base,
        ...(response.resource ? { resource: response.resource.name } : {}),
        ...(response.resource?.id === undefined ? {} : { id: response.resource.id }),
      })
    case 429:
      return rateLimited({
        ...base,
        ...(response.retryAfterMs === undefined || !Number.isFinite(response.retryAfterMs)
          ? {}
          : { retryAfterMs: response.retryAfterMs }),
      })
    default:
      return httpError({ ...base, status })
  }
}
