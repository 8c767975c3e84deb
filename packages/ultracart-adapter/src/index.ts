/**
 * `@colloquy/ultracart-adapter`: UltraCart's REST v2 Conversation API behind the colloquy ports.
 *
 * @packageDocumentation
 */
export { createUltraCartAdapter, type UltraCartAdapter, ultraCartCapabilities } from './adapter.js'
export {
  type UltraCartAdapterConfig,
  type UltraCartCredentials,
  ultraCartDefaults,
  ultraCartRateLimit,
} from './config.js'
export type { AgentStatus, UltraCartAgentAuth, UltraCartExtras, UltraCartQueueStatus } from './extras.js'
