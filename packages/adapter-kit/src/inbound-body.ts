/**
 * An inbound webhook body or websocket frame into a decoded vendor payload: the shared secret
 * checked first where the config asks for it, then the JSON read (bounded, never throwing) and
 * decoded, every failure a `Decode` error of `events.parse` naming the paths.
 *
 * @module
 */
import { type ColloquyError, decodeError, type ParseEventsInput, readJsonBody } from '@colloquy/core'
import { checkWebhookSecret, decodeWith, type WebhookVerificationConfig } from '@colloquy/http'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type * as t from 'io-ts'

/** The decoded payload and the JSON it came from (the `raw` of the events). */
export interface InboundBody<A> {
  readonly payload: A
  readonly json: unknown
}

/** The `Decode` error of `events.parse` with these issues. */
export const eventsDecodeError =
  (provider: string) =>
  (issues: readonly string[]): ColloquyError =>
    decodeError({ provider, operation: 'events.parse', issues })

/** `json` decoded with `codec`; a mismatch is a `Decode` error of `events.parse`. */
export const decodeInbound = <A>(
  provider: string,
  codec: t.Decoder<unknown, A>,
  json: unknown,
): E.Either<ColloquyError, A> => pipe(decodeWith(codec, json), E.mapLeft(eventsDecodeError(provider)))

/** A body (string, bytes or parsed JSON) as JSON; `Decode` when it is none. */
export const readInboundJson = (provider: string, body: unknown): E.Either<ColloquyError, unknown> =>
  pipe(
    readJsonBody(body),
    E.mapLeft((issue) => eventsDecodeError(provider)([issue])),
  )

/**
 * A webhook checked against the config's shared secret (`X-API-Key`, or `verification: 'none'`)
 * before anything is read, then read as JSON and decoded with `codec`.
 */
export const readVerifiedWebhook =
  <A>(provider: string, config: WebhookVerificationConfig, codec: t.Decoder<unknown, A>) =>
  (input: ParseEventsInput): TE.TaskEither<ColloquyError, InboundBody<A>> =>
    pipe(
      checkWebhookSecret({
        provider,
        headers: input.headers,
        secret: config.webhookSecret,
        verification: config.verification,
      }),
      TE.flatMapEither(() => readInboundJson(provider, input.body)),
      TE.flatMapEither((json) =>
        pipe(
          decodeInbound(provider, codec, json),
          E.map((payload) => ({ payload, json })),
        ),
      ),
    )
