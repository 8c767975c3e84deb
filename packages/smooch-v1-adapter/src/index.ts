/**
 * `@colloquy/smooch-v1-adapter`: Smooch v1 and v1.1 behind the colloquy ports.
 *
 * @packageDocumentation
 */
export { createSmoochV1Adapter, smoochV1Capabilities } from './adapter.js'
export { type SmoochV1AdapterConfig, smoochV1Defaults } from './config.js'
