/**
 * Stands for the app's own work on each event in the recipes (in a real app: a job queue). It
 * keeps what it handled for the tests, and fails, as an unavailable queue would, on a message whose
 * text is `fail`.
 *
 * @module
 */
import type { InboundEvent } from '@colloquy/core'

export const handledEvents: InboundEvent[] = []

export const handleChatEvent = async (event: InboundEvent): Promise<void> => {
  if (
    event.type === 'message.created' &&
    event.message.content.type === 'text' &&
    event.message.content.text === 'fail'
  )
    throw new Error('the job queue is unavailable')
  handledEvents.push(event)
}
