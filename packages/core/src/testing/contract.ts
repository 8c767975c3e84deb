/**
 * `describeAdapterContract`: the vitest suite every adapter runs to prove it keeps the port
 * contract, one `describe` per port.
 *
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseContext, ContractSection } from './contract-case.js'
import { contractCases, createCaseContexts } from './contract-cases.js'
import type { ContractFixture, ContractOptions } from './contract-fixture.js'

const sections: readonly ContractSection[] = [
  'capabilities',
  'conversations',
  'messages',
  'participants',
  'events',
]

/** The closing line of a suite: what ran, with how many assertions, and what was skipped and why. */
const summary = (name: string, ran: ReadonlyMap<string, number>, skipped: ReadonlyMap<string, string>) => {
  const counts = [...ran.values()]
  const assertions = counts.reduce((sum, count) => sum + count, 0)
  // The Unsupported case of a declared method is skipped by design; the others say why.
  const notes = [...skipped].filter(([caseName]) => !caseName.includes(' undeclared → '))
  const lines = [
    `[contract] ${name}: ${ran.size} cases ran with ${assertions} assertions (at least ${Math.min(...counts)} each); ${skipped.size} skipped, ${skipped.size - notes.length} of them the Unsupported cases of declared methods`,
    ...notes.map(([caseName, reason]) => `[contract]   skipped ${caseName}: ${reason}`),
  ]
  return lines.join('\n')
}

/**
 * Registers a vitest suite that checks `setup()`'s adapter against the port contract, one
 * `describe` per port. Every declared method is exercised and every undeclared one must return
 * `Unsupported` naming its capability; a case that does not apply to the adapter is skipped with
 * the reason (never passed without asserting: a case that runs and asserts nothing fails). It
 * checks: invalid input is `InvalidRequest` without a request; unknown ids are `NotFound`; errors
 * carry `provider` and `operation`; both declared directions page through histories of 0, 1 and
 * 250 messages with page sizes 1, 7 and 100, every message exactly once and oldest first within
 * each page; pages hold exactly the limit until the last and a huge limit is capped; a cursor
 * reads the same next page every time; a cursor of another conversation or another adapter is
 * `InvalidRequest`; a forward `resumeCursor` continues after new messages; a sent message lists
 * back with the same content and metadata; every model has `raw`. After the suite one line says
 * how many cases ran with how many assertions, and why each skipped case was skipped.
 */
export const describeAdapterContract = (
  name: string,
  setup: () => Promise<ContractFixture>,
  options: ContractOptions = {},
): void => {
  const cases = contractCases(options)
  const ran = new Map<string, number>()
  const skipped = new Map<string, string>()

  describe(`${name} keeps the adapter contract`, () => {
    let fixture: ContractFixture | undefined
    let contextFor: ((skip: (reason: string) => never) => CaseContext) | undefined
    beforeAll(async () => {
      fixture = await setup()
      contextFor = createCaseContexts(fixture)
    })
    afterAll(async () => {
      await fixture?.close?.()
      if (ran.size > 0) console.log(summary(name, ran, skipped))
    })

    for (const section of sections) {
      describe(section, () => {
        for (const contractCase of cases.filter((c) => c.section === section)) {
          const caseName = `${section} > ${contractCase.name}`
          it(contractCase.name, async (test) => {
            if (!contextFor) throw new Error('the suite setup failed')
            expect.hasAssertions()
            const skip = (reason: string): never => {
              skipped.set(caseName, reason)
              test.skip(reason)
              throw new Error('unreachable: vitest ends a skipped test')
            }
            await contractCase.run(contextFor(skip))
            ran.set(caseName, expect.getState().assertionCalls)
          })
        }
      })
    }
  })
}
