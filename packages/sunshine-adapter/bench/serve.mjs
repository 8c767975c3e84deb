// Child process of list-messages.mjs: a Sunshine emulator holding one 100-message conversation.
import { startSunshineEmulator } from '@colloquy/emulators'

const emulator = await startSunshineEmulator()
const start = Date.UTC(2026, 0, 1)
const { conversations } = emulator.seed({
  users: [{ externalId: 'bench' }],
  conversations: [
    {
      participants: [{ userExternalId: 'bench' }],
      messages: Array.from({ length: 100 }, (_, i) => ({
        received: new Date(start + i * 1000),
        author:
          i % 2
            ? { type: 'business', displayName: 'Grace', avatarUrl: 'https://example.com/grace.png' }
            : { type: 'user', userExternalId: 'bench' },
        content: { type: 'text', text: `Message number ${i}: where is my order? It was due yesterday.` },
        metadata: { orderId: `100${i}` },
      })),
    },
  ],
})
process.send({ url: emulator.url, ...emulator.credentials, conversationId: conversations[0].id })
process.on('disconnect', () => process.exit(0))
