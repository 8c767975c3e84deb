/**
 * The case every port method has: undeclared, it returns `Unsupported` naming its capability.
 *
 * @module
 */
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { expect } from 'vitest'
import type { ColloquyError } from '../errors.js'
import type { ChatAdapter } from '../ports.js'
import type { CaseContext, ContractCase, ContractSection } from './contract-case.js'
import { expectFailure } from './contract-case.js'

/** An id no adapter is asked to find: undeclared methods fail before they would look. */
export const anyConversationId = 'contract-any-conversation'

/**
 * `capability` undeclared → `call` returns `Unsupported` with that capability, reported as
 * `operation` (the method's name; a variant such as `conversations.listByExternalId` reports
 * its method). Declared, the case is skipped: the section's own cases check what it does.
 */
export const unsupportedCase = (
  section: ContractSection,
  capability: string,
  declared: (adapter: ChatAdapter) => boolean,
  call: (adapter: ChatAdapter, context: CaseContext) => TaskEither<ColloquyError, unknown>,
  operation = capability,
): ContractCase => ({
  section,
  name: `${capability} undeclared → Unsupported naming it`,
  run: async (context) => {
    const { adapter } = context
    if (declared(adapter)) return context.skip(`${capability} is declared`)
    const error = await expectFailure(adapter, call(adapter, context), 'Unsupported', operation)
    expect(error).toMatchObject({ capability })
  },
})
