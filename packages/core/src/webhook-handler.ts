/**
 * `createWebhookHandler`: a vendor's webhooks in, `onEvent` once per event, and the answer each
 * vendor expects — as one Web-standard `(request: Request) => Promise<Response>` that any
 * framework or runtime can mount.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { createEventDeduper, type EventDeduper } from './dedupe.js'
import type { ColloquyError } from './errors.js'
import type { InboundEvent } from './model.js'
import type { EventPort } from './ports.js'
import { type BodyFailure, readBodyWithin } from './webhook-body.js'

/** What `onEvent` gets besides the event. */
export interface WebhookEventContext {
  /** The request the event came in (its body already read), e.g. for a tenant in the URL. */
  readonly request: Request
}

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /** The adapter whose `events.parse` verifies and reads the webhooks (a vendor adapter, or the memory one). */
  readonly adapter: { readonly events: EventPort }
  /**
   * Called once per new event, in the order of the body, one at a time. Throw or reject to have
   * the vendor deliver the request again (answered 500; the event is forgotten by the deduper).
   * Vendors give up on an answer after about 20 s: hand long work to a queue.
   */
  readonly onEvent: (event: InboundEvent, context: WebhookEventContext) => void | Promise<void>
  /**
   * Tells redeliveries from first deliveries. Default: `createEventDeduper()`, in memory — one
   * process only; give one on a shared `DedupeStore` when several processes receive webhooks.
   * `false` calls `onEvent` for every delivery.
   */
  readonly dedupe?: EventDeduper | false
  /** The largest body read, in bytes; larger ones are answered 413 without being read. Default 1 MiB (1,048,576). */
  readonly maxBodyBytes?: number
  /**
   * Told of every failure answered with a 5xx (`onEvent` threw, the dedupe store failed, the
   * webhook secret could not be had, the body was already read by a middleware), with the event
   * when there is one. Default: `console.error`. Refused requests (401, 400, 405, 413) are not errors of the app and are not reported.
   */
  readonly onError?: (error: unknown, event: InboundEvent | undefined) => void
}

/** A webhook handler: a Web-standard request in, the vendor's answer out. Never rejects. */
export type WebhookHandler = (request: Request) => Promise<Response>

/** A non-2xx answer, and what `onError` hears about it. */
interface Refusal {
  readonly status: number
  readonly message: string
  readonly error?: unknown
  readonly event?: InboundEvent
}

const defaultMaxBodyBytes = 1_048_576

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

const fromBodyFailure = (failure: BodyFailure): Refusal => {
  switch (failure.reason) {
    case 'too-large':
      return { status: 413, message: `body larger than ${failure.maxBytes} bytes` }
    case 'unreadable':
      return { status: 400, message: 'body could not be read to its end' }
    case 'already-read':
      return {
        status: 500,
        message: 'webhook not handled',
        error: new Error(
          'createWebhookHandler: the request body was already read; mount the handler before any body-parsing middleware',
        ),
      }
  }
}

// Sunshine and Smooch do not retry 400/401/403/404/406 and retry the rest: a fault on our side
// (no secret to compare with, a failing store, a failing onEvent) must be a 5xx.
const fromParseError = (error: ColloquyError): Refusal => {
  if (error._tag === 'Unauthorized')
    return error.status === 0
      ? { status: 503, message: 'webhook not handled', error }
      : { status: 401, message: 'unauthorized' }
  if (error._tag === 'Decode' || error._tag === 'InvalidRequest')
    return { status: 400, message: error.message }
  return { status: 500, message: 'webhook not handled', error }
}

const reportToConsole = (error: unknown, event: InboundEvent | undefined) =>
  console.error(
    `colloquy webhook handler: ${event ? `event ${event.provider}:${event.id} ` : ''}answered with a 5xx`,
    error,
  )

