/**
 * Opaque cursors an adapter hands out and takes back, bound to the provider and the list they
 * page through, so a cursor of another conversation or another adapter is refused instead of
 * answered with somebody else's page.
 *
 * @module
 */

/** Makes and reads the cursors of one adapter. */
export interface CursorCodec {
  /**
   * A cursor of `kind` (one letter, e.g. `'b'` backward, `'f'` forward, `'c'` a conversation list)
   * for the list named `scope` (a conversation id, or `''` for an adapter-wide list), holding
   * `position` (any string the adapter needs to continue: a sequence number, a vendor id or cursor).
   */
  readonly encode: (kind: string, scope: string, position: string) => string
  /**
   * The `position` of a cursor this codec made for `kind` and `scope`; `undefined` for anything
   * else: another kind, another list, another provider's cursor, an empty position.
   */
  readonly decode: (kind: string, scope: string, cursor: string) => string | undefined
}

// FNV-1a (32 bits): a cheap, stable tag that tells lists apart; it guards against mistakes, it is
// not a signature (a caller who forges cursors only reaches what the same call could ask for).
const tagOf = (text: string): string => {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(36).padStart(7, '0')
}

/**
 * The cursor codec of the adapter named `provider`. A cursor reads `<kind><tag>.<position>`,
 * where the seven-character tag names the provider and the list: the same list always gets the
 * same tag, so cursors stay valid across processes and releases that keep this format.
 *
 * @example
 * const cursors = createCursorCodec('memory')
 * const cursor = cursors.encode('f', conversationId, '42')
 * cursors.decode('f', conversationId, cursor) // '42'
 * cursors.decode('f', otherConversationId, cursor) // undefined: refuse it with InvalidRequest
 */
export const createCursorCodec = (provider: string): CursorCodec => {
  const prefix = (kind: string, scope: string) => `${kind}${tagOf(`${provider}\u0000${scope}`)}.`
  return {
    encode: (kind, scope, position) => `${prefix(kind, scope)}${position}`,
    decode: (kind, scope, cursor) => {
      const expected = prefix(kind, scope)
      return cursor.length > expected.length && cursor.startsWith(expected)
        ? cursor.slice(expected.length)
        : undefined
    },
  }
}
