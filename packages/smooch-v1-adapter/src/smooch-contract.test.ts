import { describeAdapterContract } from '@colloquy/core/testing'
import { startSmoochV1Emulator } from '@colloquy/emulators'
import { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'
import nock from 'nock'

nock.enableNetConnect('127.0.0.1')

const webhook = JSON.stringify({
  trigger: 'message:appUser',
  app: { _id: '5698edbf2a43bd081be982f1' },
  version: 'v1.1',
  messages: [
    {
      text: 'Hi! Do you have time to chat?',
      type: 'text',
      role: 'appUser',
      received: 1547492967.683,
      name: 'Steve',
      authorId: 'f341b4d4ff879cbc04a7ac63',
      _id: '5c3cde67eef2c036b9af23db',
      source: { type: 'messenger' },
    },
  ],
  appUser: { _id: 'f341b4d4ff879cbc04a7ac63', conversationStarted: true },
})

for (const apiVersion of ['v1.1', 'v1'] as const) {
  describeAdapterContract(`Smooch ${apiVersion} adapter against the emulator`, async () => {
    const emulator = await startSmoochV1Emulator()
    const adapter = createSmoochV1Adapter({
      ...emulator.credentials,
      baseUrl: emulator.url,
      apiVersion,
      retry: false,
      webhookSecret: 'contract-secret',
    })
    const start = 1_767_225_600
    let seeded = 0
    return {
      adapter,
      requestCount: () => emulator.requests().length,
      seedConversation: async ({ messageCount }) => {
        const [appUser] = emulator.seed({
          appUsers: [
            {
              userId: `contract-seed-${++seeded}`,
              conversationStarted: true,
              messages: Array.from({ length: messageCount }, (_, i) => ({
                role: 'appUser' as const,
                text: `message ${i + 1}`,
                received: start + i,
              })),
            },
          ],
        })
        return {
          conversationId: appUser?._id ?? '',
          userId: appUser?._id,
          messageIds: appUser?.messageIds ?? [],
        }
      },
      sampleEvent: { headers: { 'x-api-key': 'contract-secret' }, body: webhook },
      close: () => emulator.close(),
    }
  })
}
