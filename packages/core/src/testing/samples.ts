/**
 * Sample content the conformance suite sends: one sendable example of every content type.
 *
 * @module
 */
import type { ContentType, MessageContent } from '../model.js'

const link = { type: 'link', text: 'Open', uri: 'https://example.com/docs' } as const

/** One valid, sendable example of each content type (`unsupported` cannot be sent). */
export const sampleContent: Readonly<Record<Exclude<ContentType, 'unsupported'>, MessageContent>> = {
  text: { type: 'text', text: 'Hello from the contract suite', actions: [link] },
  image: { type: 'image', url: 'https://example.com/images/cat.png', text: 'A cat' },
  file: { type: 'file', url: 'https://example.com/files/report.pdf', text: 'The report' },
  location: { type: 'location', latitude: 45.5017, longitude: -73.5673 },
  carousel: {
    type: 'carousel',
    items: [
      { title: 'First', description: 'The first card', actions: [link] },
      { title: 'Second', description: 'The second card', actions: [link] },
    ],
  },
  list: {
    type: 'list',
    items: [
      { title: 'One', description: 'Row one', actions: [link] },
      { title: 'Two', description: 'Row two', actions: [link] },
    ],
  },
  form: { type: 'form', fields: [{ type: 'text', name: 'name', label: 'Your name' }] },
  formResponse: {
    type: 'formResponse',
    fields: [{ type: 'text', name: 'name', label: 'Your name', value: 'Ada' }],
  },
}
