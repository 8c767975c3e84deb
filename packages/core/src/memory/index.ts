/**
 * `@colloquy/core/memory`: an in-memory adapter with every capability, for tests and prototypes.
 *
 * @packageDocumentation
 */
export {
  createMemoryAdapter,
  type MemoryAdapter,
  type MemoryAdapterOptions,
  type MemoryExtras,
  type MemorySeedConversation,
  type MemorySnapshot,
  memoryCapabilities,
} from './adapter.js'
export type { MemoryEventBody, MemoryEventJson } from './events.js'
export type { MemoryMessageJson } from './records.js'
