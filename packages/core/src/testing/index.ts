/**
 * `@colloquy/core/testing`: the conformance suite every adapter runs (needs vitest).
 *
 * @packageDocumentation
 */
export {
  type ContractFixture,
  type ContractOptions,
  describeAdapterContract,
  type SeededConversation,
} from './contract.js'
export { sampleContent } from './samples.js'
