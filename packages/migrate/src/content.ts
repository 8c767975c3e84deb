/**
 * Content the target cannot take, made into something it can: a readable text version, reported
 * as degraded with the reason. Nothing is dropped.
 *
 * @module
 */
import type { Action, ContentItem, ContentType, FormField, MessageContent } from '@colloquy/core'

const actionText = (actions: readonly Action[] | undefined) =>
  (actions ?? []).map((a) => (a.uri ? `[${a.text}](${a.uri})` : `[${a.text}]`)).join(' ')

const itemText = (item: ContentItem, index: number) =>
  [`${index + 1}. ${item.title}`, item.description, item.mediaUrl, actionText(item.actions)]
    .filter(Boolean)
    .join('\n')

const fieldText = (field: FormField) => `${field.label}${field.value === undefined ? '' : `: ${field.value}`}`

/** A readable plain-text rendering of any content. */
export const contentText = (content: MessageContent): string => {
  switch (content.type) {
    case 'text':
      return [content.text, actionText(content.actions)].filter(Boolean).join('\n')
    case 'image':
    case 'file':
      return [content.text, content.url].filter(Boolean).join('\n')
    case 'location':
      return [
        content.name,
        content.address,
        `https://maps.google.com/?q=${content.latitude},${content.longitude}`,
      ]
        .filter(Boolean)
        .join('\n')
    case 'carousel':
      return content.items.map(itemText).join('\n\n')
    case 'list':
      return [content.items.map(itemText).join('\n\n'), actionText(content.actions)]
        .filter(Boolean)
        .join('\n\n')
    case 'form':
    case 'formResponse':
      return content.fields.map(fieldText).join('\n')
    case 'unsupported':
      return content.text ?? `[${content.vendorType} message]`
  }
}

/** The content to send, and why it was degraded if it had to change. */
export const convertContent = (
  content: MessageContent,
  sendable: readonly ContentType[],
): { readonly content: MessageContent; readonly degraded?: string } => {
  if (content.type !== 'unsupported' && sendable.includes(content.type)) {
    // Vendors refuse empty text; a source that allowed it still has a message to carry.
    if (content.type === 'text' && content.text.trim() === '')
      return { content: { type: 'text', text: '(empty message)' }, degraded: 'empty text' }
    return { content }
  }
  const reason =
    content.type === 'unsupported'
      ? `unsupported source content '${content.vendorType}' sent as text`
      : `${content.type} content sent as text: the target cannot take it`
  const text = contentText(content).trim() || `[${content.type} message]`
  return { content: { type: 'text', text }, degraded: reason }
}
