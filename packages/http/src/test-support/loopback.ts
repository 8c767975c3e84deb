/**
 * Helpers for this package's tests (not exported from the package).
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
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
