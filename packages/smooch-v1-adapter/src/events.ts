/**
 * Smooch v1 / v1.1 webhooks → core events. A payload is `{trigger, app, version?, messages,
 * appUser}`; it carries no event id, so ids are derived to stay the same when the vendor
 * redelivers: `<trigger>:<message _id>` for message triggers (one event per message), and a digest
 * of the body for the others.
 *
 * @module
 */
import { eventsDecodeError, readVerifiedWebhook } from '@colloquy/adapter-kit'
import type { ColloquyError, EventPort, InboundEvent } from '@colloquy/core'
import { jsonDigest, type WebhookVerificationConfig } from '@colloquy/http'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { SmoochV1WebhookBody } from './codecs.js'
import { receivedToDate, toMessage } from './mapping.js'

const messageTriggers = new Set(['message:appUser', 'message:appMaker', 'message'])

const toEvents = (
  provider: string,
  body: SmoochV1WebhookBody,
  raw: unknown,
): TE.TaskEither<ColloquyError, readonly InboundEvent[]> => {
  const failure = eventsDecodeError(provider)
  // The digest is taken only for triggers that need it: message webhooks are most of the traffic.
  const digestOf = (json: unknown): TE.TaskEither<ColloquyError, string> =>
    TE.tryCatch(
      () => jsonDigest(json),
      () => failure(['(body): has no JSON form to derive an event id from']),
    )
  const conversationId = body.appUser?._id ?? body.conversation?._id
  const base = {
    provider,
    raw,
    // Payloads other than messages carry no time of their own unless `timestamp` (seconds) is set.
    occurredAt: body.timestamp === undefined ? new Date() : receivedToDate(body.timestamp),
    ...(conversationId === undefined ? {} : { conversationId }),
  }
  const who = body.appUser?._id === undefined ? {} : { userId: body.appUser._id }
  if (messageTriggers.has(body.trigger)) {
    if (conversationId === undefined)
      return TE.left(failure(['appUser._id: message webhooks need the appUser']))
    return TE.right(
      (body.messages ?? []).map((message) => ({
        ...base,
        id: `${body.trigger}:${message._id}`,
        occurredAt: receivedToDate(message.received),
        type: 'message.created' as const,
        message: toMessage(provider, conversationId, message),
      })),
    )
  }
  if (body.trigger === 'postback')
    // Core has no postback event: each becomes `unknown`, with an id from its message and payload.
    return TE.right(
      (body.postbacks ?? []).map((postback, index) => ({
        ...base,
        id: `postback:${postback.message?._id ?? index}:${postback.action?.payload ?? ''}`,
        type: 'unknown' as const,
        vendorType: 'postback',
      })),
    )
  return pipe(
    digestOf(raw),
    TE.map((digest): readonly InboundEvent[] => {
      const id = `${body.trigger}:${digest}`
      switch (body.trigger) {
        case 'conversation:read':
          return [{ ...base, id, type: 'conversation.read', ...who }]
        case 'typing:appUser':
          return [{ ...base, id, type: 'typing', typing: body.activity?.type !== 'typing:stop', ...who }]
        case 'conversation:start':
          return [{ ...base, id, type: 'conversation.created' }]
        default:
          return [{ ...base, id, type: 'unknown', vendorType: body.trigger }]
      }
    }),
  )
}

/**
 * Checks the webhook secret (or the explicit `verification: 'none'`), then parses; never throws.
 */
export const createEventPort = (provider: string, config: WebhookVerificationConfig): EventPort => {
  const read = readVerifiedWebhook(provider, config, SmoochV1WebhookBody)
  return {
    parse: (input) =>
      pipe(
        read(input),
        TE.flatMap(({ payload, json }) => toEvents(provider, payload, json)),
      ),
  }
}
