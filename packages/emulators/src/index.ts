/**
 * `@colloquy/emulators`: loopback emulators of the vendor APIs colloquy talks to.
 *
 * @packageDocumentation
 */

export { type AllEmulators, formatEmulatorSummary, startAllEmulators } from './all-emulators.js'
export type { ApiKey } from './auth.js'
export type { FaultCounts, FaultDecision, Faults } from './faults.js'
export type { JsonObject } from './json.js'
export type { EmulatorRequest, EmulatorResponse, LoggedRequest, RunningServer } from './server.js'
export {
  type SmoochV1Emulator,
  type SmoochV1EmulatorOptions,
  type SmoochV1Seed,
  type SmoochV1SeedMessage,
  type SmoochV1WebhookTarget,
  startSmoochV1Emulator,
} from './smooch-v1.js'
export {
  type SunshineEmulator,
  type SunshineEmulatorOptions,
  type SunshineSeed,
  type SunshineSeedMessage,
  type SunshineSeedResult,
  startSunshineEmulator,
} from './sunshine.js'
export {
  startUltraCartEmulator,
  type UltraCartEmulator,
  type UltraCartEmulatorOptions,
  type UltraCartSeed,
  type UltraCartSeedMessage,
} from './ultracart.js'
export type { WebhookDelivery, WebhookTarget } from './webhooks.js'
