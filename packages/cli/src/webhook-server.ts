/**
 * The HTTP endpoint of `colloquy sync`: the source's webhooks in, through core's
 * `createWebhookHandler` (verified and parsed by the adapter's `events.parse`), on Node's HTTP
 * server by way of `@hono/node-server`'s Node ↔ fetch bridge.
 *
 * @module
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ChatAdapter, InboundEvent } from '@colloquy/core'
import { createWebhookHandler } from '@colloquy/core'
import { UsageError } from './exit-codes.js'

/** Where to listen: `[host:]port`, port 0 for any free one. */
export interface ListenAddress {
  readonly host: string
  readonly port: number
}

/** Reads `--listen`: `8787`, `127.0.0.1:8787`, `0.0.0.0:0`, `[::1]:8787`. */
export const parseListen = (value: string): ListenAddress => {
  const match = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(value.trim())
  const port = Number(match?.[2])
  if (!match || !Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--listen ${value}: expected [host:]port, e.g. 8787 or 127.0.0.1:8787`)
  return { host: (match[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port }
}

/** The path the endpoint answers on. */
export const webhookPath = (provider: string) => `/webhooks/${provider}`

/** A running endpoint. */
export interface WebhookServer {
  /** The local URL webhooks are answered at. */
  readonly url: string
  readonly close: () => Promise<void>
}

/**
 * Serves `source`'s webhooks at `/webhooks/<provider>` on `address`: each verified, new event
 * goes to `onEvent` (redeliveries of one event id are dropped here). Other paths are 404.
 * Rejects with a {@link UsageError} when the address cannot be used (taken, not local).
 */
export const startWebhookServer = async (
  source: ChatAdapter,
  address: ListenAddress,
  onEvent: (event: InboundEvent) => Promise<void>,
  onError: (error: unknown) => void,
): Promise<WebhookServer> => {
  const { getRequestListener } = await import('@hono/node-server')
  const path = webhookPath(source.provider)
  const handler = createWebhookHandler({ adapter: source, onEvent, onError })
  const listener = getRequestListener(async (request) =>
    new URL(request.url).pathname === path
      ? handler(request)
      : new Response(JSON.stringify({ error: `not found; webhooks go to ${path}` }), {
          status: 404,
          headers: { 'content-type': 'application/json' },
        }),
  )
  const server = createServer(listener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new UsageError(
          `--listen ${address.host}:${address.port}: ${error.code === 'EADDRINUSE' ? 'the port is taken' : error.message}`,
        ),
      ),
    )
    server.listen(address.port, address.host, resolve)
  })
  const { port } = server.address() as AddressInfo
  const host = address.host.includes(':') ? `[${address.host}]` : address.host
  return {
    url: `http://${host}:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
