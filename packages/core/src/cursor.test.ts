import { createCursorCodec } from '@colloquy/core'
import { describe, expect, it } from 'vitest'

describe('createCursorCodec', () => {
  const cursors = createCursorCodec('memory')

  it('reads back the position of its own cursor, the same across codecs of one provider', () => {
    const cursor = cursors.encode('f', 'conv_1', '42')
    expect(cursor).toMatch(/^f[0-9a-z]{7}\.42$/)
    expect(cursors.decode('f', 'conv_1', cursor)).toBe('42')
    expect(createCursorCodec('memory').decode('f', 'conv_1', cursor)).toBe('42')
    // Any position text survives, separators included.
    expect(cursors.decode('b', '', cursors.encode('b', '', 'a.b|c/d'))).toBe('a.b|c/d')
  })

  it("refuses another list's, another kind's and another provider's cursor, and anything else", () => {
    const cursor = cursors.encode('f', 'conv_1', '42')
    expect(cursors.decode('f', 'conv_2', cursor)).toBeUndefined()
    expect(cursors.decode('b', 'conv_1', cursor)).toBeUndefined()
    expect(createCursorCodec('sunshine').decode('f', 'conv_1', cursor)).toBeUndefined()
    for (const other of ['', 'f', '42', cursor.slice(0, -2), `${cursor.slice(0, 9)}`])
      expect(cursors.decode('f', 'conv_1', other)).toBeUndefined()
  })
})
