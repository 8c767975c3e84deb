/**
 * jose is imported when the first token is signed, so a process that only parses webhooks never
 * loads it.
 *
 * @module
 */

/**
 * A signer of the HS256 JWTs Sunshine and Smooch take: header `{ alg: 'HS256', typ: 'JWT', kid }`,
 * the given claims and no expiry (the vendors set none on key-signed tokens). The token is signed
 * once per secret and reused until the secret changes, so a rotated secret (a credential
 * function returning a new value) signs a new one.
 *
 * @example
 * const sign = createJwtSigner({ keyId: 'app_…', claims: { scope: 'app' } })
 * const authorization = `Bearer ${await sign(secret)}`
 */
export const createJwtSigner = (options: {
  readonly keyId: string
  readonly claims: Readonly<Record<string, unknown>>
}): ((secret: string) => Promise<string>) => {
  let cached: { readonly secret: string; readonly token: Promise<string> } | undefined
  return (secret) => {
    if (cached?.secret !== secret) {
      const token = import('jose/jwt/sign').then(({ SignJWT }) =>
        new SignJWT({ ...options.claims })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: options.keyId })
          .sign(new TextEncoder().encode(secret)),
      )
      cached = { secret, token }
    }
    return cached.token
  }
}
