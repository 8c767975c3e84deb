// Per-request overhead of @colloquy/http against plain fetch + JSON.parse, for GET of a
// 100-message JSON page from a loopback node:http server. Runs the two interleaved in rounds so
// machine noise hits both alike, and prints the median of the per-round ratios (target ≤ 1.15).
//
//   pnpm bench:http [rounds=40] [requestsPerRound=50]
import { createServer } from 'node:http'
import { createHttpClient } from '@colloquy/http'
import * as t from 'io-ts'
import ky from 'ky'
import { interleave, medianRatio, micros } from '../../../scripts/bench-kit.mjs'

const rounds = Number(process.argv[2] ?? 40)
const perRound = Number(process.argv[3] ?? 50)

// A page shaped like Sunshine's ListMessages answer.
const page = JSON.stringify({
  messages: Array.from({ length: 100 }, (_, i) => ({
    id: `5f7c${String(i).padStart(20, '0')}`,
    received: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    author: {
      type: i % 2 ? 'business' : 'user',
      userId: 'a1b2c3d4e5f6',
      displayName: 'Ada Lovelace',
      avatarUrl: 'https://example.com/a.png',
    },
    content: { type: 'text', text: `Message number ${i}: where is my order? It was due yesterday.` },
    source: { type: 'web', integrationId: '5e3c0a3fd7b5d00010f7d2b1' },
    metadata: { lang: 'en-US', orderId: `100${i}` },
  })),
  meta: { hasMore: true, beforeCursor: '5f7c00000000000000000000' },
  links: { prev: 'https://api.smooch.io/v2/apps/app/conversations/c/messages?page[before]=5f7c' },
})

// Lenient codec of the fields an adapter reads, as the adapters will declare it.
const Message = t.type({
  id: t.string,
  received: t.string,
  author: t.intersection([
    t.type({ type: t.string }),
    t.partial({ userId: t.string, displayName: t.string, avatarUrl: t.string }),
  ]),
  content: t.intersection([t.type({ type: t.string }), t.partial({ text: t.string })]),
  metadata: t.union([t.UnknownRecord, t.undefined]),
})
const Page = t.type({
  messages: t.array(Message),
  meta: t.partial({ hasMore: t.boolean, beforeCursor: t.string }),
})

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' }).end(page)
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${server.address().port}`
const url = `${base}/v2/apps/app/conversations/conv/messages`

const transport = createHttpClient({
  provider: 'bench',
  baseUrl: base,
  credentials: { keyId: 'app_bench', secret: 'bench-secret-value' },
  authenticate: (c) => ({
    authorization: `Basic ${Buffer.from(`${c.keyId}:${c.secret}`).toString('base64')}`,
  }),
  retry: false,
  rateLimit: false,
})
const authorization = `Basic ${Buffer.from('app_bench:bench-secret-value').toString('base64')}`

const viaTransport = async () => {
  const result = await transport.request({
    operation: 'messages.list',
    method: 'GET',
    path: ['v2', 'apps', 'app', 'conversations', 'conv', 'messages'],
    codec: Page,
  })()
  if (result._tag === 'Left') throw new Error(result.left.message)
}
// ky alone, configured as nothing but a prefix: the floor the transport stands on.
const bareKy = ky.create({ prefixUrl: base, retry: 0 })
const viaKy = async () => {
  const response = await bareKy('v2/apps/app/conversations/conv/messages', { headers: { authorization } })
  JSON.parse(await response.text())
}
const viaFetch = async () => {
  const response = await fetch(url, { headers: { accept: 'application/json', authorization } })
  JSON.parse(await response.text())
}

const samples = await interleave(
  [
    ['transport', viaTransport],
    ['ky', viaKy],
    ['fetch', viaFetch],
  ],
  { rounds, perRound, warmup: 200 },
)
server.close()

const ratio = medianRatio(samples, 'transport', 'fetch')
console.log(
  `GET of a 100-message page (${page.length} bytes), ${rounds} interleaved rounds of ${perRound} requests`,
)
console.log(`  @colloquy/http (ky, retries, rate limiter, io-ts check): ${micros(samples.transport)}`)
console.log(
  `  ky alone:                                               ${micros(samples.ky)} (ratio ${medianRatio(samples, 'ky', 'fetch').toFixed(3)})`,
)
console.log(`  plain fetch + JSON.parse:                               ${micros(samples.fetch)}`)
console.log(
  `  median ratio transport / fetch: ${ratio.toFixed(3)} (target ≤ 1.15: ${ratio <= 1.15 ? 'met' : 'not met'})`,
)
