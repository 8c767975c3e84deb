/**
 * Sunshine v2 webhooks → core events. The envelope is `{app, webhook, events[]}`; one request may
 * carry several events, each with an `id` for de-duplication. Authenticity is the webhook's
 * shared secret in `X-API-Key` (no signature is documented).
 *
 * @module
 */
import { eventsDecodeError, readVerifiedWebhook } from '@colloquy/adapter-kit'
import type { ColloquyError, EventPort, InboundEvent } from '@colloquy/core'
import { decodeWith, type WebhookVerificationConfig } from '@colloquy/http'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { SunshineWebhookBody, type SunshineWebhookEvent, SunshineWebhookPayload } from './codecs.js'
import { toMessage, toParticipant } from './mapping.js'

const toEvent = (
  provider: string,
  event: SunshineWebhookEvent,
  index: number,
): E.Either<ColloquyError, InboundEvent> => {
  const decodeFailure = eventsDecodeError(provider)
  const decoded = decodeWith(SunshineWebhookPayload, event.payload ?? {})
  if (E.isLeft(decoded))
    return E.left(decodeFailure(decoded.left.map((issue) => `events[${index}].payload.${issue}`)))
  const payload = decoded.right
  const conversationId = payload.conversation?.id
  const base = {
    id: event.id,
    provider,
    occurredAt: new Date(event.createdAt),
    raw: event,
    ...(conversationId === undefined ? {} : { conversationId }),
  }
  const who = payload.activity?.author?.userId ?? payload.user?.id
  const userId = who === undefined ? {} : { userId: who }
  switch (event.type) {
    case 'conversation:message':
      return payload.message && conversationId !== undefined
        ? E.right({
            ...base,
            type: 'message.created',
            message: toMessage(provider, conversationId, payload.message),
          })
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

/**
 * Checks the webhook secret (or the explicit `verification: 'none'`), then parses; never throws.
 */
export const createEventPort = (provider: string, config: WebhookVerificationConfig): EventPort => {
  const read = readVerifiedWebhook(provider, config, SunshineWebhookBody)
  return {
    parse: (input) =>
      pipe(
        read(input),
        TE.flatMapEither(({ payload }) =>
          pipe(
            payload.events,
            E.traverseArrayWithIndex((index, event) => toEvent(provider, event, index)),
          ),
        ),
      ),
  }
}
