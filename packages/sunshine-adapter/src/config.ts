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
  /**
   * The webhook's shared secret (value or function): `events.parse` requires it in `X-API-Key`,
   * compared in constant time. Without it, `events.parse` answers every webhook `Unauthorized`
   * unless `verification` is `'none'`.
   */
  readonly webhookSecret?: Credential<string>
  /**
   * `'none'` accepts webhooks without a secret — anyone who finds the URL can post events —, for
   * when something in front of the app authenticates them. Ignored when `webhookSecret` is set
   * (a configured secret is always checked). Default `'api-key-header'`.
   */
  readonly verification?: 'api-key-header' | 'none'
}

/** Defaults: the legacy US host (use `https://{subdomain}.zendesk.com/sc` or the EU host as needed). */
export const sunshineDefaults = {
  baseUrl: 'https://api.smooch.io',
  auth: 'basic',
} as const
