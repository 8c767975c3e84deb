/**
 * The closed set of errors every port method can return. Errors are plain readonly objects
 * discriminated on `_tag`; each names the `provider` and the `operation` that failed.
 *
 * @module
 */
import type { ProviderName } from './model.js'

/** A port operation, `'<port>.<method>'`, e.g. `'messages.send'`. */
export type Operation = string

interface ErrorBase {
  readonly provider: ProviderName
  readonly operation: Operation
  /** Readable; never contains a credential. */
  readonly message: string
  /** The underlying failure, already stripped of credentials. */
  readonly cause?: unknown
}

/**
 * What the vendor's response showed, kept on every error that came from one (like the AI SDK's
 * `APICallError`), so a support ticket can quote it. Every field is optional: an error made before
 * any response (a local refusal, a refused connection) has none. Secrets are redacted from all of
 * them, in every encoding the transport knows (raw, JSON- and URL-escaped, base64, JWTs).
 */
export interface ResponseEvidence {
  /** The HTTP status of the response. */
  readonly status?: number
  /** The vendor's machine-readable error code, e.g. Sunshine `conversation_not_found`. */
  readonly vendorCode?: string
  /** The vendor's id of the request (e.g. its `x-request-id` header), to quote to its support. */
  readonly requestId?: string
  /** The response headers, names lower-cased, secret headers and values redacted. */
  readonly responseHeaders?: Readonly<Record<string, string>>
  /**
   * The start of the response body as text (at most 2,000 characters; the transport reads no more
   * than it keeps), with `… (truncated)` when more followed.
   */
  readonly body?: string
}

/** 404, or the vendor's "no such conversation/user". */
export interface NotFound extends ErrorBase, ResponseEvidence {
  readonly _tag: 'NotFound'
  readonly resource?: string
  readonly id?: string
}
/** 401 / 403, or a rejected webhook secret. */
export interface Unauthorized extends ErrorBase, ResponseEvidence {
  readonly _tag: 'Unauthorized'
  readonly status: number
}
/** 429 still failing after the retry budget, or a `Retry-After` longer than allowed. */
export interface RateLimited extends ErrorBase, ResponseEvidence {
  readonly _tag: 'RateLimited'
  /** How long the vendor asked to wait, in milliseconds, when it said. */
  readonly retryAfterMs?: number
}
/** 400/409/413/422/423, or input rejected locally before any request. */
export interface InvalidRequest extends ErrorBase, ResponseEvidence {
  readonly _tag: 'InvalidRequest'
  /** Absent when the input was rejected locally. */
  readonly status?: number
}
/** Any other non-2xx after retries (or a response the transport refused to read: a redirect, an oversized body). */
export interface Http extends ErrorBase, ResponseEvidence {
  readonly _tag: 'Http'
  readonly status: number
}
/** A 2xx (or an inbound event) whose body does not match what the adapter reads. */
export interface Decode extends ErrorBase, ResponseEvidence {
  readonly _tag: 'Decode'
  /** One entry per mismatch, each starting with its path, e.g. `messages[0].author.type: …`. */
  readonly issues: readonly string[]
}
/** No usable response: refused, reset, DNS failure or timeout (evidence only when the headers had come). */
export interface Network extends ErrorBase, ResponseEvidence {
  readonly _tag: 'Network'
  readonly timedOut: boolean
}
/** The vendor cannot do this. */
export interface Unsupported extends ErrorBase, ResponseEvidence {
  readonly _tag: 'Unsupported'
  /** The capability path that is false, e.g. `'conversations.update'`. */
  readonly capability: string
}

/** Every error a port method can return, discriminated on `_tag`. */
export type ColloquyError =
  | NotFound
  | Unauthorized
  | RateLimited
  | InvalidRequest
  | Http
  | Decode
  | Network
  | Unsupported

/** The `_tag`s of {@link ColloquyError}. */
export type ColloquyErrorTag = ColloquyError['_tag']

