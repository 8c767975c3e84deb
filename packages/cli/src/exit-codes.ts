/**
 * What `colloquy` exits with, for scripts.
 *
 * @module
 */

/** 0 done; 1 some items failed or differ; 2 usage, configuration or plan (nothing written); 130 interrupted. */
export const exitCodes = { done: 0, failed: 1, usage: 2, interrupted: 130 } as const

/** A mistake in how the command was called (a flag, a file it names); its message is one line. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** The exit code of a finished run: interrupted wins, then any failure or difference. */
export const runExitCode = (run: { readonly interrupted: boolean; readonly failed: boolean }): number =>
  run.interrupted ? exitCodes.interrupted : run.failed ? exitCodes.failed : exitCodes.done
