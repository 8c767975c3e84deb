/**
 * Runs the conformance suite's cases inside one test and reports each case's outcome, so a test
 * can prove the suite catches a broken adapter: which cases fail, and that the others still pass.
 *
 * @module
 */
import { expect } from 'vitest'
import { contractCases, createCaseContexts } from './contract-cases.js'
import type { ContractFixture, ContractOptions } from './contract-fixture.js'

/** What one case did. */
export interface CaseOutcome {
  /** `<section> > <case name>`, as the vitest suite names it. */
  readonly name: string
  readonly status: 'passed' | 'failed' | 'skipped'
  /** Assertions the case made. */
  readonly assertions: number
  /** The failure's message, or why the case was skipped. */
  readonly detail?: string
}

class Skipped extends Error {}

/**
 * Runs every case (or those `only` keeps) against `setup()`'s adapter, one after the other, and
 * returns their outcomes in order. Must run inside a vitest test (the cases use its `expect`).
 */
export const runContractCases = async (
  setup: () => Promise<ContractFixture>,
  options: ContractOptions & { readonly only?: (name: string) => boolean } = {},
): Promise<CaseOutcome[]> => {
  const fixture = await setup()
  const contextFor = createCaseContexts(fixture)
  const skip = (reason: string): never => {
    throw new Skipped(reason)
  }
  const outcomes: CaseOutcome[] = []
  try {
    for (const contractCase of contractCases(options)) {
      const name = `${contractCase.section} > ${contractCase.name}`
      if (options.only && !options.only(name)) continue
      const before = expect.getState().assertionCalls
      const assertions = () => expect.getState().assertionCalls - before
      try {
        await contractCase.run(contextFor(skip))
        outcomes.push(
          assertions() > 0
            ? { name, status: 'passed', assertions: assertions() }
            : { name, status: 'failed', assertions: 0, detail: 'the case made no assertion' },
        )
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error)
        outcomes.push({
          name,
          status: error instanceof Skipped ? 'skipped' : 'failed',
          assertions: assertions(),
          detail,
        })
      }
    }
  } finally {
    await fixture.close?.()
  }
  return outcomes
}
