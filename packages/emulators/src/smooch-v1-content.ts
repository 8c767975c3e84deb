/**
 * What Smooch refuses in a v1/v1.1 `MessagePost` (the Swagger `MessagePost` and its types): the
 * roles and types the API takes and the fields each type needs.
 *
 * @module
 */
import { hasCoordinates, hasTitledItems, isNonEmptyArray } from './content-rules.js'
import type { JsonObject as Json } from './json.js'

const sendableTypes = new Set(['text', 'image', 'file', 'carousel', 'list', 'location', 'form'])

/** Why the vendor would refuse this message, or undefined. */
export const messageProblem = (input: Json): string | undefined => {
  if (input.role !== 'appUser' && input.role !== 'appMaker') return "role must be 'appUser' or 'appMaker'"
  const type = input.type
  if (typeof type !== 'string' || !sendableTypes.has(type))
    return `type must be one of ${[...sendableTypes].join(', ')}`
  const items = input.items
  switch (type) {
    case 'text':
      return typeof input.text === 'string' && input.text.trim() !== '' ? undefined : 'text is required'
    case 'image':
    case 'file':
      return typeof input.mediaUrl === 'string' ? undefined : 'mediaUrl is required'
    case 'carousel':
    case 'list':
      return hasTitledItems(items, true)
        ? undefined
        : 'items must be a non-empty array of items with title and actions'
    case 'location':
      return hasCoordinates(input.coordinates) ? undefined : 'coordinates {lat, long} are required'
    case 'form':
      return isNonEmptyArray(input.fields) ? undefined : 'fields are required'
  }
  return undefined
}
