/**
 * @module
 */
import type { Credential, RateLimitConfig, TransportConfig } from '@colloquy/http'

/** UltraCart credentials: a merchant simple key, or an OAuth access token (value or function). */
export type UltraCartCredentials =
  | { readonly simpleKey: Credential<string>; readonly accessToken?: never }
  | { readonly accessToken: Credential<string>; readonly simpleKey?: never }

/** Configuration of {@link createUltraCartAdapter}; nothing is read from the environment. */
export type UltraCartAdapterConfig = UltraCartCredentials &
  TransportConfig & {
    /** Lists only conversations of this medium. */
    readonly medium?: 'websocket' | 'sms'
    /** Webchat queue new conversations start in (`conversation_webchat_queue_uuid`). */
    readonly webchatQueueUuid?: string
    /** Participant ARNs that are agents, besides the agents the webchat queues list. */
    readonly agentArns?: readonly string[]
    /** How long the agent ARNs read from the queue statuses are trusted, in ms. Default 10 minutes. */
    readonly agentCacheMs?: number
    /**
     * Must be `'none'` for `events.parse` to accept frames: UltraCart's websocket frames carry no
     * signature or secret, so whoever can hand a frame to `events.parse` is believed. Set it once
     * frames reach it only from your own authenticated agent websocket. Without it, every
     * `events.parse` is `Unauthorized`.
     */
    readonly verification?: 'none'
  }

/** UltraCart's documented budget: no concurrent requests, 1,000 requests per hour. */
export const ultraCartRateLimit: RateLimitConfig = {
  maxConcurrent: 1,
  requests: 1_000,
  intervalMs: 3_600_000,
}

export const ultraCartDefaults = {
  baseUrl: 'https://secure.ultracart.com/rest/v2',
  apiVersion: '2017-03-01',
  agentCacheMs: 600_000,
} as const
