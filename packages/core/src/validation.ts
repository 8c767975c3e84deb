/**
 * Checks of port inputs, shared by every adapter through {@link defineAdapter}. Each check returns
 * a readable problem, or `undefined` when the value is fine.
 *
 * @module
 */
import type { Direction } from './capabilities.js'
import { isRecord } from './json-object.js'
import { contentTypes, type MessageContent, type MessageDraft } from './model.js'

/** A readable description of what is wrong with an input, or `undefined`. */
export type Problem = string | undefined

const describe = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'string'
        ? `'${value}'`
        : typeof value

/** A non-empty string without surrounding whitespace only. */
export const requireId = (value: unknown, field: string): Problem =>
  typeof value === 'string' && value.trim() !== ''
    ? undefined
    : `${field} must be a non-empty string, got ${describe(value)}`

export const optionalId = (value: unknown, field: string): Problem =>
  value === undefined ? undefined : requireId(value, field)

export const optionalString = (value: unknown, field: string): Problem =>
  value === undefined || typeof value === 'string'
    ? undefined
    : `${field} must be a string, got ${describe(value)}`

export const optionalLimit = (value: unknown, field = 'limit'): Problem =>
  value === undefined || (typeof value === 'number' && Number.isInteger(value) && value > 0)
    ? undefined
    : `${field} must be a positive integer, got ${typeof value === 'number' ? value : describe(value)}`

export const requireBoolean = (value: unknown, field: string): Problem =>
  typeof value === 'boolean' ? undefined : `${field} must be a boolean, got ${describe(value)}`

export const optionalMetadata = (value: unknown, field = 'metadata'): Problem =>
  value === undefined || isRecord(value) ? undefined : `${field} must be an object, got ${describe(value)}`

export const optionalDirection = (value: unknown): Problem =>
  value === undefined || value === 'backward' || value === 'forward'
    ? undefined
    : `direction must be 'backward' or 'forward', got ${describe(value)}`

export const requireObject = (value: unknown, field: string): Problem =>
  isRecord(value) ? undefined : `${field} must be an object, got ${describe(value)}`

/** The first problem of several checks. */
export const firstProblem = (...problems: readonly Problem[]): Problem =>
  problems.find((p) => p !== undefined)

const authorRoles = new Set(['customer', 'agent', 'bot', 'system'])

const itemsProblem = (items: unknown, field: string): Problem => {
  if (!Array.isArray(items) || items.length === 0) return `${field} must be a non-empty array`
  const bad = items.findIndex(
    (item) => !isRecord(item) || typeof item.title !== 'string' || item.title === '',
  )
  return bad === -1 ? undefined : `${field}[${bad}].title must be a non-empty string`
}

const fieldsProblem = (fields: unknown, field: string): Problem => {
  if (!Array.isArray(fields) || fields.length === 0) return `${field} must be a non-empty array`
  const bad = fields.findIndex(
    (f) => !isRecord(f) || typeof f.name !== 'string' || f.name === '' || typeof f.label !== 'string',
  )
  return bad === -1 ? undefined : `${field}[${bad}] needs a non-empty name and a label`
}

const contentProblem = (content: unknown): Problem => {
  if (!isRecord(content)) return `message.content is required, got ${describe(content)}`
  const type = content.type
  if (typeof type !== 'string' || !contentTypes.includes(type as MessageContent['type'])) {
    return `message.content.type must be one of ${contentTypes.join(', ')}, got ${describe(type)}`
  }
  switch (type as MessageContent['type']) {
    case 'text':
      return typeof content.text === 'string' && content.text.trim() !== ''
        ? undefined
        : 'message.content.text must be a non-empty string'
    case 'image':
    case 'file':
      return requireId(content.url, 'message.content.url')
    case 'location': {
      const { latitude, longitude } = content
      const valid =
        typeof latitude === 'number' &&
        typeof longitude === 'number' &&
        Math.abs(latitude) <= 90 &&
        Math.abs(longitude) <= 180
      return valid ? undefined : 'message.content latitude/longitude must be numbers within ±90/±180'
    }
    case 'carousel':
    case 'list':
      return itemsProblem(content.items, 'message.content.items')
    case 'form':
    case 'formResponse':
      return fieldsProblem(content.fields, 'message.content.fields')
    case 'unsupported':
      return 'message.content of type unsupported cannot be sent'
  }
}

/** Checks a {@link MessageDraft} as `messages.send` receives it. */
export const draftProblem = (draft: unknown): Problem => {
  if (!isRecord(draft)) return `message must be an object, got ${describe(draft)}`
  const author = draft.author
  if (!isRecord(author) || !authorRoles.has(author.role as string)) {
    return `message.author.role must be one of customer, agent, bot, system`
  }
  const createdAt = (draft as Partial<MessageDraft>).createdAt
  return firstProblem(
    optionalId(author.userId, 'message.author.userId'),
    optionalId(author.externalId, 'message.author.externalId'),
    optionalString(author.displayName, 'message.author.displayName'),
    optionalString(author.avatarUrl, 'message.author.avatarUrl'),
    contentProblem(draft.content),
    optionalMetadata(draft.metadata, 'message.metadata'),
    createdAt === undefined || (createdAt instanceof Date && !Number.isNaN(createdAt.getTime()))
      ? undefined
      : 'message.createdAt must be a valid Date',
  )
}

/** Checks the participants of a `conversations.create` input. */
export const participantsProblem = (participants: unknown): Problem => {
  if (!Array.isArray(participants)) return `participants must be an array, got ${describe(participants)}`
  for (const [index, participant] of participants.entries()) {
    const field = `participants[${index}]`
    const problem = isRecord(participant)
      ? firstProblem(
          optionalId(participant.userId, `${field}.userId`),
          optionalId(participant.externalId, `${field}.externalId`),
          optionalString(participant.displayName, `${field}.displayName`),
          optionalString(participant.email, `${field}.email`),
        )
      : `${field} must be an object`
    if (problem) return problem
  }
  return undefined
}

/**
 * The direction to walk: the requested one if declared; when none is requested, `'backward'` if
 * declared, else the first declared. `undefined` when the request cannot be honoured.
 */
export const resolveDirection = (
  requested: Direction | undefined,
  declared: readonly Direction[],
): Direction | undefined => {
  if (requested !== undefined) return declared.includes(requested) ? requested : undefined
  return declared.includes('backward') ? 'backward' : declared[0]
}
