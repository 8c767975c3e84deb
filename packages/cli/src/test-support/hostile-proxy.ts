import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A proxy in front of an emulator that makes one conversation's message paging cycle: every
 * `page[after]` request for it gets the answer of the first one, claiming more pages follow. A
 * client that trusts cursors would walk forever.
 */
export const startCyclingProxy = async (upstream: string, conversationId: string) => {
  const target = new URL(upstream)
  let replay: string | undefined
  let cycled = 0
  const server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', upstream)
    const cycling =
      incoming.method === 'GET' &&
      url.pathname.endsWith(`/conversations/${conversationId}/messages`) &&
      url.searchParams.has('page[after]')
    if (cycling && replay !== undefined) {
      cycled++
      outgoing.writeHead(200, { 'content-type': 'application/json' }).end(replay)
      return
    }
    const forwarded = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        const chunks: Buffer[] = []
        answer.on('data', (chunk: Buffer) => chunks.push(chunk))
        answer.on('end', () => {
          let body = Buffer.concat(chunks).toString('utf8')
          if (cycling && answer.statusCode === 200) {
            const page = JSON.parse(body) as { meta?: Record<string, unknown> }
            replay = JSON.stringify({ ...page, meta: { ...page.meta, hasMore: true } })
            body = replay
          }
          outgoing.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' }).end(body)
        })
      },
    )
    incoming.pipe(forwarded)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** How many answers were replayed. */
    cycled: () => cycled,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
