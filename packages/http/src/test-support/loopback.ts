/**
 * Helpers for this package's tests (not exported from the package).
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ColloquyError } from '@colloquy/core'
import type { Either } from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { vi } from 'vitest'

/** A loopback HTTP server for behaviour nock cannot fake (stalls, real concurrency). */
export const startServer = async (handler: (request: IncomingMessage, response: ServerResponse) => void) => {
  const sockets = new Set<import('node:net').Socket>()
  const server = createServer(handler)
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Runs a task and returns its `Left`, failing if it succeeded. */
export const leftOf = async (task: TaskEither<ColloquyError, unknown>): Promise<ColloquyError> => {
  const result: Either<ColloquyError, unknown> = await task()
  if (result._tag === 'Right') throw new Error(`expected a failure, got ${JSON.stringify(result.right)}`)
  return result.left
}

/** Runs a task and returns its `Right`, failing with the error's message otherwise. */
export const rightOf = async <A>(task: TaskEither<ColloquyError, A>): Promise<A> => {
  const result = await task()
  if (result._tag === 'Left')
    throw new Error(`expected success, got ${result.left._tag}: ${result.left.message}`)
  return result.right
}

/**
 * Runs `task` on a fake clock (`setTimeout` and `Date`), moving it `stepMs` at a time until the
 * task settles, so waits are measured in fake milliseconds: no test depends on the machine's speed.
 * Only for tasks without real I/O (nock, not a loopback server): the fake clock runs ahead of it.
 */
export const onFakeClock = async <A>(task: () => Promise<A>, stepMs = 10): Promise<A> => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  try {
    let settled = false
    const running = task().finally(() => {
      settled = true
    })
    while (!settled) await vi.advanceTimersByTimeAsync(stepMs)
    return await running
  } finally {
    vi.useRealTimers()
  }
}
