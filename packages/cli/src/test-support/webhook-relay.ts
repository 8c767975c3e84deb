import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

interface Delivery {
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: string
}

/**
 * A relay between an emulator's webhooks and the endpoint under test, as an unreliable network
 * and a vendor's retries make them: it answers the emulator at once, holds what it gets, and on
 * `flush()` forwards it newest first, each delivery twice.
 */
export const startWebhookRelay = async () => {
  let held: Delivery[] = []
  let target: string | undefined
  let forwarded = 0
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const headers: Record<string, string> = {}
      for (const name of ['content-type', 'x-api-key'])
        if (typeof incoming.headers[name] === 'string') headers[name] = incoming.headers[name] as string
      held.push({ path: incoming.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8') })
      outgoing.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const post = async (delivery: Delivery) => {
    const response = await fetch(target as string, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    })
    await response.arrayBuffer()
    forwarded++
    return response.status
  }
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    /** Where deliveries go from now on. */
    forwardTo: (url: string) => {
      target = url
    },
    /** Deliveries held. */
    held: () => held.length,
    /** Forwards what is held, newest first and each twice (the second after all the first); resolves with the statuses. */
    flush: async () => {
      if (target === undefined) throw new Error('the relay has nowhere to forward to')
      const batch = held.reverse()
      held = []
      const statuses: number[] = []
      for (const delivery of batch) statuses.push(await post(delivery))
      for (const delivery of batch) statuses.push(await post(delivery))
      return statuses
    },
    forwarded: () => forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
