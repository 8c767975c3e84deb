import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A proxy in front of an emulator that records when each request arrived, so a test can count
 * the requests that fell into any window — the vendor's view of a rate limit.
 */
export const startCountingProxy = async (upstream: string) => {
  const target = new URL(upstream)
  const arrivals: number[] = []
  const server = createServer((incoming, outgoing) => {
    arrivals.push(performance.now())
    const forwarded = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(outgoing)
      },
    )
    forwarded.on('error', () => outgoing.destroy())
    incoming.pipe(forwarded)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    /** The emulator's URL with the proxy's host and port (same base path). */
    url: `http://127.0.0.1:${port}${target.pathname === '/' ? '' : target.pathname}`,
    requests: () => arrivals.length,
    /** Forgets the requests so far (e.g. the enqueuing run's own check of the target). */
    reset: () => {
      arrivals.length = 0
    },
    /** The most requests that arrived within any window of `ms` milliseconds. */
    maxInWindow: (ms: number) => {
      let most = 0
      let first = 0
      for (let last = 0; last < arrivals.length; last++) {
        while ((arrivals[last] as number) - (arrivals[first] as number) >= ms) first++
        most = Math.max(most, last - first + 1)
      }
      return most
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
