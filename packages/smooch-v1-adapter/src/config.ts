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

export const smoochV1Defaults = {
  baseUrl: 'https://api.smooch.io',
  scope: 'app',
  apiVersion: 'v1.1',
} as const
