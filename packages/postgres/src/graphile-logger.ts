/**
 * graphile-worker logs every job to the console by default; a migration worker reports through its
 * own events instead, so only warnings and errors of the queue itself get through, to stderr.
 *
 * @module
 */
import { Logger } from 'graphile-worker'

export const quietLogger = new Logger(() => (level, message) => {
  // A job that failed is reported by the worker's own events, with its conversation and error.
  if (message.startsWith('Failed task')) return
  if (level === 'error' || level === 'warning') process.stderr.write(`graphile-worker ${level}: ${message}\n`)
})
