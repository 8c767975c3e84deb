// Child process of migrate.mjs: an UltraCart source with seeded history and an empty Sunshine
// target, both with the given latency.
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
process.send({
  ultracart: { simpleKey: ultracart.credentials.simpleKey, baseUrl: ultracart.url },
  sunshine: { ...sunshine.credentials, baseUrl: sunshine.url },
})
process.on('disconnect', () => process.exit(0))
