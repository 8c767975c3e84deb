/**
 * The comparison behind `verifyMigration`: a source history against what a target holds of it.
 *
 * @module
 */
import type { ContentType, Message } from '@colloquy/core'
import { contentText, convertContent } from './content.js'

/** What can differ between a source message and the target. */
export type DifferenceKind = 'missing' | 'duplicated' | 'outOfOrder' | 'changed' | 'unexpected'

/** One difference: a source message missing, copied twice, out of order or changed, or a copy of nothing. */
export interface MessageDifference {
  readonly kind: DifferenceKind
  readonly sourceMessageId: string
  /** The target messages carrying this source id. */
  readonly targetMessageIds?: readonly string[]
  /** For `changed`: the text the target should show (the source's, or its degraded form) and what it shows. */
  readonly expected?: string
  readonly actual?: string
}

/** A target message that carries a source id. */
export interface CopiedMessage {
  readonly sourceId: string
  readonly targetId: string
  readonly text: string
}

/** Difference details kept per conversation (counts are always complete). */
export const differenceDetailLimit = 100

/** What a target message shows, as compared: its readable text, trimmed. */
export const shownText = (content: Message['content']) => contentText(content).trim()

/** Counts per {@link DifferenceKind}. */
export type DifferenceCounts = Record<DifferenceKind, number>

export const noDifferences = (): DifferenceCounts => ({
  missing: 0,
  duplicated: 0,
  outOfOrder: 0,
  changed: 0,
  unexpected: 0,
})

/**
 * Walks the source messages (oldest first) against the copies in the target (in target order):
 * every source message must be there exactly once, in the same order, showing its text or the
 * degraded text a target that cannot take its content shows instead.
 */
export const createComparison = (copies: readonly CopiedMessage[], sendable: readonly ContentType[]) => {
  const positions = new Map<string, number[]>()
  copies.forEach((copy, position) => {
    const at = positions.get(copy.sourceId)
    if (at) at.push(position)
    else positions.set(copy.sourceId, [position])
  })
  const counts = noDifferences()
  const details: MessageDifference[] = []
  const seen = new Set<string>()
  let furthest = -1
  let messages = 0
  const note = (difference: MessageDifference) => {
    counts[difference.kind]++
    if (details.length < differenceDetailLimit) details.push(difference)
  }
  const idsAt = (at: readonly number[]) => at.map((position) => (copies[position] as CopiedMessage).targetId)
  return {
    /** Checks the next source message. */
    add: (message: Message) => {
      messages++
      seen.add(message.id)
      const at = positions.get(message.id)
      if (at === undefined) return note({ kind: 'missing', sourceMessageId: message.id })
      if (at.length > 1)
        note({ kind: 'duplicated', sourceMessageId: message.id, targetMessageIds: idsAt(at) })
      const first = at[0] as number
      if (first < furthest)
        note({ kind: 'outOfOrder', sourceMessageId: message.id, targetMessageIds: idsAt(at) })
      furthest = Math.max(furthest, first)
      const expected = shownText(convertContent(message.content, sendable).content)
      const actual = (copies[first] as CopiedMessage).text
      if (actual !== expected)
        note({ kind: 'changed', sourceMessageId: message.id, targetMessageIds: idsAt(at), expected, actual })
    },
    /** The differences once every source message was added: copies of messages the source does not have last. */
    finish: () => {
      for (const [sourceId, at] of positions)
        if (!seen.has(sourceId))
          note({ kind: 'unexpected', sourceMessageId: sourceId, targetMessageIds: idsAt(at) })
      return { messages, counts, details }
    },
  }
}
