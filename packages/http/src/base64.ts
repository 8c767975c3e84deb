/**
 * Base64 of UTF-8 text with Web APIs only (`btoa`, `atob`, `TextEncoder`), which every runtime
 * colloquy supports has — unlike Node's `Buffer`, which workerd and browsers lack.
 *
 * @module
 */

const binaryOf = (bytes: Uint8Array): string => {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return binary
}

/**
 * `text` (as UTF-8) in base64; with `url: true`, in base64url (`-` and `_`, no `=` padding) for
 * cursors and other values that travel in URLs.
 */
export const encodeBase64 = (text: string, options: { readonly url?: boolean } = {}): string => {
  const encoded = btoa(binaryOf(new TextEncoder().encode(text)))
  return options.url ? encoded.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '') : encoded
}

/**
 * The UTF-8 text of a base64 or base64url string (padding optional). Throws a `DOMException` on
 * characters outside both alphabets or an impossible length; malformed UTF-8 becomes U+FFFD.
 */
export const decodeBase64 = (encoded: string): string => {
  const standard = encoded.replaceAll('-', '+').replaceAll('_', '/')
  const binary = atob(standard.padEnd(standard.length + ((4 - (standard.length % 4)) % 4), '='))
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)))
}
