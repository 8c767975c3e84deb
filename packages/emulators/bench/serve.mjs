// Child process of throughput.mjs: starts the three emulators with one 100-message conversation
// each and reports where they are.
import { startSmoochV1Emulator, startSunshineEmulator, startUltraCartEmulator } from '@colloquy/emulators'

const start = Date.UTC(2026, 0, 1)
const text = (i) => `Message number ${i}: where is my order? It was due yesterday.`

const sunshine = await startSunshineEmulator()
const { conversations } = sunshine.seed({
  users: [{ externalId: 'bench' }],
  conversations: [
    {
      participants: [{ userExternalId: 'bench' }],
      messages: Array.from({ length: 100 }, (_, i) => ({
        received: new Date(start + i * 1000),
        author: { type: 'user', userExternalId: 'bench' },
        content: { type: 'text', text: text(i) },
      })),
    },
  ],
})
const smooch = await startSmoochV1Emulator()
smooch.seed({
  appUsers: [
    {
      userId: 'bench',
      messages: Array.from({ length: 100 }, (_, i) => ({
        role: 'appUser',
        text: text(i),
        received: start / 1000 + i,
      })),
    },
  ],
})
const ultracart = await startUltraCartEmulator()
const jane = { arn: 'arn:ultracart:DEMO:participant/jane', name: 'Jane' }
const [uc] = ultracart.seed({
  conversations: [
    {
      participants: [jane],
      messages: Array.from({ length: 100 }, (_, i) => ({
        authorArn: jane.arn,
        body: text(i),
        messageEpoch: start + i * 1000,
      })),
    },
  ],
})

process.send({
  sunshine: { url: sunshine.url, ...sunshine.credentials, conversationId: conversations[0].id },
  smooch: { url: smooch.url, ...smooch.credentials },
  ultracart: { url: ultracart.url, ...ultracart.credentials, conversationUuid: uc.uuid },
})
process.on('disconnect', () => process.exit(0))
