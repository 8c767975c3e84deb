/**
 * SHA-256 through Web Crypto (`crypto.subtle`), which Node ≥ 20, Bun, Deno and workerd all have,
 * so nothing here needs `node:crypto`.
 *
 * @module
 */

/** The SHA-256 digest of `text`'s UTF-8 bytes (32 bytes). */
export const sha256 = async (text: string): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))

/** The SHA-256 digest of `text`'s UTF-8 bytes as 64 lowercase hex digits. */
export const sha256Hex = async (text: string): Promise<string> =>
  Array.from(await sha256(text), (byte) => byte.toString(16).padStart(2, '0')).join('')

/**
 * A short id for a JSON payload that carries none, the same for every delivery of the same
 * payload: the first 24 hex digits (96 bits) of the SHA-256 of its `JSON.stringify` text. Rejects
 * when `json` has no JSON form (circular, a `BigInt`); a body read by `readJsonBody` always has one.
 */
export const jsonDigest = async (json: unknown): Promise<string> =>
  (await sha256Hex(JSON.stringify(json) ?? '')).slice(0, 24)
