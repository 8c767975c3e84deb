/**
 * The shared-secret check of Sunshine and Smooch webhooks (`X-API-Key`).
 *
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { type ColloquyError, headerValue, type InboundHeaders, unauthorized } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { type Credential, resolveCredential } from './credentials.js'

/** Compares digests, so neither the content nor the length of the secret leaks through timing. */
const sameSecret = (given: string, expected: string) =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest())

/**
 * Succeeds when `secret` is undefined (verification off) or the `header` (default `x-api-key`)
 * equals it; a missing, empty or wrong value is `Unauthorized` (status 401) for `events.parse`.
 */
export const checkWebhookSecret = (input: {
  readonly provider: string
  readonly headers: InboundHeaders | undefined
  readonly secret: Credential<string> | undefined
  readonly header?: string
}): TE.TaskEither<ColloquyError, void> => {
  const { provider, secret } = input
  const operation = 'events.parse'
  const header = input.header ?? 'x-api-key'
  if (secret === undefined) return TE.right(undefined)
  return pipe(
    TE.tryCatch(
      () => resolveCredential(secret),
      () =>
        unauthorized({
          provider,
          operation,
          status: 401,
          message: `${operation}: the webhook secret could not be resolved`,
        }),
    ),
    TE.flatMap((expected) => {
      const given = headerValue(input.headers, header)
      return given !== undefined && given !== '' && sameSecret(given, expected)
        ? TE.right(undefined)
        : TE.left(
            unauthorized({
              provider,
              operation,
              status: 401,
              message: `${operation}: ${given ? 'wrong' : 'missing'} ${header} webhook secret`,
            }),
          )
    }),
  )
}
