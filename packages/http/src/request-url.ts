/**
 * The URL of one request: the checked `baseUrl`, the encoded path and the query, joined as text
 * once, so ky builds its `Request` once (ky's `searchParams` would build it twice).
 *
 * @module
 */
import { encodePath } from './path.js'

/** Query parameters; `undefined` values are left out. */
export type Query = Readonly<Record<string, string | number | boolean | undefined>>

/** `?a=1&b=2` with every key and value percent-encoded, or `''` when nothing is left. */
export const queryString = (query: Query | undefined): string => {
  let text = ''
  for (const key in query) {
    const value = query[key]
    if (value === undefined) continue
    text += `${text === '' ? '?' : '&'}${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`
  }
  return text
}

/** The absolute URL of `path` below `base` (which ends in `/`), or why a segment cannot be a path. */
export const requestUrl = (
  base: string,
  path: readonly string[],
  query: Query | undefined,
): { url: string } | { problem: string } => {
  const encoded = encodePath(path)
  return 'problem' in encoded ? encoded : { url: `${base}${encoded.path}${queryString(query)}` }
}
