// Child process of migrate.mjs: an UltraCart source with seeded history and an empty Sunshine
// target, both with the given latency. Answers 'stats' with what the target holds.
import { startSunshineEmulator, startUltraCartEmulator } from '@colloquy/emulators'

const [conversations, perConversation, latencyMs] = process.argv.slice(2).map(Number)
const faults = latencyMs > 0 ? { latencyMs } : {}
const [ultracart, sunshine] = await Promise.all([
  startUltraCartEmulator({ faults }),
  startSunshineEmulator({ faults }),
])
const start = Date.UTC(2025, 0, 1)
for (let c = 0; c < conversations; c++) {
  const customer = { arn: `arn:ultracart:DEMO:participant/bench-${c}`, name: `Customer ${c}` }
  ultracart.seed({
    conversations: [
      {
        participants: [customer],
        messages: Array.from({ length: perConversation }, (_, i) => ({
          authorArn: i % 2 ? ultracart.agent.arn : customer.arn,
          body: `Message ${i} of conversation ${c}: where is my order? It was due yesterday.`,
          messageEpoch: start + c * 10_000_000 + i * 1000,
        })),
      },
    ],
  })
}
process.on('message', (message) => {
  if (message !== 'stats') return
  const stored = sunshine.state().conversations.flatMap((c) => c.messages)
  const bytes = stored.reduce((sum, m) => sum + JSON.stringify(m).length, 0)
  const metadataBytes = stored.reduce((sum, m) => sum + JSON.stringify(m.metadata ?? {}).length, 0)
  process.send({
    messages: stored.length,
    storedBytesPerMessage: stored.length ? bytes / stored.length : 0,
    metadataBytesPerMessage: stored.length ? metadataBytes / stored.length : 0,
    sourceRequests: ultracart.requests().length,
    targetRequests: sunshine.requests().length,
  })
})
process.send({
  ultracart: { simpleKey: ultracart.credentials.simpleKey, baseUrl: ultracart.url },
  sunshine: { ...sunshine.credentials, baseUrl: sunshine.url },
})
process.on('disconnect', () => process.exit(0))
