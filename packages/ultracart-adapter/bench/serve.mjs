// Child process of get-conversation.mjs: an UltraCart emulator holding one conversation of 100 messages.
import { startUltraCartEmulator } from '@colloquy/emulators'

const emulator = await startUltraCartEmulator()
const jane = { arn: 'arn:ultracart:DEMO:participant/jane', name: 'Jane', email: 'jane@example.com' }
const start = Date.UTC(2026, 0, 1)
const [conversation] = emulator.seed({
  conversations: [
    {
      participants: [jane],
      messages: Array.from({ length: 100 }, (_, i) => ({
        authorArn: i % 2 ? emulator.agent.arn : jane.arn,
        body: `Message number ${i}: where is my order? It was due yesterday.`,
        messageEpoch: start + i * 1000,
      })),
    },
  ],
})
process.send({ url: emulator.url, ...emulator.credentials, conversationId: conversation.uuid })
process.on('disconnect', () => process.exit(0))
