/**
 * Paging by timestamp where timestamps repeat (Smooch's `received`, UltraCart's `message_epoch`).
 * The vendor's bound is exclusive, so a walk that restarts after the last timestamp it returned
 * silently skips the rest of a tie group cut by a page edge. The cursor therefore keeps the last
 * timestamp and the ids already returned with it; the next request asks from that timestamp
 * inclusive (the adapter moves the vendor's bound just past it) and drops those ids: no gap, no
 * repeat. The same position is where a forward walk resumes once new messages arrive.
 *
 * @module
 */
import type { Direction } from '@colloquy/core'
import { decodeBase64, encodeBase64 } from '@colloquy/http'
import type { MessageCursor } from './cursors.js'
import { sortByNumber } from './sort-if-unsorted.js'

/** Where a walk stopped: the last timestamp returned and the ids returned with exactly it. */
export interface TieGroupPosition {
  /** The vendor's timestamp, in its own unit. */
  readonly position: number
  readonly seen: readonly string[]
}

/** Cursors holding a {@link TieGroupPosition}, bound to their conversation and direction. */
export interface TieGroupCursor {
  readonly encode: (direction: Direction, conversationId: string, at: TieGroupPosition) => string
  /** The position of a cursor this adapter made for the conversation and direction, else `undefined`. */
  readonly decode: (
    direction: Direction,
    conversationId: string,
    cursor: string,
  ) => TieGroupPosition | undefined
}

/**
 * Tie-group cursors on an adapter's message cursors; `isPosition` says which timestamps the
 * vendor can take (default: any finite number).
 */
export const createTieGroupCursor = (
  messageCursor: MessageCursor,
  isPosition: (position: number) => boolean = Number.isFinite,
): TieGroupCursor => ({
  encode: (direction, conversationId, at) =>
    messageCursor.encode(
      direction,
      conversationId,
      encodeBase64(JSON.stringify([at.position, at.seen]), { url: true }),
    ),
  decode: (direction, conversationId, cursor) => {
    const payload = messageCursor.decode(direction, conversationId, cursor)
    if (payload === undefined) return undefined
    try {
      const [position, seen] = JSON.parse(decodeBase64(payload)) as unknown[]
      return typeof position === 'number' &&
        isPosition(position) &&
        Array.isArray(seen) &&
        seen.every((id) => typeof id === 'string')
        ? { position, seen }
        : undefined
    } catch {
      return undefined
    }
  },
})

/** One vendor answer and where the request stood. */
export interface TieGroupPageInput<M> {
  readonly direction: Direction
  /** The vendor's answer, in its order: sorted oldest first here (ties keep the vendor's order). */
  readonly messages: readonly M[]
  /** The position the request continued from, if any. */
  readonly bound: TieGroupPosition | undefined
  readonly limit: number
  /** Whether the vendor's answer was a full page: more may follow that it did not send. */
  readonly vendorPageFull: boolean
  readonly positionOf: (message: M) => number
  readonly idOf: (message: M) => string
}

/** The page to return: its messages, where the next page starts, and where a forward walk resumes. */
export interface TieGroupPage<M> {
  readonly items: readonly M[]
  /** Present while more messages remain in this direction. */
  readonly next?: TieGroupPosition
  /** After the last message returned, or where the request stood: present once there is a position. */
  readonly resume?: TieGroupPosition
}

/**
 * Takes the page after `bound` out of the vendor's answer. `{ stuckAt }` when the answer is a
 * full page of messages that all share the bound's timestamp and were all returned already: the
 * vendor cannot page past them, which the adapter must report (never skip silently).
 */
export const takeTieGroupPage = <M>(
  input: TieGroupPageInput<M>,
): TieGroupPage<M> | { readonly stuckAt: number } => {
  const { bound, positionOf, idOf } = input
  const forward = input.direction === 'forward'
  const seen = new Set(bound?.seen)
  // Order within a page is not documented by either vendor; one pass confirms it is already sorted.
  const messages = sortByNumber(input.messages, positionOf)
  const candidates = bound
    ? messages.filter((message) => {
        const position = positionOf(message)
        return (
          (forward ? position >= bound.position : position <= bound.position) &&
          !(position === bound.position && seen.has(idOf(message)))
        )
      })
    : messages
  const items = forward ? candidates.slice(0, input.limit) : candidates.slice(-input.limit)
  if (bound && items.length === 0 && input.vendorPageFull) return { stuckAt: bound.position }
  const edge = forward ? items.at(-1) : items[0]
  const after = edge && {
    position: positionOf(edge),
    // The ids at the edge's timestamp, with those the bound already carried at the same one.
    seen: [
      ...(bound?.position === positionOf(edge) ? bound.seen : []),
      ...items.filter((message) => positionOf(message) === positionOf(edge)).map(idOf),
    ],
  }
  const moreRemain = candidates.length > items.length || input.vendorPageFull
  const resume = after ?? bound
  return {
    items,
    ...(after && moreRemain ? { next: after } : {}),
    ...(resume === undefined ? {} : { resume }),
  }
}
