/**
 * Why a migration does not start.
 *
 * @module
 */
import type { ColloquyError } from '@colloquy/core'

/**
 * What stopped a migration before it wrote anything:
 * - `plan`: the adapters cannot do what was asked (capabilities, same adapter on both sides);
 * - `selection`: the conversations or users to copy are wrong (both given, an unknown user, …);
 * - `source` / `target`: the preflight read of that end failed with `error` (credentials, an
 *   unreachable host).
 */
export type MigrationPlanProblem = 'plan' | 'selection' | 'source' | 'target'

/** A migration that cannot be done as asked; nothing was written. */
export class MigrationPlanError extends Error {
  override readonly name = 'MigrationPlanError'
  readonly problem: MigrationPlanProblem
  /** The failed preflight read, for `source` and `target` problems. */
  readonly error?: ColloquyError

  constructor(message: string, problem: MigrationPlanProblem = 'plan', error?: ColloquyError) {
    super(message)
    this.problem = problem
    if (error !== undefined) this.error = error
  }
}
