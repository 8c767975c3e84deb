/**
 * The memory adapter's own webhook format and its parser. A body looks like
 * `{"events":[{"id":"evt_1","type":"message.created","conversationId":"conv_1",
 * "occurredAt":"2026-01-01T00:00:00.000Z","message":{…MemoryMessageJson}}]}`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { type ColloquyError, decodeError } from '../errors.js'
import { readJsonBody } from '../json-body.js'
import { isRecord } from '../json-object.js'
import { contentTypes, type InboundEvent, type InboundEventType, type MessageContent } from '../model.js'
import type { MemoryMessageJson } from './records.js'

/** One event in the memory adapter's webhook format. */
export interface MemoryEventJson {
  readonly id: string
  readonly type: InboundEventType | (string & {})
  readonly conversationId?: string
  readonly occurredAt: string
  readonly message?: MemoryMessageJson
  readonly participantId?: string
  readonly typing?: boolean
  readonly participant?: Record<string, unknown>
}

/** A webhook body in the memory adapter's format. */
export interface MemoryEventBody {
  readonly events: readonly MemoryEventJson[]
}

type Json = Record<string, unknown>

const isDate = (value: unknown): value is string =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value))

const messageIssues = (message: unknown, path: string): string[] => {
  if (!isRecord(message)) return [`${path}: expected an object`]
  const issues: string[] = []
  for (const key of ['id', 'conversationId'] as const) {
    if (typeof message[key] !== 'string') issues.push(`${path}.${key}: expected a string`)
  }
  if (!isRecord(message.author) || typeof message.author.role !== 'string') {
    issues.push(`${path}.author.role: expected a string`)
  }
  if (!isRecord(message.content) || typeof message.content.type !== 'string') {
    issues.push(`${path}.content.type: expected a string`)
  }
  if (!isDate(message.createdAt)) issues.push(`${path}.createdAt: expected an ISO date`)
  return issues
}

const eventIssues = (event: unknown, path: string): string[] => {
  if (!isRecord(event)) return [`${path}: expected an object`]
  const issues: string[] = []
  if (typeof event.id !== 'string' || event.id === '') issues.push(`${path}.id: expected a non-empty string`)
  if (typeof event.type !== 'string') issues.push(`${path}.type: expected a string`)
  if (!isDate(event.occurredAt)) issues.push(`${path}.occurredAt: expected an ISO date`)
  if (event.conversationId !== undefined && typeof event.conversationId !== 'string') {
    issues.push(`${path}.conversationId: expected a string`)
  }
  if (event.type === 'message.created') issues.push(...messageIssues(event.message, `${path}.message`))
  if (event.type === 'typing' && typeof event.typing !== 'boolean')
    issues.push(`${path}.typing: expected a boolean`)
  return issues
}

// Content written by a newer version (or by hand) may have a type this version does not know.
const toContent = (content: Json): MessageContent =>
  contentTypes.includes(content.type as MessageContent['type'])
    ? (content as unknown as MessageContent)
    : {
        type: 'unsupported',
        vendorType: String(content.type),
        ...(typeof content.text === 'string' ? { text: content.text } : {}),
      }

const toEvent = (provider: string, event: MemoryEventJson): InboundEvent => {
  const base = {
    id: event.id,
    provider,
    occurredAt: new Date(event.occurredAt),
    raw: event,
    ...(event.conversationId === undefined ? {} : { conversationId: event.conversationId }),
  }
  const participantId = event.participantId === undefined ? {} : { participantId: event.participantId }
  switch (event.type) {
    case 'message.created': {
      const json = event.message as MemoryMessageJson
      const message = {
        id: json.id,
        conversationId: json.conversationId,
        provider,
        author: json.author,
        content: toContent(json.content as unknown as Json),
        createdAt: new Date(json.createdAt),
        metadata: isRecord(json.metadata) ? json.metadata : {},
        raw: json,
      }
      return { ...base, type: 'message.created', message }
    }
    case 'conversation.created':
      return { ...base, type: 'conversation.created' }
    case 'conversation.read':
      return { ...base, type: 'conversation.read', ...participantId }
    case 'typing':
      return { ...base, type: 'typing', typing: event.typing === true, ...participantId }
    case 'participant.joined':
      return { ...base, type: 'participant.joined' }
    case 'participant.left':
      return { ...base, type: 'participant.left' }
    default:
      return { ...base, type: 'unknown', vendorType: event.type }
  }
}

/**
 * Parses a memory-format webhook body (string, bytes or parsed JSON) into events, in body order.
 * Unknown event types become `unknown` events; a body of the wrong shape is a `Decode` error that
 * lists every offending path.
 */
export const parseMemoryEvents = (
  provider: string,
  body: unknown,
): E.Either<ColloquyError, readonly InboundEvent[]> => {
  const fail = (issues: string[]) => E.left(decodeError({ provider, operation: 'events.parse', issues }))
  const json = readJsonBody(body)
  if (E.isLeft(json)) return fail([json.left])
  const envelope = json.right
  if (!isRecord(envelope) || !Array.isArray(envelope.events)) return fail(['events: expected an array'])
  const issues = envelope.events.flatMap((event, index) => eventIssues(event, `events[${index}]`))
  if (issues.length > 0) return fail(issues)
  return E.right((envelope.events as MemoryEventJson[]).map((event) => toEvent(provider, event)))
}
