/**
 * Codecs adapters share: vendor timestamps, nullable fields and the answers whose body is not read.
 *
 * @module
 */
import * as t from 'io-ts'

/** `codec`, or `null` (vendors send `null` for "none" where their spec says nullable). */
export const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null])

/**
 * The codec of an answer whose body the adapter does not read (a delete's `{}`, a body-less 200,
 * an activity's echo): whatever comes, or nothing, is accepted.
 */
export const EmptyResponse = t.unknown
export type EmptyResponse = t.TypeOf<typeof EmptyResponse>

/** A timestamp string that parses as a date (ISO 8601 or RFC 2822); anything else is a `Decode` issue. */
export const DateString = new t.Type<string, string, unknown>(
  'DateString',
  (u): u is string => typeof u === 'string' && !Number.isNaN(Date.parse(u)),
  (u, context) =>
    typeof u === 'string' && !Number.isNaN(Date.parse(u)) ? t.success(u) : t.failure(u, context),
  t.identity,
)
export type DateString = t.TypeOf<typeof DateString>

/** The largest distance from the epoch a `Date` holds, in milliseconds (ECMA-262 §21.4.1.1). */
const maximumDateMilliseconds = 8.64e15

const epochCodec = (name: string, millisecondsPerUnit: number) => {
  // The same test as `!isNaN(new Date(u * unit).getTime())`, without making a Date per value.
  const is = (u: unknown): u is number =>
    typeof u === 'number' && Math.abs(u * millisecondsPerUnit) <= maximumDateMilliseconds
  return new t.Type<number, number, unknown>(
    name,
    is,
    (u, context) => (is(u) ? t.success(u) : t.failure(u, context)),
    t.identity,
  )
}

/** A Unix time in seconds (fractions allowed) inside the range a `Date` can hold. */
export const EpochSeconds = epochCodec('EpochSeconds', 1000)
/** A Unix time in milliseconds inside the range a `Date` can hold. */
export const EpochMillis = epochCodec('EpochMillis', 1)
