/**
 * The evidence an error keeps of the response it came from (DESIGN §4, like the AI SDK's
 * `APICallError`): status, vendor code, the vendor's request id, redacted headers and a bounded
 * body excerpt.
 *
 * @module
 */
import type { ResponseEvidence } from '@colloquy/core'
import type { Redactor } from './redact.js'
import type { ReadBody } from './response-body.js'

/** Characters of the body an error keeps. */
export const bodyExcerptLength = 2_000

/** Where vendors and their CDNs put the id of a request, in the order they are tried. */
export const defaultRequestIdHeaders = [
  'x-request-id',
  'x-zendesk-request-id',
  'request-id',
  'x-correlation-id',
  'x-amzn-requestid',
  'cf-ray',
] as const

/** The start of a body, marked when more followed. */
export const excerpt = (text: string, truncated: boolean): string =>
  text.length > bodyExcerptLength || truncated ? `${text.slice(0, bodyExcerptLength)}… (truncated)` : text

/** The evidence of `response`, redacted; `vendorCode` when the adapter read one. */
export const responseEvidence = (
  response: Response,
  body: ReadBody | undefined,
  options: {
    readonly redactor: Redactor
    readonly requestIdHeaders: readonly string[]
    readonly vendorCode?: string | undefined
  },
): ResponseEvidence => {
  const { redactor } = options
  const requestIdHeader = options.requestIdHeaders.find((name) => response.headers.has(name))
  const requestId = requestIdHeader === undefined ? undefined : response.headers.get(requestIdHeader)
  const text = body === undefined ? '' : redactor.text(body.text)
  return {
    status: response.status,
    ...(options.vendorCode === undefined ? {} : { vendorCode: redactor.text(options.vendorCode) }),
    ...(requestId ? { requestId: redactor.text(requestId) } : {}),
    responseHeaders: redactor.headers(response.headers),
    ...(text === '' && !body?.truncated ? {} : { body: excerpt(text, body?.truncated ?? false) }),
  }
}
