// Child process of list-messages.mjs: a Smooch emulator holding one appUser with 100 messages.
import { startSmoochV1Emulator } from '@colloquy/emulators'

const emulator = await startSmoochV1Emulator()
const start = Date.UTC(2026, 0, 1) / 1000
const [appUser] = emulator.seed({
  appUsers: [
    {
      userId: 'bench',
      givenName: 'Ada',
      messages: Array.from({ length: 100 }, (_, i) => ({
        role: i % 2 ? 'appMaker' : 'appUser',
        name: i % 2 ? 'Grace' : 'Ada',
        text: `Message number ${i}: where is my order? It was due yesterday.`,
        received: start + i + 0.123,
        metadata: { orderId: `100${i}` },
      })),
    },
  ],
})
process.send({ url: emulator.url, ...emulator.credentials, userId: appUser._id })
process.on('disconnect', () => process.exit(0))