/**
 * A Web-standard handler for one adapter's webhooks: reads the raw body once (at most
 * `maxBodyBytes`), has `adapter.events.parse` verify and read it, drops events already handled
 * (`dedupe`), calls `onEvent` for each new one in order, and answers:
 *
 * | status | when |
 * |---|---|
 * | 200 | every event handled or a known redelivery; body `{ received, processed, duplicates }` |
 * | 400 | the body is not a webhook of this vendor (malformed, truncated) — vendors do not retry |
 * | 401 | a missing or wrong webhook secret — vendors do not retry |
 * | 405 | not a `POST` (with `Allow: POST`) |
 * | 413 | the body is larger than `maxBodyBytes` (from `Content-Length` up front, or while reading) |
 * | 500 | `onEvent` threw, or the body was already read — vendors retry; the failed event and those after it run again |
 * | 503 | the dedupe store failed, or the webhook secret could not be resolved or is not configured — vendors retry |
 *
 * Error answers are `{ "error": "…" }` and never carry a secret or the app's error. Throws a
 * `TypeError` at once for a `maxBodyBytes` that is not a positive integer.
 *
 * @example
 * const handler = createWebhookHandler({
 *   adapter: createSunshineAdapter({ appId, keyId, keySecret, webhookSecret }),
 *   onEvent: async (event) => { if (event.type === 'message.created') await queue.add(event) },
 * })
 * export const POST = handler // a Next.js route handler; see the README for Express, Hono, Fastify
 */
export const createWebhookHandler = (options: WebhookHandlerOptions): WebhookHandler => {
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1)
    throw new TypeError(`createWebhookHandler: maxBodyBytes must be a positive integer, got ${maxBodyBytes}`)
  const dedupe = options.dedupe === undefined ? createEventDeduper() : options.dedupe
  const onError = options.onError ?? reportToConsole

  const claim = (event: InboundEvent): TE.TaskEither<Refusal, boolean> =>
    dedupe
      ? TE.tryCatch(
          () => dedupe.firstTime(event),
          (error): Refusal => ({ status: 503, message: 'webhook not handled', error, event }),
        )
      : TE.right(true)

  // The retry must not be taken for a duplicate: a failed event is forgotten before answering.
  const forget = (refusal: Refusal & { readonly event: InboundEvent }): TE.TaskEither<Refusal, void> =>
    pipe(
      dedupe
        ? TE.tryCatch(
            () => dedupe.forget(refusal.event),
            (error): Refusal => ({
              ...refusal,
              error: new AggregateError(
                [refusal.error, error],
                'onEvent failed, and so did forgetting the event',
              ),
            }),
          )
        : TE.right(undefined),
      TE.flatMap(() => TE.left(refusal)),
    )

  const run = (request: Request, event: InboundEvent): TE.TaskEither<Refusal, void> =>
    pipe(
      TE.tryCatch(
        async () => options.onEvent(event, { request }),
        (error) => ({ status: 500, message: 'webhook not handled', error, event }),
      ),
      TE.orElse(forget),
    )

  const handle = (request: Request, event: InboundEvent): TE.TaskEither<Refusal, 'processed' | 'duplicate'> =>
    pipe(
      claim(event),
      TE.flatMap((first) =>
        first ? pipe(run(request, event), TE.as('processed' as const)) : TE.right('duplicate' as const),
      ),
    )

  const parse = (request: Request, body: Uint8Array): TE.TaskEither<Refusal, readonly InboundEvent[]> =>
    pipe(
      // A custom adapter's parse that throws or rejects is still answered (500), never a rejection.
      TE.tryCatch(
        () => options.adapter.events.parse({ headers: request.headers, body })(),
        (error): Refusal => ({ status: 500, message: 'webhook not handled', error }),
      ),
      TE.flatMapEither(E.mapLeft(fromParseError)),
    )

  const refuse = (refusal: Refusal): Response => {
    if (refusal.status >= 500) {
      try {
        onError(refusal.error ?? new Error(refusal.message), refusal.event)
      } catch {
        // A failing reporter does not change the answer.
      }
    }
    return answer(refusal.status, { error: refusal.message }, refusal.status === 405 ? { allow: 'POST' } : {})
  }

  return async (request) =>
    pipe(
      request.method === 'POST'
        ? TE.right(request)
        : TE.left<Refusal, Request>({ status: 405, message: `${request.method} is not accepted; use POST` }),
      TE.flatMap((post) => pipe(readBodyWithin(post, maxBodyBytes), TE.mapError(fromBodyFailure))),
      TE.flatMap((body) => parse(request, body)),
      TE.flatMap((events) =>
        pipe(
          events,
          TE.traverseSeqArray((event) => handle(request, event)),
          TE.map((outcomes) => {
            const duplicates = outcomes.filter((outcome) => outcome === 'duplicate').length
            return { received: events.length, processed: events.length - duplicates, duplicates }
          }),
        ),
      ),
      TE.match(refuse, (summary) => answer(200, summary)),
    )()
}
