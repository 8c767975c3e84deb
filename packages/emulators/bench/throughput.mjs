// Requests per second the emulators serve with no faults, for GET of one conversation and of a
// 100-message page, per vendor. The emulators run in a child process (one core) and this process
// generates load (the other core) with a fixed number of requests in flight.
//
//   pnpm bench:emulators [seconds=2] [inFlight=32]
import { fork } from 'node:child_process'
import { SignJWT } from 'jose'

const seconds = Number(process.argv[2] ?? 2)
const inFlight = Number(process.argv[3] ?? 32)
const target = 3_000

const child = fork(new URL('./serve.mjs', import.meta.url))
const where = await new Promise((resolve) => child.once('message', resolve))

const basic = (id, secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
const smoochJwt = await new SignJWT({ scope: 'app' })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: where.smooch.keyId })
  .sign(new TextEncoder().encode(where.smooch.keySecret))
const s = where.sunshine
const u = where.ultracart
const cases = [
  [
    'sunshine',
    'conversation',
    `${s.url}/v2/apps/${s.appId}/conversations/${s.conversationId}`,
    { authorization: basic(s.keyId, s.keySecret) },
  ],
  [
    'sunshine',
    '100 messages',
    `${s.url}/v2/apps/${s.appId}/conversations/${s.conversationId}/messages`,
    { authorization: basic(s.keyId, s.keySecret) },
  ],
  [
    'smooch-v1',
    'appUser',
    `${where.smooch.url}/v1.1/apps/${where.smooch.appId}/appusers/bench`,
    { authorization: `Bearer ${smoochJwt}` },
  ],
  [
    'smooch-v1',
    '100 messages',
    `${where.smooch.url}/v1.1/apps/${where.smooch.appId}/appusers/bench/messages`,
    { authorization: `Bearer ${smoochJwt}` },
  ],
  [
    'ultracart',
    'conversation',
    `${u.url}/conversation/conversations/${u.conversationUuid}?limit=0`,
    { 'x-ultracart-simple-key': u.simpleKey },
  ],
  [
    'ultracart',
    '100 messages',
    `${u.url}/conversation/conversations/${u.conversationUuid}/messages/0?limit=100`,
    { 'x-ultracart-simple-key': u.simpleKey },
  ],
]

const measure = async (url, headers) => {
  let done = 0
  let failed = 0
  const until = performance.now() + seconds * 1000
  const worker = async () => {
    while (performance.now() < until) {
      const response = await fetch(url, { headers })
      await response.arrayBuffer()
      if (response.status === 200) done++
      else failed++
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: inFlight }, worker))
  return { perSecond: done / ((performance.now() - started) / 1000), failed }
}

console.log(
  `emulator throughput, ${seconds} s per case, ${inFlight} requests in flight (target ≥ ${target} GET/s)`,
)
let slowest = Number.POSITIVE_INFINITY
for (const [vendor, what, url, headers] of cases) {
  await measure(url, headers) // warm-up of the same length
  const { perSecond, failed } = await measure(url, headers)
  slowest = Math.min(slowest, perSecond)
  console.log(
    `  ${vendor.padEnd(10)} GET ${what.padEnd(13)} ${Math.round(perSecond).toString().padStart(6)} req/s${failed ? `  (${failed} non-200!)` : ''}`,
  )
}
console.log(
  `  slowest: ${Math.round(slowest)} req/s (target ≥ ${target}: ${slowest >= target ? 'met' : 'not met'})`,
)
child.disconnect()
