/**
 * Ctrl-C and SIGTERM during a run: the first stops it cleanly (sends in flight finish and are
 * recorded, the report is written, exit 130); a second one stops the process at once.
 *
 * @module
 */
import { exitCodes } from './exit-codes.js'

/** Listens for SIGINT and SIGTERM until the returned function is called; `signal` aborts on the first. */
export const listenForInterrupt = (err: NodeJS.WritableStream): { signal: AbortSignal; stop: () => void } => {
  const controller = new AbortController()
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(exitCodes.interrupted)
    err.write(
      '\ncolloquy: interrupted: finishing what is in flight, then the report (again to stop at once)\n',
    )
    controller.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: controller.signal,
    stop: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    },
  }
}
