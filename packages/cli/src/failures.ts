/**
 * Every failure of a command as one line and an exit code: no stack trace for a mistake the user
 * can fix, and the setting or URL to look at when an end refuses or cannot be reached.
 *
 * @module
 */
import { type ColloquyError, ColloquyException } from '@colloquy/core'
import { LedgerError, MigrationPlanError } from '@colloquy/migrate'
import { CommanderError } from 'commander'
import { ConfigError } from './config.js'
import { exitCodes, UsageError } from './exit-codes.js'
import { settingNames } from './settings.js'
import type { OpenedSides, Side } from './sides.js'

/** What to print and exit with. `stack` only for failures that are bugs, not the user's to fix. */
export interface Explained {
  readonly code: number
  readonly line: string
  readonly stack?: string
}

/** What to check when `side` refused (`Unauthorized`) or did not answer (`Network`). */
const hint = (error: ColloquyError, side: Side | undefined): string => {
  if (side === undefined || (error._tag !== 'Unauthorized' && error._tag !== 'Network')) return ''
  const where = side.log.lastFailure()
  const check = settingNames(
    side.provider,
    error._tag === 'Unauthorized' ? 'credentials' : 'url',
    side.configFile,
  )
  return `${where ? ` (${where})` : ''}; check ${check}`
}

/** The one line and exit code for `error`, thrown by a command that opened `sides`. */
export const explain = (error: unknown, sides: OpenedSides): Explained => {
  if (error instanceof CommanderError) {
    // Commander may add a suggestion on a line of its own ("(Did you mean migrate?)").
    const message = error.message.replace(/^error: /, '').replaceAll('\n', ' ')
    return { code: exitCodes.usage, line: `${message} (see colloquy --help)` }
  }
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof LedgerError)
    return { code: exitCodes.usage, line: error.message }
  if (error instanceof MigrationPlanError) {
    const side =
      error.problem === 'source' ? sides.source : error.problem === 'target' ? sides.target : undefined
    return { code: exitCodes.usage, line: `${error.message}${error.error ? hint(error.error, side) : ''}` }
  }
  if (error instanceof ColloquyException) {
    const configuration = error.error._tag === 'Unauthorized' || error.error._tag === 'Network'
    return {
      code: configuration ? exitCodes.usage : exitCodes.failed,
      line: `${error.message}${hint(error.error, sides.only)}`,
    }
  }
  const unexpected = error instanceof Error ? error : new Error(String(error))
  return {
    code: exitCodes.failed,
    line: unexpected.message,
    ...(unexpected.stack ? { stack: unexpected.stack } : {}),
  }
}
