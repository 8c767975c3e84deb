/**
 * @module
 */

/**
 * Joins path segments, each percent-encoded, so no id can change the path: `/`, `?`, `#`, `%` and
 * non-ASCII are encoded. `.` and `..` cannot be made safe by encoding (URL parsers treat `%2E%2E`
 * as `..` too) and empty segments would collapse the path, so those return an error message.
 */
export const encodePath = (segments: readonly string[]): { path: string } | { problem: string } => {
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      return { problem: `path segment '${segment}' is not a valid id` }
    }
  }
  try {
    return { path: segments.map(encodeURIComponent).join('/') }
  } catch {
    // encodeURIComponent throws on lone UTF-16 surrogates: no vendor id contains one.
    return { problem: 'path segment is not well-formed Unicode' }
  }
}
