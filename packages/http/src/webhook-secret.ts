/**
 * The shared-secret check of Sunshine and Smooch webhooks (`X-API-Key`).
 *
 * @module
 */
import { type ColloquyError, headerValue, type InboundHeaders, unauthorized } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { type Credential, resolveCredential } from './credentials.js'
import { sha256 } from './sha256.js'

/** How inbound webhooks are authenticated: the shared secret in a header, or not at all. */
export type WebhookVerification = 'api-key-header' | 'none'

/** The webhook fields of a Sunshine or Smooch adapter config. */
export interface WebhookVerificationConfig {
  readonly webhookSecret?: Credential<string> | undefined
  readonly verification?: WebhookVerification | undefined
}

/**
 * What an adapter with this config checks: `'none'` only when there is no `webhookSecret` and
 * `verification: 'none'` says so; a configured secret is always checked. This is the adapter's
 * `capabilities.events.verification`.
 */
export const webhookVerification = (config: WebhookVerificationConfig): WebhookVerification =>
  config.webhookSecret === undefined && config.verification === 'none' ? 'none' : 'api-key-header'

/** Every byte compared whatever the first difference, so the time taken says nothing about where it is. */
const sameBytes = (left: Uint8Array, right: Uint8Array): boolean => {
  let difference = left.length ^ right.length
  for (let index = 0; index < left.length; index++) difference |= (left[index] ?? 0) ^ (right[index] ?? 0)
  return difference === 0
}

/**
 * Compares SHA-256 digests (always 32 bytes) rather than the secrets, so neither the content nor
 * the length of the secret leaks through timing.
 */
const sameSecret = async (given: string, expected: string): Promise<boolean> =>
  sameBytes(await sha256(given), await sha256(expected))

/**
 * Succeeds when the `header` (default `x-api-key`) equals `secret`, or when there is no secret and
 * `verification` is `'none'` (an explicit opt-out). A missing, empty or wrong value is
 * `Unauthorized` with status 401 for `events.parse`; no secret without the opt-out, or a secret
 * function that fails, is `Unauthorized` with status 0 (the credential source, not the sender).
 */
export const checkWebhookSecret = (input: {
  readonly provider: string
  readonly headers: InboundHeaders | undefined
  readonly secret: Credential<string> | undefined
  readonly verification?: WebhookVerification | undefined
  readonly header?: string
}): TE.TaskEither<ColloquyError, void> => {
  const { provider, secret } = input
  const operation = 'events.parse'
  const header = input.header ?? 'x-api-key'
  // 401: the sender's fault. 0: ours (no secret to compare with), so a webhook handler answers
  // with a status the vendor retries.
  const rejected = (reason: string, status: 0 | 401 = 401) =>
    unauthorized({ provider, operation, status, message: `${operation}: ${reason}` })
  if (secret === undefined)
    return input.verification === 'none'
      ? TE.right(undefined)
      : TE.left(
          rejected(
            "no webhook secret is configured: set webhookSecret, or verification: 'none' to accept unverified webhooks",
            0,
          ),
        )
  return pipe(
    TE.tryCatch(
      () => resolveCredential(secret),
      () => rejected('the webhook secret could not be resolved', 0),
    ),
    TE.flatMap((expected) => {
      const given = headerValue(input.headers, header)
      if (given === undefined || given === '') return TE.left(rejected(`missing ${header} webhook secret`))
      return pipe(
        TE.tryCatch(
          () => sameSecret(given, expected),
          () => rejected('the webhook secret could not be compared'),
        ),
        TE.flatMap((same) =>
          same ? TE.right(undefined) : TE.left(rejected(`wrong ${header} webhook secret`)),
        ),
      )
    }),
  )
}
