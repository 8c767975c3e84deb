/**
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'

/**
 * How deeply an inbound body may nest objects and arrays. Vendor payloads nest about ten levels;
 * the bound stops a small hostile body (`[[[[…` 5,000 deep is 10 KB) from overflowing the stack of
 * whatever walks it recursively later — a digest's `JSON.stringify`, a logger, the app itself.
 */
const maxJsonDepth = 128

/** Whether no object or array in `json` sits deeper than `limit` levels; walks with its own stack. */
const nestsWithin = (json: unknown, limit: number): boolean => {
  const pending: { readonly node: object; readonly depth: number }[] = []
  if (typeof json === 'object' && json !== null) pending.push({ node: json, depth: 1 })
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.depth > limit) return false
    for (const child of Object.values(next.node))
      if (typeof child === 'object' && child !== null) pending.push({ node: child, depth: next.depth + 1 })
  }
  return true
}

/**
 * A pre-parsed body as plain JSON data: a copy made through `JSON.stringify`, so a circular
 * reference, a `BigInt`, a throwing getter or `toJSON`, or nesting too deep for the stack is a
 * `Left` here rather than an exception later.
 */
const asPlainJson = (value: unknown): E.Either<string, unknown> => {
  try {
    const text = JSON.stringify(value)
    // `undefined`, a function or a symbol at the top has no JSON form.
    return text === undefined ? E.left('(body): not JSON') : E.right(JSON.parse(text))
  } catch {
    return E.left('(body): not JSON (circular, a BigInt, or nested too deeply)')
  }
}

const parseText = (text: string): E.Either<string, unknown> => {
  try {
    return E.right(JSON.parse(text))
  } catch {
    return E.left('(body): not valid JSON')
  }
}

/**
 * An inbound body as JSON: a string or bytes (`Uint8Array`, `ArrayBuffer`) are parsed (UTF-8); anything else is taken as
 * already-parsed JSON and copied as plain data. Never throws. `Left` carries one readable issue:
 * `'(body): not valid JSON'`, `'(body): not JSON (…)'` for a value with no JSON form (circular,
 * a `BigInt`, a getter that throws), or `'(body): nested deeper than 128 levels'`.
 */
export const readJsonBody = (body: unknown): E.Either<string, unknown> => {
  const text =
    typeof body === 'string'
      ? body
      : body instanceof Uint8Array || body instanceof ArrayBuffer
        ? new TextDecoder().decode(body)
        : undefined
  return E.flatMap(text === undefined ? asPlainJson(body) : parseText(text), (json) =>
    nestsWithin(json, maxJsonDepth)
      ? E.right(json)
      : E.left(`(body): nested deeper than ${maxJsonDepth} levels`),
  )
}
