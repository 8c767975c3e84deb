import { DateString, EpochMillis, EpochSeconds, optionalDate } from '@colloquy/adapter-kit'
import { describe, expect, it } from 'vitest'

describe('timestamp codecs', () => {
  it('DateString accepts ISO 8601 and RFC 2822, rejects other strings and non-strings', () => {
    expect(DateString.is('2024-05-01T14:03:11-04:00')).toBe(true)
    expect(DateString.is('Wed, 01 May 2024 18:03:11 GMT')).toBe(true)
    for (const bad of ['', 'yesterday', 1714586591000, null]) expect(DateString.is(bad)).toBe(false)
  })

  it('epochs must fit in a Date in their unit', () => {
    expect(EpochSeconds.is(1714586591.5)).toBe(true)
    expect(EpochMillis.is(1714586591000)).toBe(true)
    // 8.64e15 ms is the largest Date; the same number in seconds is out of range.
    expect(EpochMillis.is(8.64e15)).toBe(true)
    expect(EpochSeconds.is(8.64e15)).toBe(false)
    for (const bad of [1e308, Number.NaN, Number.POSITIVE_INFINITY, '1714586591']) {
      expect(EpochSeconds.is(bad)).toBe(false)
      expect(EpochMillis.is(bad)).toBe(false)
    }
  })

  it('say exactly what a Date says, without making one', () => {
    const edges = [
      0,
      -1,
      1.5,
      8.64e15,
      8.64e15 + 1,
      -8.64e15,
      -8.64e15 - 1,
      8.64e12,
      8.64e12 + 0.001,
      8.64e12 + 1,
    ]
    for (const value of edges) {
      expect(EpochMillis.is(value)).toBe(!Number.isNaN(new Date(value).getTime()))
      expect(EpochSeconds.is(value)).toBe(!Number.isNaN(new Date(value * 1000).getTime()))
    }
  })

  it('optionalDate gives undefined for absent or unparseable timestamps', () => {
    expect(optionalDate('2024-05-01T18:03:11Z')?.toISOString()).toBe('2024-05-01T18:03:11.000Z')
    for (const absent of [undefined, null, '', 'not a date']) expect(optionalDate(absent)).toBeUndefined()
  })
})
