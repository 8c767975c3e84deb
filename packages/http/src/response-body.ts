/**
 * Reading response bodies within bounds, inside the `fetch` ky calls, so ky's per-attempt timeout
 * covers the body and ky's own retry covers a body that breaks off.
 *
 * A 2xx body is read up to `maxResponseBytes`, counted after decompression as it streams in (a
 * `Content-Length` already past the limit is refused unread), and parsed as JSON. Any other
 * body is read only as far as an error keeps ({@link errorBodyBytes}), then cancelled.
 *
 * @module
 */

/**
 * Bytes read of a non-2xx body: enough for the 2,000-character excerpt an error keeps in any
 * encoding, and for a vendor's JSON error envelope.
 */
export const errorBodyBytes = 8 * 1024

/** What the transport read of one response. */
export interface ReadBody {
  /** The text read, at most {@link errorBodyBytes} of it (a 2xx is read whole, then cut to that). */
  readonly text: string
  /** Whether more of the body followed `text`. */
  readonly truncated: boolean
  /** The parsed JSON of a 2xx (`undefined` for an empty body); absent for other statuses. */
  readonly json?: unknown
}

/** Why a 2xx body was not used. A body cut off mid-document reads as `not-json`. */
export type UnreadableReason = 'too-large' | 'not-json'

/** A 2xx response whose body the transport refused or could not parse; `response` for the evidence. */
export class UnreadableBodyError extends Error {
  override readonly name = 'UnreadableBodyError'
  constructor(
    readonly reason: UnreadableReason,
    readonly response: Response,
    readonly body: ReadBody,
    message: string,
  ) {
    super(message)
  }
}

// ky passes our reading on as the same Response object (in the result, or in its HTTPError).
const readBodies = new WeakMap<Response, ReadBody>()

/** What the transport read of `response`, if it went through {@link boundedFetch}. */
export const readBodyOf = (response: Response): ReadBody | undefined => readBodies.get(response)

// One decoder for every body, used without `stream`: Node decodes whole UTF-8 buffers on a fast
// path, while a streaming decode (or a decoder per response) goes through ICU, several times slower.
const utf8 = new TextDecoder()

const decodeAll = (chunks: readonly Uint8Array[], length: number): string => {
  if (chunks.length === 1) return utf8.decode(chunks[0])
  const whole = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    whole.set(chunk, offset)
    offset += chunk.byteLength
  }
  return utf8.decode(whole)
}

const readText = async (
  response: Response,
  limit: number,
): Promise<{ text: string; truncated: boolean; overLimit: boolean }> => {
  const stream = response.body
  if (stream === null) return { text: '', truncated: false, overLimit: false }
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let received = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return { text: decodeAll(chunks, received), truncated: false, overLimit: false }
    if (received + value.byteLength > limit) {
      // Stop the download (and a decompression bomb with it); keep what fits.
      reader.cancel().catch(() => undefined)
      chunks.push(value.subarray(0, limit - received))
      return { text: decodeAll(chunks, limit), truncated: true, overLimit: true }
    }
    received += value.byteLength
    chunks.push(value)
  }
}

const describeBytes = (bytes: number) =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`

/**
 * Sends a request through `base` (the caller asks for `redirect: 'manual'`), then reads the body
 * within bounds. Throws {@link UnreadableBodyError} for a 2xx that is too large or not JSON.
 */
export const boundedFetch =
  (base: typeof globalThis.fetch, maxResponseBytes: number) =>
  async (input: string, init: RequestInit): Promise<Response> => {
    const response = await base(input, init)
    if (!response.ok) {
      const { text, truncated } = await readText(response, errorBodyBytes)
      readBodies.set(response, { text, truncated })
      return response
    }
    const tooLarge = (body: ReadBody): never => {
      throw new UnreadableBodyError(
        'too-large',
        response,
        body,
        `the response body is larger than maxResponseBytes (${describeBytes(maxResponseBytes)})`,
      )
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN)
    if (declared > maxResponseBytes && !response.headers.has('content-encoding')) {
      response.body?.cancel().catch(() => undefined)
      tooLarge({ text: '', truncated: true })
    }
    const { text, truncated, overLimit } = await readText(response, maxResponseBytes)
    if (overLimit) tooLarge({ text: text.slice(0, errorBodyBytes), truncated })
    let json: unknown
    try {
      json = text === '' ? undefined : JSON.parse(text)
    } catch {
      const excerpt = { text: text.slice(0, errorBodyBytes), truncated: text.length > errorBodyBytes }
      throw new UnreadableBodyError(
        'not-json',
        response,
        excerpt,
        'a response body that is not valid JSON (cut off?)',
      )
    }
    // Only an excerpt is kept, for the evidence of a body the codec then rejects.
    readBodies.set(response, {
      text: text.slice(0, errorBodyBytes),
      truncated: text.length > errorBodyBytes,
      json,
    })
    return response
  }
