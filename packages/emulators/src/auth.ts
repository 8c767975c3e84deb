/**
 * Credential checks as the vendors do them: HTTP Basic with key id and secret, and HS256 JWTs
 * whose `kid` header names the key and whose `scope` claim says what the key may do.
 *
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { decodeProtectedHeader, jwtVerify } from 'jose'

/** An API key of an emulated app. */
export interface ApiKey {
  readonly keyId: string
  readonly secret: string
}

/** The outcome of a credential check: the scope granted, or why not. */
export type AuthResult =
  | { readonly ok: true; readonly scope: string }
  | { readonly ok: false; readonly reason: string }

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** Checks `Authorization: Basic base64(keyId:secret)`; a Basic key acts with `scope`. */
export const checkBasic = (header: string, keys: readonly ApiKey[], scope: string): AuthResult => {
  const decoded = Buffer.from(header.slice('Basic '.length).trim(), 'base64').toString('utf8')
  const separator = decoded.indexOf(':')
  if (separator < 0) return { ok: false, reason: 'malformed Basic credentials' }
  const keyId = decoded.slice(0, separator)
  const key = keys.find((candidate) => candidate.keyId === keyId)
  return key && sameText(key.secret, decoded.slice(separator + 1))
    ? { ok: true, scope }
    : { ok: false, reason: 'unknown key or wrong secret' }
}

const verified = new Map<string, string>()

/**
 * Checks `Authorization: Bearer <jwt>`: HS256 only, `kid` naming a known key, a valid signature,
 * and a `scope` claim among `scopes`. Verified tokens are remembered (signatures are deterministic).
 */
export const checkJwt = async (
  header: string,
  keys: readonly ApiKey[],
  scopes: readonly string[],
): Promise<AuthResult> => {
  const token = header.slice('Bearer '.length).trim()
  const known = verified.get(token)
  if (known !== undefined) return { ok: true, scope: known }
  let kid: string | undefined
  try {
    const protectedHeader = decodeProtectedHeader(token)
    if (protectedHeader.alg !== 'HS256')
      return { ok: false, reason: `alg ${protectedHeader.alg} is not accepted` }
    kid = protectedHeader.kid
  } catch {
    return { ok: false, reason: 'malformed JWT' }
  }
  const key = keys.find((candidate) => candidate.keyId === kid)
  if (!key) return { ok: false, reason: kid === undefined ? 'JWT has no kid' : `unknown kid ${kid}` }
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(key.secret), {
      algorithms: ['HS256'],
    })
    const scope = payload.scope
    if (typeof scope !== 'string' || !scopes.includes(scope))
      return { ok: false, reason: 'missing or invalid scope claim' }
    if (verified.size > 1_000) verified.clear()
    verified.set(token, scope)
    return { ok: true, scope }
  } catch {
    return { ok: false, reason: 'invalid signature' }
  }
}

/**
 * The app id and API key of an emulated Sunshine or Smooch app: given values, or an ObjectId-like
 * app id, an `app_…` key id and a random secret.
 */
export const appCredentials = (
  options: { readonly appId?: string; readonly keyId?: string; readonly keySecret?: string },
  newId: () => string,
): { readonly appId: string; readonly key: ApiKey } => ({
  appId: options.appId ?? newId(),
  key: {
    keyId: options.keyId ?? `app_${newId()}`,
    secret: options.keySecret ?? randomBytes(24).toString('base64url'),
  },
})
