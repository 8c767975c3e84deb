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
  /** Parsed JSON when the body was JSON, else the text. Already redacted. */
  readonly body: unknown
  readonly details: VendorErrorDetails
  readonly retryAfterMs?: number
  /** The resource the request was about, for `NotFound`. */
  readonly resource?: { readonly name: string; readonly id?: string }
}

const maxBodyLength = 2_000

const truncate = (text: string) =>
  text.length > maxBodyLength ? `${text.slice(0, maxBodyLength)}… (${text.length} characters)` : text

/** The default mapping of a failed response to an error tag. */
export const classifyResponse = (response: FailedResponse): ColloquyError => {
  const { provider, operation, status, details } = response
  const said = details.message ? `: ${details.message}` : ''
  const code = details.code ? ` [${details.code}]` : ''
  const base = { provider, operation, message: `${operation}: ${status}${code}${said}` }
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
        ...(response.retryAfterMs === undefined ? {} : { retryAfterMs: response.retryAfterMs }),
      })
    default: {
      const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body)
      return httpError({ ...base, status, ...(body ? { body: truncate(body) } : {}) })
    }
  }
}
