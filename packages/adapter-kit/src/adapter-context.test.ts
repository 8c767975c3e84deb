import { createAdapterContext, sortByNumber, sortIfUnsorted, vendorErrorDetails } from '@colloquy/adapter-kit'
import { expectLeft } from '@colloquy/core/testing'
import { createHttpClient } from '@colloquy/http'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'

const client = createHttpClient({
  provider: 'acme',
  baseUrl: 'https://api.acme.example',
  credentials: 'k',
  authenticate: () => ({}),
})

describe('createAdapterContext', () => {
  const context = createAdapterContext({ provider: 'acme', client, root: ['v2', 'apps', 'app-1'] })

  it('builds paths below the root and names its provider on every refusal', async () => {
    expect(context.path('conversations', 'c1')).toEqual(['v2', 'apps', 'app-1', 'conversations', 'c1'])
    expect(context.path()).toEqual(['v2', 'apps', 'app-1'])
    expect(await expectLeft(context.refuse('messages.send', 'no such content'))).toEqual({
      _tag: 'InvalidRequest',
      provider: 'acme',
      operation: 'messages.send',
      message: 'messages.send: no such content',
    })
    expect(await expectLeft(context.unsupported('conversations.update', 'no endpoint'))).toEqual({
      _tag: 'Unsupported',
      provider: 'acme',
      operation: 'conversations.update',
      capability: 'conversations.update',
      message: 'conversations.update: no endpoint',
    })
  })

  it('makes cursors that only this provider, list and direction read back', () => {
    const cursor = context.messageCursor.encode('forward', 'c1', 'm9')
    expect(context.messageCursor.decode('forward', 'c1', cursor)).toBe('m9')
    expect(context.messageCursor.decode('backward', 'c1', cursor)).toBeUndefined()
    expect(context.messageCursor.decode('forward', 'c2', cursor)).toBeUndefined()
    const other = createAdapterContext({ provider: 'other', client, root: [] })
    expect(other.messageCursor.decode('forward', 'c1', cursor)).toBeUndefined()
    const list = context.listCursor.encode('userId:u1', 'after-7')
    expect(context.listCursor.decode('userId:u1', list)).toBe('after-7')
    expect(context.listCursor.decode('userId:u2', list)).toBeUndefined()
    // A list cursor is not a message cursor.
    expect(context.messageCursor.decode('forward', 'userId:u1', list)).toBeUndefined()
  })
})

describe('sortIfUnsorted', () => {
  it('returns a sorted page itself, and sorts an unsorted one stably', () => {
    const sorted = [1, 2, 2, 3].map((at, index) => ({ at, index }))
    expect(sortByNumber(sorted, (row) => row.at)).toBe(sorted)
    const shuffled = [
      { at: 2, index: 0 },
      { at: 1, index: 1 },
      { at: 2, index: 2 },
    ]
    expect(sortByNumber(shuffled, (row) => row.at)).toEqual([
      { at: 1, index: 1 },
      { at: 2, index: 0 },
      { at: 2, index: 2 },
    ])
    expect(shuffled[0]).toEqual({ at: 2, index: 0 })
  })

  it('checks order with the cheap test and sorts with the full comparison', () => {
    const iso = ['2026-01-01T00:00:01.000Z', '2026-01-01T00:00:00.000Z']
    expect(
      sortIfUnsorted(
        iso,
        (a, b) => a <= b,
        (a, b) => Date.parse(a) - Date.parse(b),
      ),
    ).toEqual([iso[1], iso[0]])
  })
})

describe('vendorErrorDetails', () => {
  const details = vendorErrorDetails(t.type({ error: t.UnknownRecord }), ({ error }) => ({
    code: error.code,
    message: error.description,
  }))

  it('reads string fields of a body the codec describes', () => {
    expect(details({ error: { code: 'conflict', description: 'exists' } })).toEqual({
      code: 'conflict',
      message: 'exists',
    })
    // A number code is not a code; the message is still read.
    expect(details({ error: { code: 409, description: 'exists' } })).toEqual({ message: 'exists' })
  })

  it('gives nothing for a body it does not describe', () => {
    for (const body of [undefined, 'Bad Gateway', { error: 'nope' }, { errors: [] }, null])
      expect(details(body)).toBeUndefined()
  })
})
