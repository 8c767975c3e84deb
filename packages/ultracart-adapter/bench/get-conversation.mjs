// conversations.get of a conversation with 100 inline messages against the UltraCart emulator (in a
// child process): the adapter (decoded and mapped to core) vs plain fetch + JSON.parse. Interleaved
// rounds; medians. The vendor's default budget (one request at a time, 1,000 an hour) is lifted.
//
//   pnpm bench:ultracart [rounds=30] [requestsPerRound=40]
import { fork } from 'node:child_process'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import { interleave, medianRatio, micros } from '../../../scripts/bench-kit.mjs'

const rounds = Number(process.argv[2] ?? 30)
const perRound = Number(process.argv[3] ?? 40)

const child = fork(new URL('./serve.mjs', import.meta.url))
const { url, simpleKey, conversationId } = await new Promise((resolve) => child.once('message', resolve))

const adapter = createUltraCartAdapter({ simpleKey, baseUrl: url, retry: false, rateLimit: false })
const viaAdapter = async () => {
  const conversation = await adapter.conversations.get({ conversationId })()
  if (conversation._tag === 'Left' || conversation.right.raw.messages.length !== 100)
    throw new Error('adapter: unexpected answer')
}
const conversationUrl = `${url}/conversation/conversations/${conversationId}`
const headers = {
  'x-ultracart-simple-key': simpleKey,
  'x-ultracart-api-version': '2017-03-01',
  accept: 'application/json',
}
const viaFetch = async () => {
  const response = await fetch(conversationUrl, { headers })
  if (JSON.parse(await response.text()).conversation.messages.length !== 100)
    throw new Error('fetch: unexpected answer')
}

const samples = await interleave(
  [
    ['adapter', viaAdapter],
    ['fetch', viaFetch],
  ],
  { rounds, perRound },
)
child.disconnect()

const ratio = medianRatio(samples, 'adapter', 'fetch')
console.log(
  `UltraCart getConversation with 100 inline messages, ${rounds} interleaved rounds of ${perRound} requests`,
)
console.log(`  adapter (decoded, mapped to core):  ${micros(samples.adapter)}`)
console.log(`  plain fetch + JSON.parse:           ${micros(samples.fetch)}`)
console.log(`  adapter / fetch: ${ratio.toFixed(3)} (target ≤ 1.2: ${ratio <= 1.2 ? 'met' : 'not met'})`)
