/**
 * The Sunshine transport: @colloquy/http with this vendor's auth and error body.
 *
 * @module
 */
import { createJwtSigner, vendorErrorDetails } from '@colloquy/adapter-kit'
import { isRecord } from '@colloquy/core'
import {
  classifyResponse,
  createHttpClient,
  encodeBase64,
  type HttpClient,
  transportConfig,
} from '@colloquy/http'
import { SunshineErrorBody } from './codecs.js'
import { type SunshineAdapterConfig, sunshineDefaults } from './config.js'

// Vendor 404 codes name what was missing (reference §2.5).
const resourceOfCode: Readonly<Record<string, string>> = {
  app_not_found: 'app',
  conversation_not_found: 'conversation',
  user_not_found: 'user',
  message_not_found: 'message',
}

export const createSunshineClient = (provider: string, config: SunshineAdapterConfig): HttpClient => {
  // App-scoped JWTs carry no expiry, so one is signed per secret and reused.
  const sign = createJwtSigner({ keyId: config.keyId, claims: { scope: 'app' } })
  const auth = config.auth ?? sunshineDefaults.auth
  return createHttpClient({
    ...transportConfig(config),
    provider,
    baseUrl: config.baseUrl ?? sunshineDefaults.baseUrl,
    credentials: async () => ({
      keyId: config.keyId,
      keySecret: typeof config.keySecret === 'function' ? await config.keySecret() : config.keySecret,
    }),
    authenticate: async ({ keyId, keySecret }) => ({
      authorization:
        auth === 'jwt' ? `Bearer ${await sign(keySecret)}` : `Basic ${encodeBase64(`${keyId}:${keySecret}`)}`,
    }),
    errorDetails: vendorErrorDetails(SunshineErrorBody, ({ errors: [first] }) =>
      isRecord(first) ? { code: first.code, message: first.title } : undefined,
    ),
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
