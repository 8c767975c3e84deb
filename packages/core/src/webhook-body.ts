/**
 * Reading a webhook request's body once, within a size limit, without holding more than the
 * limit in memory.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

/**
 * Why a body was not read: over the limit, the stream failed (e.g. the sender hung up mid-body),
 * or something before the handler had already read it (a body-parsing middleware).
 */
export type BodyFailure =
  | { readonly reason: 'too-large'; readonly maxBytes: number }
  | { readonly reason: 'unreadable'; readonly cause: unknown }
  | { readonly reason: 'already-read' }

const joined = (chunks: readonly Uint8Array[], size: number): Uint8Array => {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0]
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

// Cancelling tells the runtime the rest is not wanted; whether it stops receiving or drains the
// connection is the server's choice. Not awaited, and never throwing: the answer must not wait on
// the sender.
const release = (cancel: () => Promise<void>) => {
  Promise.resolve()
    .then(cancel)
    .catch(() => undefined)
}

/**
 * The request's body as bytes, read once. A `Content-Length` over `maxBytes` is refused before
 * reading anything; a body without one (chunked) is refused as soon as more than `maxBytes`
 * arrive, so at most `maxBytes` plus one chunk is ever held.
 */
export const readBodyWithin =
  (request: Request, maxBytes: number): TE.TaskEither<BodyFailure, Uint8Array> =>
  async () => {
    const tooLarge = E.left({ reason: 'too-large', maxBytes } as const)
    const declared = Number(request.headers.get('content-length') ?? Number.NaN)
    const body = request.body
    if (declared > maxBytes) {
      if (body !== null && !body.locked) release(() => body.cancel())
      return tooLarge
    }
    if (body === null) return E.right(new Uint8Array(0))
    if (request.bodyUsed || body.locked) return E.left({ reason: 'already-read' })
    const reader = body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    try {
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        size += read.value.byteLength
        if (size > maxBytes) {
          release(() => reader.cancel())
          return tooLarge
        }
        chunks.push(read.value)
      }
    } catch (cause) {
      return E.left({ reason: 'unreadable', cause })
    }
    return E.right(joined(chunks, size))
  }
