/**
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'

/**
 * An inbound body as JSON: a string or bytes are parsed (UTF-8), anything else is taken as
 * already-parsed JSON. `Left` carries the readable issue `'(body): not valid JSON'`.
 */
export const readJsonBody = (body: unknown): E.Either<string, unknown> => {
  const text =
    typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : undefined
  if (text === undefined) return E.right(body)
  try {
    return E.right(JSON.parse(text))
  } catch {
    return E.left('(body): not valid JSON')
  }
}
