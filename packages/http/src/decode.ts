/**
 * io-ts decoding into readable, path-first issues.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'

const maxIssues = 20

const describeValue = (value: unknown): string => {
  if (value === undefined) return 'undefined'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value)
  return String(value)
}

/** `messages[0].author.type`-style path of one io-ts error (the root is `(body)`). */
const pathOf = (error: t.ValidationError): string => {
  const path = error.context
    .slice(1)
    // io-ts adds a context entry per union member / intersection part, with numeric keys that
    // do not exist in the data; keep only keys that index the actual value.
    .filter((entry, index, all) => {
      const parent = index === 0 ? error.context[0]?.actual : all[index - 1]?.actual
      return typeof parent === 'object' && parent !== null && entry.key in parent
    })
    .map((entry) => (/^\d+$/.test(entry.key) ? `[${entry.key}]` : `.${entry.key}`))
    .join('')
  return path === '' ? '(body)' : path.replace(/^\./, '')
}

/** One line per mismatch, path first: `messages[0].author.type: expected "user" | "business", got 42`. */
export const formatIssues = (errors: t.Errors): string[] => {
  const lines = new Set<string>()
  for (const error of errors) {
    const expected = error.context.at(-1)?.type.name ?? 'a value'
    lines.add(error.message ?? `${pathOf(error)}: expected ${expected}, got ${describeValue(error.value)}`)
    if (lines.size >= maxIssues) break
  }
  return [...lines]
}

/** Decodes `value` with `codec`; the issues are readable lines. */
export const decodeWith = <A>(codec: t.Decoder<unknown, A>, value: unknown): E.Either<string[], A> =>
  E.mapLeft(formatIssues)(codec.decode(value))
