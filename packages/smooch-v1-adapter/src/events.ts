/**
 * Smooch v1 / v1.1 webhooks → core events. A payload is `{trigger, app, version?, messages,
 * appUser}`; it carries no event id, so ids are derived to stay the same when the vendor
 * redelivers: `<trigger>:<message _id>` for message triggers (one event per message), and a digest
 * of the body for the others.
 *
 * @module
 */
import { createHash } from 'node:crypto'
import {
  type ColloquyError,
  decodeError,
  type EventPort,
  type InboundEvent,
  readJsonBody,
} from '@colloquy/core'
import { type Credential, checkWebhookSecret, decodeWith } from '@colloquy/http'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { SmoochWebhookBody } from './codecs.js'
import { receivedToDate, toMessage } from './mapping.js'

const operation = 'events.parse'
const failure = (issues: readonly string[]) => decodeError({ provider: 'smooch-v1', operation, issues })
const messageTriggers = new Set(['message:appUser', 'message:appMaker', 'message'])

const toEvents = (
  body: SmoochWebhookBody,
  raw: unknown,
): E.Either<ColloquyError, readonly InboundEvent[]> => {
  const conversationId = body.appUser?._id ?? body.conversation?._id
  const digest = createHash('sha256').update(JSON.stringify(raw)).digest('hex').slice(0, 24)
  const base = {
    provider: 'smooch-v1',
    raw,
    // Payloads other than messages carry no time of their own unless `timestamp` (seconds) is set.
    occurredAt: body.timestamp === undefined ? new Date() : receivedToDate(body.timestamp),
    ...(conversationId === undefined ? {} : { conversationId }),
  }
  const who = body.appUser?._id === undefined ? {} : { userId: body.appUser._id }
  const id = `${body.trigger}:${digest}`
  if (messageTriggers.has(body.trigger)) {
    if (conversationId === undefined)
      return E.left(failure(['appUser._id: message webhooks need the appUser']))
    return E.right(
      (body.messages ?? []).map((message) => ({
        ...base,
        id: `${body.trigger}:${message._id}`,
        occurredAt: receivedToDate(message.received),
        type: 'message.created' as const,
        message: toMessage(conversationId, message),
      })),
    )
  }
  switch (body.trigger) {
    case 'conversation:read':
      return E.right([{ ...base, id, type: 'conversation.read', ...who }])
    case 'typing:appUser':
      return E.right([{ ...base, id, type: 'typing', typing: body.activity?.type !== 'typing:stop', ...who }])
    case 'conversation:start':
      return E.right([{ ...base, id, type: 'conversation.created' }])
    case 'postback':
      // Core has no postback event: each becomes `unknown`, with an id from its message and payload.
      return E.right(
        (body.postbacks ?? []).map((postback, index) => ({
          ...base,
          id: `postback:${postback.message?._id ?? index}:${postback.action?.payload ?? ''}`,
          type: 'unknown' as const,
          vendorType: 'postback',
        })),
      )
    default:
      return E.right([{ ...base, id, type: 'unknown', vendorType: body.trigger }])
  }
}

export const createEventPort = (webhookSecret: Credential<string> | undefined): EventPort => ({
  parse: (input) =>
    pipe(
      checkWebhookSecret({ provider: 'smooch-v1', headers: input.headers, secret: webhookSecret }),
      TE.flatMap(() =>
        TE.fromEither(
          pipe(
            readJsonBody(input.body),
            E.mapLeft((issue) => failure([issue])),
            E.flatMap((json) =>
              pipe(
                decodeWith(SmoochWebhookBody, json),
                E.mapLeft(failure),
                E.flatMap((body) => toEvents(body, json)),
              ),
            ),
          ),
        ),
      ),
    ),
})
