// Child process of scale.mjs: an UltraCart source with seeded history and an empty Sunshine target,
// both with the given latency; the target may enforce a rate limit with 429s. Answers 'stats'.
import { startSunshineEmulator, startUltraCartEmulator } from '@colloquy/emulators'

const { conversations, perConversation, latencyMs, targetLimit } = JSON.parse(process.argv[2])
const [ultracart, sunshine] = await Promise.all([
  startUltraCartEmulator({ faults: { latencyMs } }),
  startSunshineEmulator({ faults: { latencyMs, ...(targetLimit ? { rateLimit: targetLimit } : {}) } }),
])
const start = Date.UTC(2025, 0, 1)
const ids = []
for (let c = 0; c < conversations; c++) {
  const customer = { arn: `arn:ultracart:DEMO:participant/scale-${c}`, name: `Customer ${c}` }
  const [seeded] = ultracart.seed({
    conversations: [
      {
        participants: [customer],
        messages: Array.from({ length: perConversation }, (_, i) => ({
          authorArn: i % 2 ? ultracart.agent.arn : customer.arn,
          body: `Message ${i} of conversation ${c}`,
          messageEpoch: start + c * 10_000_000 + i * 1000,
        })),
      },
    ],
  })
  ids.push(seeded.uuid)
}
process.on('message', (message) => {
  if (message !== 'stats') return
  process.send({
    messages: sunshine.state().conversations.reduce((sum, c) => sum + c.messages.length, 0),
    targetRequests: sunshine.requests().length,
    rateLimited: sunshine.faultCounts().rateLimited,
  })
})
process.send({
  ids,
  env: {
    COLLOQUY_ULTRACART_SIMPLE_KEY: ultracart.credentials.simpleKey,
    COLLOQUY_ULTRACART_BASE_URL: ultracart.url,
    COLLOQUY_ULTRACART_RATE_LIMIT: 'off',
    COLLOQUY_SUNSHINE_APP_ID: sunshine.credentials.appId,
    COLLOQUY_SUNSHINE_KEY_ID: sunshine.credentials.keyId,
    COLLOQUY_SUNSHINE_KEY_SECRET: sunshine.credentials.keySecret,
    COLLOQUY_SUNSHINE_BASE_URL: sunshine.url,
  },
})
process.on('disconnect', () => process.exit(0))
