/**
 * `@colloquy/cli`: the `colloquy` command, and its adapter loader as a library, so an application
 * picks its vendor by configuration.
 *
 * @packageDocumentation
 */
export {
  type AdapterConfig,
  adapterConfigFromEnv,
  ConfigError,
  createAdapter,
  type Provider,
  parseProvider,
  providers,
} from './config.js'
export { loadAdapterConfig } from './load.js'
