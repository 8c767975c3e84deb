/**
 * A migration as a worker sees it, the adapters it brings for it, and the check that they reach
 * the accounts the migration was enqueued for.
 *
 * @module
 */
import type { ChatAdapter } from '@colloquy/core'

/** A migration as a worker sees it: which providers (the worker brings the credentials). */
export interface MigrationRecord {
  readonly id: string
  readonly source: string
  readonly target: string
  /** The account each end must reach, as recorded at enqueue; absent when none was given. */
  readonly sourceAccount?: string
  readonly targetAccount?: string
}

/** The two ends of a migration, as one worker reaches them. */
export interface MigrationAdapters {
  readonly source: ChatAdapter
  readonly target: ChatAdapter
  /**
   * The account each adapter reaches, named as at enqueue. Where the migration recorded an account,
   * the worker refuses it unless these name the same one: nothing is copied and every conversation
   * of the migration it takes is failed at once with the reason.
   */
  readonly sourceAccount?: string
  readonly targetAccount?: string
}

/** Why this worker must not work a migration: its adapters reach other accounts than recorded. */
export const accountMismatch = (record: MigrationRecord, adapters: MigrationAdapters): string | undefined => {
  const ends = [
    ['source', record.sourceAccount, adapters.sourceAccount],
    ['target', record.targetAccount, adapters.targetAccount],
  ] as const
  const differing = ends
    .filter(([, recorded, reached]) => recorded !== undefined && recorded !== reached)
    .map(
      ([end, recorded, reached]) =>
        `its ${end} is ${recorded} but this worker reaches ${reached ?? 'an account it does not name'}`,
    )
  return differing.length === 0
    ? undefined
    : `migration ${record.id} refused: ${differing.join('; ')}; nothing copied (check this worker's settings)`
}
