/**
 * UltraCart agent-websocket frames (`ConversationWebsocketMessage`) → core events. UltraCart has
 * no chat webhook and its frames are not signed, so parsing needs the config's explicit
 * `verification: 'none'`: pass the frames your own websocket client receives. Frames carry no id; ids are derived to be stable for the same frame:
 * `<event_type>:<message uuid>` for message events, a digest of the frame otherwise.
 *
 * @module
 */
import { eventsDecodeError, readInboundJson } from '@colloquy/adapter-kit'
import { type ColloquyError, type EventPort, type InboundEvent, unauthorized } from '@colloquy/core'
import { decodeWith, jsonDigest } from '@colloquy/http'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { AgentDirectory } from './agents.js'
import { UltraCartWebsocketFrame } from './codecs.js'
import { toMessage, toParticipant } from './mapping.js'

/** `<event_type>:<message uuid>` for message frames; a digest of the frame for the others. */
const eventId = (
  provider: string,
  frame: UltraCartWebsocketFrame,
  raw: unknown,
): TE.TaskEither<ColloquyError, string> => {
  const message = frame.message ?? frame.event_updated_message
  if (message && frame.event_type !== undefined)
    return TE.right(`${frame.event_type}:${message.conversation_message_uuid}`)
  return TE.tryCatch(
    async () => `${frame.event_type ?? frame.type}:${await jsonDigest(raw)}`,
    () => eventsDecodeError(provider)(['(body): has no JSON form to derive an event id from']),
  )
}

const toEvent = (
  provider: string,
  frame: UltraCartWebsocketFrame,
  raw: unknown,
  id: string,
  agents: AgentDirectory,
): E.Either<ColloquyError, InboundEvent> => {
  const conversationId = frame.conversation_uuid
  const roleOf = agents.known()
  const message = frame.message ?? frame.event_updated_message
  const failure = eventsDecodeError(provider)
  const base = {
    id,
    provider,
    occurredAt: message ? new Date(message.message_epoch) : new Date(),
    raw,
    ...(conversationId === undefined ? {} : { conversationId }),
  }
  const inConversation = (kind: string) =>
    conversationId === undefined
      ? E.left(failure([`conversation_uuid: a '${kind}' frame needs the conversation`]))
      : E.right(conversationId)
  if (frame.type !== 'event') return E.right({ ...base, type: 'unknown', vendorType: frame.type })
  switch (frame.event_type) {
    case 'new message':
    case 'updated message': {
      if (!message) return E.left(failure([`message: a '${frame.event_type}' frame needs the message`]))
      return pipe(
        inConversation(frame.event_type),
        E.map((id) => ({
          ...base,
          type:
            frame.event_type === 'new message' ? ('message.created' as const) : ('message.updated' as const),
          message: toMessage(provider, id, message, roleOf),
        })),
      )
    }
    case 'read message':
      return E.right({ ...base, type: 'conversation.read' })
    case 'typing': {
      const author = frame.event_typing?.author_conversation_participant_arn
      return E.right({
        ...base,
        type: 'typing',
        typing: frame.event_typing?.value !== false,
        ...(author ? { userId: author } : {}),
      })
    }
    case 'participant join':
    case 'participant left': {
      const participant =
        frame.event_type === 'participant join'
          ? frame.event_participant_join_participant
          : frame.event_participant_left_participant
      const type =
        frame.event_type === 'participant join'
          ? ('participant.joined' as const)
          : ('participant.left' as const)
      return E.right({
        ...base,
        type,
        ...(participant && conversationId !== undefined
          ? {
              participant: toParticipant(conversationId, participant, roleOf),
              userId: participant.conversation_participant_arn,
            }
          : {}),
      })
    }
    case 'new conversation':
      return E.right({ ...base, type: 'conversation.created' })
    case 'conversation closed':
      return E.right({ ...base, type: 'conversation.closed' })
    default:
      return E.right({ ...base, type: 'unknown', vendorType: frame.event_type ?? frame.type })
  }
}

const unverified = (provider: string) =>
  unauthorized({
    provider,
    operation: 'events.parse',
    // 0, not 401: the configuration is missing, not the sender's credential.
    status: 0,
    message:
      "events.parse: UltraCart frames carry no signature; set verification: 'none' to accept the frames your own agent websocket receives",
  })

/**
 * Parses one frame, or an array of frames, into events, in order; `Unauthorized` unless the config
 * says `verification: 'none'`. Never throws.
 */
export const createEventPort = (
  provider: string,
  agents: AgentDirectory,
  verification: 'none' | undefined,
): EventPort => {
  const failure = eventsDecodeError(provider)
  return {
    parse: (input) =>
      verification !== 'none'
        ? TE.left(unverified(provider))
        : pipe(
            TE.fromEither(readInboundJson(provider, input.body)),
            TE.flatMap((json) => {
              const frames = Array.isArray(json) ? json : [json]
              return pipe(
                frames,
                TE.traverseArrayWithIndex((index, raw) =>
                  pipe(
                    TE.fromEither(decodeWith(UltraCartWebsocketFrame, raw)),
                    TE.mapError((issues) =>
                      failure(Array.isArray(json) ? issues.map((issue) => `[${index}].${issue}`) : issues),
                    ),
                    TE.flatMap((frame) =>
                      pipe(
                        eventId(provider, frame, raw),
                        TE.flatMapEither((id) => toEvent(provider, frame, raw, id, agents)),
                      ),
                    ),
                  ),
                ),
              )
            }),
          ),
  }
}
