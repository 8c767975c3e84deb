/**
 * `@colloquy/sunshine-adapter`: Sunshine Conversations v2 behind the colloquy ports.
 *
 * @packageDocumentation
 */
export { createSunshineAdapter, sunshineCapabilities } from './adapter.js'
export { type SunshineAdapterConfig, sunshineDefaults } from './config.js'
export { deletedMarker } from './mapping.js'
