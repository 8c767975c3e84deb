// messages.list of a 100-message page against the Smooch emulator (in a child process): the
// adapter (decoded and mapped to core Messages) vs plain fetch + JSON.parse vs the official
// smooch-core doing the same GET messages call. Interleaved rounds; medians.
//
//   pnpm bench:smooch [rounds=30] [requestsPerRound=40]
import { fork } from 'node:child_process'
import { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'
import { SignJWT } from 'jose'
import SmoochCore from 'smooch-core'
import { interleave, medianRatio, micros } from '../../../scripts/bench-kit.mjs'

const rounds = Number(process.argv[2] ?? 30)
const perRound = Number(process.argv[3] ?? 40)

const child = fork(new URL('./serve.mjs', import.meta.url))
const { url, appId, keyId, keySecret, userId } = await new Promise((resolve) =>
  child.once('message', resolve),
)

const adapter = createSmoochV1Adapter({ appId, keyId, keySecret, baseUrl: url, retry: false })
let firstId
const viaAdapter = async () => {
  const page = await adapter.messages.list({ conversationId: userId })()
  if (page._tag === 'Left' || page.right.items.length !== 100 || page.right.items[0].id !== firstId)
    throw new Error('adapter: unexpected answer')
}
firstId = await adapter.messages
  .list({ conversationId: userId })()
  .then((page) => page.right.items[0].id)

const jwt = await new SignJWT({ scope: 'app' })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: keyId })
  .sign(new TextEncoder().encode(keySecret))
const messagesUrl = `${url}/v1.1/apps/${appId}/appusers/${userId}/messages`
const viaFetch = async () => {
  const response = await fetch(messagesUrl, {
    headers: { authorization: `Bearer ${jwt}`, accept: 'application/json' },
  })
  if (JSON.parse(await response.text()).messages.length !== 100) throw new Error('fetch: unexpected answer')
}

// smooch-core as its users run it with an app key (scope 'app'), which makes it call the short
// /v1.1/appusers/{userId}/messages path for the same appUser — the same page the adapter reads.
const official = new SmoochCore({ keyId, secret: keySecret, scope: 'app', serviceUrl: url })
const viaOfficial = async () => {
  const page = await official.appUsers.getMessages({ userId })
  if (page.messages.length !== 100 || page.messages[0]._id !== firstId)
    throw new Error('smooch-core: unexpected answer')
}

const samples = await interleave(
  [
    ['adapter', viaAdapter],
    ['fetch', viaFetch],
    ['official', viaOfficial],
  ],
  { rounds, perRound },
)
child.disconnect()

const adapterVsFetch = medianRatio(samples, 'adapter', 'fetch')
const officialVsAdapter = medianRatio(samples, 'official', 'adapter')
console.log(
  `Smooch v1.1 GET messages, 100-message page, ${rounds} interleaved rounds of ${perRound} requests`,
)
console.log(`  adapter (decoded, mapped to core):     ${micros(samples.adapter)}`)
console.log(`  plain fetch + JSON.parse:              ${micros(samples.fetch)}`)
console.log(`  smooch-core 8:                         ${micros(samples.official)}`)
console.log(
  `  adapter / fetch:    ${adapterVsFetch.toFixed(3)} (target ≤ 1.2: ${adapterVsFetch <= 1.2 ? 'met' : 'not met'})`,
)
console.log(
  `  smooch-core / adapter: ${officialVsAdapter.toFixed(3)} (target > 1, adapter faster: ${officialVsAdapter > 1 ? 'met' : 'not met'})`,
)
