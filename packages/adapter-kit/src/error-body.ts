/**
 * @module
 */
import type { VendorErrorDetails } from '@colloquy/http'
import type * as t from 'io-ts'

/** What a vendor's error body says, before its fields are checked to be text. */
export interface ErrorBodyFields {
  readonly code?: unknown
  readonly message?: unknown
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined)

/**
 * A reader of a vendor's error body for `createHttpClient`'s `errorDetails`: the body is decoded
 * with `codec` (a body it does not describe gives no details), `pick` finds the code and message
 * in it, and only string values are kept.
 *
 * @example
 * const SunshineErrorBody = t.type({ errors: t.array(t.UnknownRecord) })
 * const errorDetails = vendorErrorDetails(SunshineErrorBody, ({ errors }) =>
 *   errors[0] && { code: errors[0].code, message: errors[0].title })
 */
export const vendorErrorDetails =
  <A>(codec: t.Decoder<unknown, A>, pick: (body: A) => ErrorBodyFields | undefined) =>
  (body: unknown): VendorErrorDetails | undefined => {
    const decoded = codec.decode(body)
    if (decoded._tag === 'Left') return undefined
    const fields = pick(decoded.right)
    if (fields === undefined) return undefined
    const code = text(fields.code)
    const message = text(fields.message)
    return { ...(code === undefined ? {} : { code }), ...(message === undefined ? {} : { message }) }
  }
