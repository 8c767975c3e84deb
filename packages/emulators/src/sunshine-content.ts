/**
 * What Sunshine refuses in a PostMessage `content` (reference §2.3): the types the API takes and
 * the fields each one needs.
 *
 * @module
 */
import { hasCoordinates, hasTitledItems, isNonEmptyArray } from './content-rules.js'
import { isRecord } from './json.js'

const sendableTypes = new Set(['text', 'image', 'file', 'carousel', 'list', 'location', 'form', 'template'])

/** Why the vendor would refuse this content, or undefined. */
export const contentProblem = (content: unknown, schema: unknown): string | undefined => {
  if (!isRecord(content) || typeof content.type !== 'string') return 'content.type is required'
  if (content.type === 'formResponse') return 'formResponse messages cannot be sent through the API'
  if (!sendableTypes.has(content.type)) return `content.type '${content.type}' is not valid`
  const items = content.items
  switch (content.type) {
    case 'text':
      if (typeof content.text === 'string' && content.text.length > 4096)
        return 'content.text is longer than 4096'
      return typeof content.text === 'string' || content.actions || content.htmlText || content.markdownText
        ? undefined
        : 'content.text is required'
    case 'image':
    case 'file':
      return typeof content.mediaUrl === 'string' ? undefined : 'content.mediaUrl is required'
    case 'carousel':
    case 'list':
      return hasTitledItems(items, false)
        ? content.type === 'carousel' && !items.every((i) => isNonEmptyArray(i.actions))
          ? 'content.items[].actions is required'
          : undefined
        : 'content.items must be a non-empty array of items with a title'
    case 'location':
      return hasCoordinates(content.coordinates) ? undefined : 'content.coordinates {lat, long} is required'
    case 'form':
      return isNonEmptyArray(content.fields) ? undefined : 'content.fields is required'
    case 'template':
      return schema === 'whatsapp' ? undefined : "template content requires schema 'whatsapp'"
  }
  return undefined
}
