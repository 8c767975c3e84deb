/**
 * The two cursors every vendor adapter makes: message cursors (per conversation and direction)
 * and list cursors (per list, e.g. a user's conversations), both on core's
 * {@link createCursorCodec}, so a cursor of another conversation, list or adapter is refused.
 *
 * @module
 */
import { createCursorCodec, type Direction } from '@colloquy/core'

/** Cursors of one conversation's messages in one direction. */
export interface MessageCursor {
  /** A cursor continuing `direction` from `position` (what the adapter needs: a vendor id, a timestamp…). */
  readonly encode: (direction: Direction, conversationId: string, position: string) => string
  /** The position of a cursor made for this conversation and direction; `undefined` otherwise. */
  readonly decode: (direction: Direction, conversationId: string, cursor: string) => string | undefined
}

/** Cursors of a list other than messages, named by `scope` (`''` for the adapter's one list). */
export interface ListCursor {
  readonly encode: (scope: string, position: string) => string
  readonly decode: (scope: string, cursor: string) => string | undefined
}

const kindOf = (direction: Direction) => (direction === 'backward' ? 'b' : 'f')

/** The message cursors of the adapter named `provider`. */
export const createMessageCursor = (provider: string): MessageCursor => {
  const codec = createCursorCodec(provider)
  return {
    encode: (direction, conversationId, position) =>
      codec.encode(kindOf(direction), conversationId, position),
    decode: (direction, conversationId, cursor) => codec.decode(kindOf(direction), conversationId, cursor),
  }
}

/** The list cursors of the adapter named `provider`. */
export const createListCursor = (provider: string): ListCursor => {
  const codec = createCursorCodec(provider)
  return {
    encode: (scope, position) => codec.encode('c', scope, position),
    decode: (scope, cursor) => codec.decode('c', scope, cursor),
  }
}
