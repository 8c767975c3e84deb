/**
 * @module
 */
import type { Credential, TransportConfig } from '@colloquy/http'

/** Configuration of {@link createSunshineAdapter}; nothing is read from the environment. */
export interface SunshineAdapterConfig extends TransportConfig {
  /** The Sunshine app id. */
  readonly appId: string
  /** API key id (`app_…`); the Basic user name, or the JWT `kid`. */
  readonly keyId: string
  /** API key secret, or a function returning it, called per request (for rotation). */
  readonly keySecret: Credential<string>
  /** `'basic'` (default): HTTP Basic with key id and secret. `'jwt'`: an HS256 JWT with `scope: 'app'`, signed once per secret. */
  readonly auth?: 'basic' | 'jwt'
  /** The webhook's shared secret; when set, `events.parse` requires it in `X-API-Key`. */
  readonly webhookSecret?: Credential<string>
}

/** Defaults: the legacy US host (use `https://{subdomain}.zendesk.com/sc` or the EU host as needed). */
export const sunshineDefaults = {
  baseUrl: 'https://api.smooch.io',
  auth: 'basic',
} as const