const errorTags: ReadonlySet<string> = new Set<ColloquyErrorTag>([
  'NotFound',
  'Unauthorized',
  'RateLimited',
  'InvalidRequest',
  'Http',
  'Decode',
  'Network',
  'Unsupported',
])

/** What an error constructor takes: the variant's fields; `message` is derived when omitted. */
export type ErrorInput<E extends ColloquyError> = Omit<E, '_tag' | 'message'> & { readonly message?: string }

/** Builds a `NotFound`. */
export const notFound = (input: ErrorInput<NotFound>): NotFound => ({
  _tag: 'NotFound',
  ...input,
  message:
    input.message ??
    `${input.operation}: ${input.resource ?? 'resource'}${input.id === undefined ? '' : ` '${input.id}'`} not found`,
})

/** Builds an `Unauthorized`. */
export const unauthorized = (input: ErrorInput<Unauthorized>): Unauthorized => ({
  _tag: 'Unauthorized',
  ...input,
  message: input.message ?? `${input.operation}: not authorized (${input.status})`,
})

/** Builds a `RateLimited`. */
export const rateLimited = (input: ErrorInput<RateLimited>): RateLimited => ({
  _tag: 'RateLimited',
  ...input,
  message:
    input.message ??
    `${input.operation}: rate limited${input.retryAfterMs === undefined ? '' : `, retry after ${input.retryAfterMs} ms`}`,
})

/** Builds an `InvalidRequest`. */
export const invalidRequest = (input: ErrorInput<InvalidRequest>): InvalidRequest => ({
  _tag: 'InvalidRequest',
  ...input,
  message: input.message ?? `${input.operation}: invalid request${input.status ? ` (${input.status})` : ''}`,
})

/** Builds an `Http`. */
export const httpError = (input: ErrorInput<Http>): Http => ({
  _tag: 'Http',
  ...input,
  message: input.message ?? `${input.operation}: HTTP ${input.status}`,
})

/** Builds a `Decode`. */
export const decodeError = (input: ErrorInput<Decode>): Decode => ({
  _tag: 'Decode',
  ...input,
  message:
    input.message ??
    `${input.operation}: ${input.operation === 'events.parse' ? 'malformed inbound body' : 'unexpected response'}: ${input.issues.slice(0, 3).join('; ')}`,
})

/** Builds a `Network`. */
export const networkError = (input: ErrorInput<Network>): Network => ({
  _tag: 'Network',
  ...input,
  message: input.message ?? `${input.operation}: ${input.timedOut ? 'timed out' : 'network failure'}`,
})

/** Builds an `Unsupported`. */
export const unsupported = (input: ErrorInput<Unsupported>): Unsupported => ({
  _tag: 'Unsupported',
  ...input,
  message: input.message ?? `${input.operation}: not supported by ${input.provider} (${input.capability})`,
})

/** True for any {@link ColloquyError}. */
export const isColloquyError = (u: unknown): u is ColloquyError =>
  typeof u === 'object' &&
  u !== null &&
  typeof (u as { _tag?: unknown })._tag === 'string' &&
  errorTags.has((u as { _tag: string })._tag) &&
  typeof (u as { operation?: unknown }).operation === 'string' &&
  typeof (u as { message?: unknown }).message === 'string'

/**
 * True where trying the same call again later may succeed: `RateLimited`, `Network`, and `Http`
 * with a 5xx or 408 status. The transport has already spent its own retry budget on these.
 */
export const isRetryable = (error: ColloquyError): boolean => {
  switch (error._tag) {
    case 'RateLimited':
    case 'Network':
      return true
    case 'Http':
      return error.status >= 500 || error.status === 408
    default:
      return false
  }
}

/** The `Error` that Promise-style APIs ({@link asPromises}, {@link paginate}) throw; `.error` is the value. */
export class ColloquyException extends Error {
  /** The error that caused the rejection. */
  readonly error: ColloquyError
  constructor(error: ColloquyError) {
    super(error.message)
    this.name = `ColloquyException(${error._tag})`
    this.error = error
  }
}
