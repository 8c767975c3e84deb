// messages.list of a 100-message page against the Sunshine emulator (in a child process): the
// adapter (decoded and mapped to core Messages) vs plain fetch + JSON.parse vs the official
// sunshine-conversations-client doing the same ListMessages call. Interleaved rounds; medians.
//
//   pnpm bench:sunshine [rounds=30] [requestsPerRound=40]
import { fork } from 'node:child_process'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import SunshineConversationsClient from 'sunshine-conversations-client'
import { interleave, medianRatio, micros } from '../../../scripts/bench-kit.mjs'

const rounds = Number(process.argv[2] ?? 30)
const perRound = Number(process.argv[3] ?? 40)

const child = fork(new URL('./serve.mjs', import.meta.url))
const { url, appId, keyId, keySecret, conversationId } = await new Promise((resolve) =>
  child.once('message', resolve),
)

const adapter = createSunshineAdapter({ appId, keyId, keySecret, baseUrl: url, retry: false })
// Both read the newest page of the same conversation: the same 100 messages, checked by first id.
let firstId
const viaAdapter = async () => {
  const page = await adapter.messages.list({ conversationId })()
  if (page._tag === 'Left' || page.right.items.length !== 100 || page.right.items[0].id !== firstId)
    throw new Error('adapter: unexpected answer')
}
firstId = await adapter.messages
  .list({ conversationId })()
  .then((page) => page.right.items[0].id)

const authorization = `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString('base64')}`
const messagesUrl = `${url}/v2/apps/${appId}/conversations/${conversationId}/messages`
const viaFetch = async () => {
  const response = await fetch(messagesUrl, { headers: { authorization, accept: 'application/json' } })
  if (JSON.parse(await response.text()).messages.length !== 100) throw new Error('fetch: unexpected answer')
}

const official = new SunshineConversationsClient.ApiClient()
official.basePath = url
official.authentications.basicAuth.username = keyId
official.authentications.basicAuth.password = keySecret
const messagesApi = new SunshineConversationsClient.MessagesApi(official)
const viaOfficial = async () => {
  const page = await messagesApi.listMessages(appId, conversationId, {})
  if (page.messages.length !== 100 || page.messages[0].id !== firstId)
    throw new Error('official client: unexpected answer')
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
console.log(`Sunshine ListMessages, 100-message page, ${rounds} interleaved rounds of ${perRound} requests`)
console.log(`  adapter (decoded, mapped to core):     ${micros(samples.adapter)}`)
console.log(`  plain fetch + JSON.parse:              ${micros(samples.fetch)}`)
console.log(`  sunshine-conversations-client 14:      ${micros(samples.official)}`)
console.log(
  `  adapter / fetch:    ${adapterVsFetch.toFixed(3)} (target ≤ 1.2: ${adapterVsFetch <= 1.2 ? 'met' : 'not met'})`,
)
console.log(
  `  official / adapter: ${officialVsAdapter.toFixed(3)} (target > 1, adapter faster: ${officialVsAdapter > 1 ? 'met' : 'not met'})`,
)
