/**
 * `@colloquy/core/testing`: the conformance suite every adapter runs, and the `TaskEither`
 * expectations tests share (needs vitest).
 *
 * @packageDocumentation
 */
export { describeAdapterContract } from './contract.js'
export type { ContractFixture, ContractOptions, SeededConversation } from './contract-fixture.js'
export { expectLeft, expectRight } from './expectations.js'
export { sampleContent } from './samples.js'
