/**
 * What every port of the UltraCart adapter shares: the client, the agent directory and the
 * envelope check.
 *
 * @module
 */
import { type ColloquyError, httpError, invalidRequest } from '@colloquy/core'
import { classifyResponse, type HttpClient, type HttpRequest } from '@colloquy/http'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { ultraCartErrorDetails } from './client.js'
import type { UltraCartEnvelope } from './codecs.js'

export interface UltraCartContext {
  readonly client: HttpClient
  /**
   * A request whose answer is an UltraCart envelope: a 200 with `success: false` is an error, not
   * data (its `error_code`, when an HTTP status, picks the tag).
   */
  readonly enveloped: <A extends UltraCartEnvelope>(
    request: HttpRequest<A>,
  ) => TE.TaskEither<ColloquyError, A>
}

const envelopeError = (
  client: HttpClient,
  operation: string,
  body: UltraCartEnvelope,
  resource: HttpRequest<unknown>['resource'],
): ColloquyError => {
  const found = ultraCartErrorDetails(body) ?? {}
  // A 2xx body does not pass the transport's error path, so redact the vendor's words here.
  const details = {
    ...found,
    ...(found.message === undefined ? {} : { message: client.redact(found.message) }),
  }
  const status = Number(details.code)
  return Number.isInteger(status) && status >= 400 && status < 600
    ? classifyResponse({
        provider: 'ultracart',
        operation,
        status,
        headers: new Headers(),
        body,
        details,
        ...(resource ? { resource } : {}),
      })
    : httpError({
        provider: 'ultracart',
        operation,
        status: 200,
        message: `${operation}: the vendor answered success: false${details.message ? `: ${details.message}` : ''}`,
      })
}

export const createContext = (client: HttpClient): UltraCartContext => ({
  client,
  enveloped: (request) =>
    pipe(
      client.request(request),
      TE.flatMap((body) =>
        body.success === false
          ? TE.left(envelopeError(client, request.operation, body, request.resource))
          : TE.right(body),
      ),
    ),
})

/** A local refusal, before any request. */
export const refuse = (operation: string, message: string): TE.TaskEither<ColloquyError, never> =>
  TE.left(invalidRequest({ provider: 'ultracart', operation, message: `${operation}: ${message}` }))
