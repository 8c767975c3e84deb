/**
 * Sunshine v2 webhooks → core events. The envelope is `{app, webhook, events[]}`; one request may
 * carry several events, each with an `id` for de-duplication. Authenticity is the webhook's
 * shared secret in `X-API-Key` (no signature is documented).
 *
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import {
  type ColloquyError,
  decodeError,
  type EventPort,
  headerValue,
  type InboundEvent,
  type ParseEventsInput,
  readJsonBody,
  unauthorized,
} from '@colloquy/core'
import { type Credential, decodeWith, resolveCredential } from '@colloquy/http'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { SunshineWebhookBody, type SunshineWebhookEvent, SunshineWebhookPayload } from './codecs.js'
import { toMessage, toParticipant } from './mapping.js'

const operation = 'events.parse'

/** Compares digests, so neither the content nor the length of the secret leaks through timing. */
const sameSecret = (given: string, expected: string) =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest())

const verify = (
  input: ParseEventsInput,
  secret: Credential<string> | undefined,
): TE.TaskEither<ColloquyError, void> =>
  secret === undefined
    ? TE.right(undefined)
    : pipe(
        TE.tryCatch(
          () => resolveCredential(secret),
          () =>
            unauthorized({
              provider: 'sunshine',
              operation,
              status: 401,
              message: `${operation}: the webhook secret could not be resolved`,
            }),
        ),
        TE.flatMap((expected) => {
          const given = headerValue(input.headers, 'x-api-key')
          return given !== undefined && given !== '' && sameSecret(given, expected)
            ? TE.right(undefined)
            : TE.left(
                unauthorized({
                  provider: 'sunshine',
                  operation,
                  status: 401,
                  message: `${operation}: ${given ? 'wrong' : 'missing'} X-API-Key webhook secret`,
                }),
              )
        }),
      )

const decodeFailure = (issues: readonly string[]) => decodeError({ provider: 'sunshine', operation, issues })

const toEvent = (event: SunshineWebhookEvent, index: number): E.Either<ColloquyError, InboundEvent> => {
  const decoded = decodeWith(SunshineWebhookPayload, event.payload ?? {})
  if (E.isLeft(decoded))
    return E.left(decodeFailure(decoded.left.map((issue) => `events[${index}].payload.${issue}`)))
  const payload = decoded.right
  const conversationId = payload.conversation?.id
  const base = {
    id: event.id,
    provider: 'sunshine',
    occurredAt: new Date(event.createdAt),
    raw: event,
    ...(conversationId === undefined ? {} : { conversationId }),
  }
  const who = payload.activity?.author?.userId ?? payload.user?.id
  const userId = who === undefined ? {} : { userId: who }
  switch (event.type) {
    case 'conversation:message':
      return payload.message && conversationId !== undefined
        ? E.right({ ...base, type: 'message.created', message: toMessage(conversationId, payload.message) })
        : E.left(
            decodeFailure([
              `events[${index}].payload: conversation:message needs conversation.id and message`,
            ]),
          )
    case 'conversation:create':
      return E.right({ ...base, type: 'conversation.created' })
    case 'conversation:read':
      return E.right({ ...base, type: 'conversation.read', ...userId })
    case 'conversation:typing':
      return E.right({
        ...base,
        type: 'typing',
        typing: payload.activity?.type === 'typing:start',
        ...userId,
      })
    case 'conversation:join':
    case 'conversation:leave': {
      const participant =
        payload.participant && conversationId !== undefined
          ? { participant: toParticipant(conversationId, payload.participant) }
          : {}
      return E.right({
        ...base,
        type: event.type === 'conversation:join' ? 'participant.joined' : 'participant.left',
        ...participant,
        ...userId,
      })
    }
    default:
      return E.right({ ...base, type: 'unknown', vendorType: event.type })
  }
}

export const createEventPort = (webhookSecret: Credential<string> | undefined): EventPort => ({
  parse: (input) =>
    pipe(
      verify(input, webhookSecret),
      TE.flatMap(() =>
        TE.fromEither(
          pipe(
            readJsonBody(input.body),
            E.mapLeft((issue) => decodeFailure([issue])),
            E.flatMap((json) => pipe(decodeWith(SunshineWebhookBody, json), E.mapLeft(decodeFailure))),
            E.flatMap(({ events }) =>
              pipe(
                events,
                E.traverseArrayWithIndex((index, event) => toEvent(event, index)),
              ),
            ),
          ),
        ),
      ),
    ),
})
