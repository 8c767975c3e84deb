/**
 * `@colloquy/http`: the transport every colloquy vendor adapter uses.
 *
 * @packageDocumentation
 */

export { decodeBase64, encodeBase64 } from './base64.js'
export {
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpMethod,
  type HttpRequest,
  type VendorFailure,
} from './client.js'
export { type Credential, resolveCredential } from './credentials.js'
export { decodeWith, formatIssues } from './decode.js'
export { classifyResponse, type FailedResponse, type VendorErrorDetails } from './error-mapping.js'
export type { RateBudget, RateLimitConfig } from './rate-limit.js'
export { REDACTED } from './redact.js'
export { retryAfterMs } from './retry-after.js'
export { jsonDigest, sha256, sha256Hex } from './sha256.js'
export {
  type RetryConfig,
  type TransportConfig,
  transportConfig,
  transportDefaults,
} from './transport-config.js'
export {
  type TransportEvent,
  type TransportEventBase,
  type TransportHooks,
  type TransportLogger,
  transportChannelName,
} from './transport-events.js'
export {
  checkWebhookSecret,
  type WebhookVerification,
  type WebhookVerificationConfig,
  webhookVerification,
} from './webhook-secret.js'
