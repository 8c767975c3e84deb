/**
 * A 2xx answer into the request's value: the body the bounded read kept, checked with the codec,
 * and a vendor's own failure report inside a 2xx (UltraCart's `success: false`) made an error.
 *
 * @module
 */
import { type ColloquyError, decodeError, httpError } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import type { HttpRequest } from './client.js'
import { decodeWith } from './decode.js'
import { responseEvidence } from './evidence.js'
import type { FailureContext } from './failure-mapping.js'
import { readBodyOf } from './response-body.js'

/**
 * The decoded 2xx body, or the `Decode` error or vendor failure (a failure reported inside a 2xx)
 * it holds, with the response's evidence and credentials redacted.
 */
export const decodeResponse = <A>(
  spec: Pick<HttpRequest<A>, 'operation' | 'codec' | 'resource' | 'vendorFailure'>,
  context: FailureContext,
  response: Response,
): E.Either<ColloquyError, A> => {
  const { operation } = spec
  const { provider, redactor } = context
  const read = readBodyOf(response)
  const json = read?.json
  // Fast path: a body that already is what the codec describes needs no copy.
  const decoded: E.Either<string[], A> = spec.codec.is(json) ? E.right(json) : decodeWith(spec.codec, json)
  if (E.isLeft(decoded)) {
    return E.left(
      redactor.value(
        decodeError({
          ...responseEvidence(response, read, context),
          provider,
          operation,
          issues: decoded.left,
        }),
      ),
    )
  }
  const failed = spec.vendorFailure?.(decoded.right)
  if (failed === undefined) return decoded
  const evidence = responseEvidence(response, read, { ...context, vendorCode: failed.details.code })
  const { message, code } = failed.details
  return E.left(
    redactor.value(
      failed.status === undefined
        ? httpError({
            ...evidence,
            provider,
            operation,
            status: response.status,
            message: `${operation}: the vendor answered ${response.status} reporting a failure${code ? ` [${code}]` : ''}${message ? `: ${message}` : ''}`,
          })
        : {
            ...evidence,
            ...context.classify({
              provider,
              operation,
              status: failed.status,
              headers: response.headers,
              body: redactor.value(json),
              details: failed.details,
              evidence,
              ...(spec.resource ? { resource: spec.resource } : {}),
            }),
          },
    ),
  )
}
