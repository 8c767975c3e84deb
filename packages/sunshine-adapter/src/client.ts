/**
 * The Sunshine transport: @colloquy/http with this vendor's auth and error body.
 *
 * @module
 */
import {
  classifyResponse,
  createHttpClient,
  encodeBase64,
  type HttpClient,
  transportConfig,
} from '@colloquy/http'
import { SignJWT } from 'jose'
import { type SunshineAdapterConfig, sunshineDefaults } from './config.js'

interface SunshineErrorBody {
  readonly errors?: readonly { readonly code?: unknown; readonly title?: unknown }[]
}

// Vendor 404 codes name what was missing (reference §2.5).
const resourceOfCode: Readonly<Record<string, string>> = {
  app_not_found: 'app',
  conversation_not_found: 'conversation',
  user_not_found: 'user',
  message_not_found: 'message',
}

/** Signs the app-scoped JWT once per secret and reuses it (the vendor sets no expiry on these). */
const jwtSigner = (keyId: string) => {
  let cached: { secret: string; token: Promise<string> } | undefined
  return (secret: string): Promise<string> => {
    if (cached?.secret !== secret) {
      const token = new SignJWT({ scope: 'app' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: keyId })
        .sign(new TextEncoder().encode(secret))
      cached = { secret, token }
    }
    return cached.token
  }
}

export const createSunshineClient = (config: SunshineAdapterConfig): HttpClient => {
  const sign = jwtSigner(config.keyId)
  const auth = config.auth ?? sunshineDefaults.auth
  return createHttpClient({
    ...transportConfig(config),
    provider: 'sunshine',
    baseUrl: config.baseUrl ?? sunshineDefaults.baseUrl,
    credentials: async () => ({
      keyId: config.keyId,
      keySecret: typeof config.keySecret === 'function' ? await config.keySecret() : config.keySecret,
    }),
    authenticate: async ({ keyId, keySecret }) => ({
      authorization:
        auth === 'jwt' ? `Bearer ${await sign(keySecret)}` : `Basic ${encodeBase64(`${keyId}:${keySecret}`)}`,
    }),
    errorDetails: (body) => {
      const first = (body as SunshineErrorBody | undefined)?.errors?.[0]
      return (
        first && {
          ...(typeof first.code === 'string' ? { code: first.code } : {}),
          ...(typeof first.title === 'string' ? { message: first.title } : {}),
        }
      )
    },
    classifyError: (response) => {
      const named = response.details.code === undefined ? undefined : resourceOfCode[response.details.code]
      return classifyResponse(
        response.status === 404 && named !== undefined && named !== response.resource?.name
          ? { ...response, resource: { name: named } }
          : response,
      )
    },
  })
}
