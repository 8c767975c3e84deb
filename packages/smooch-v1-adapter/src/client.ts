/**
 * The Smooch transport: @colloquy/http with an app- or account-scoped JWT and Smooch's error body.
 *
 * @module
 */
import { createHttpClient, type HttpClient, transportConfig } from '@colloquy/http'
import { SignJWT } from 'jose'
import { type SmoochV1AdapterConfig, smoochDefaults } from './config.js'

interface SmoochErrorBody {
  readonly error?: { readonly code?: unknown; readonly description?: unknown }
}

/** HS256 with `kid` and the `scope` claim (reference §3.1), signed once per secret and reused. */
const jwtSigner = (keyId: string, scope: string) => {
  let cached: { secret: string; token: Promise<string> } | undefined
  return (secret: string): Promise<string> => {
    if (cached?.secret !== secret) {
      const token = new SignJWT({ scope })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: keyId })
        .sign(new TextEncoder().encode(secret))
      cached = { secret, token }
    }
    return cached.token
  }
}

export const createSmoochClient = (config: SmoochV1AdapterConfig): HttpClient => {
  const sign = jwtSigner(config.keyId, config.scope ?? smoochDefaults.scope)
  return createHttpClient({
    ...transportConfig(config),
    provider: 'smooch-v1',
    baseUrl: config.baseUrl ?? smoochDefaults.baseUrl,
    credentials: config.keySecret,
    authenticate: async (secret) => ({ authorization: `Bearer ${await sign(secret)}` }),
    errorDetails: (body) => {
      const error = (body as SmoochErrorBody | undefined)?.error
      return (
        error && {
          ...(typeof error.code === 'string' ? { code: error.code } : {}),
          ...(typeof error.description === 'string' ? { message: error.description } : {}),
        }
      )
    },
  })
}
