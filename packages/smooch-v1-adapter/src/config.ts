/**
 * @module
 */
import type { Credential, TransportConfig } from '@colloquy/http'

/** Configuration of {@link createSmoochV1Adapter}; nothing is read from the environment. */
export interface SmoochV1AdapterConfig extends TransportConfig {
  readonly appId: string
  /** API key id: the JWT `kid`. */
  readonly keyId: string
  /** API key secret, or a function returning it, called per request (for rotation). */
  readonly keySecret: Credential<string>
  /** The JWT `scope` claim: `'app'` (default) for app keys, `'account'` for account keys. */
  readonly scope?: 'app' | 'account'
  /** Path prefix: `'v1.1'` (default) or `'v1'`. */
  readonly apiVersion?: 'v1' | 'v1.1'
  /** The webhook's shared secret; when set, `events.parse` requires it in `X-API-Key`. */
  readonly webhookSecret?: Credential<string>
}

export const smoochDefaults = {
  baseUrl: 'https://api.smooch.io',
  scope: 'app',
  apiVersion: 'v1.1',
} as const
