/**
 * Paths checked before a run starts, so a mistake shows at once rather than after the whole run.
 *
 * @module
 */
import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { UsageError } from './exit-codes.js'

const code = (error: unknown) => (error as NodeJS.ErrnoException).code

/**
 * Checks that a file can be written at `path` (flag `flag`): not a directory, in a folder that
 * exists and is writable. Rejects with a one-line {@link UsageError}.
 */
export const checkWritable = async (flag: string, path: string): Promise<void> => {
  const folder = dirname(resolve(path))
  const existing = await stat(path).catch((error: unknown) => {
    if (code(error) === 'ENOENT') return undefined
    throw new UsageError(`${flag} ${path}: ${(error as Error).message}`)
  })
  if (existing?.isDirectory()) throw new UsageError(`${flag} ${path}: is a directory, not a file`)
  const parent = await stat(folder).catch(() => undefined)
  if (!parent?.isDirectory()) throw new UsageError(`${flag} ${path}: the folder ${folder} does not exist`)
  await access(existing ? path : folder, constants.W_OK).catch(() => {
    throw new UsageError(`${flag} ${path}: not writable`)
  })
}
