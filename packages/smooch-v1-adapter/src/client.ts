/**
 * The Smooch transport: @colloquy/http with an app- or account-scoped JWT and Smooch's error body.
 *
 * @module
 */
import { createJwtSigner, vendorErrorDetails } from '@colloquy/adapter-kit'
import { createHttpClient, type HttpClient, transportConfig } from '@colloquy/http'
import { SmoochV1ErrorBody } from './codecs.js'
import { type SmoochV1AdapterConfig, smoochV1Defaults } from './config.js'

export const createSmoochV1Client = (provider: string, config: SmoochV1AdapterConfig): HttpClient => {
  // HS256 with `kid` and the `scope` claim (reference §3.1), signed once per secret and reused.
  const sign = createJwtSigner({
    keyId: config.keyId,
    claims: { scope: config.scope ?? smoochV1Defaults.scope },
  })
  return createHttpClient({
    ...transportConfig(config),
    provider,
    baseUrl: config.baseUrl ?? smoochV1Defaults.baseUrl,
    credentials: config.keySecret,
    authenticate: async (secret) => ({ authorization: `Bearer ${await sign(secret)}` }),
    errorDetails: vendorErrorDetails(SmoochV1ErrorBody, ({ error }) => ({
      code: error.code,
      message: error.description,
    })),
  })
}
