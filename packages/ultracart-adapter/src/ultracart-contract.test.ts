import { describeAdapterContract } from '@colloquy/core/testing'
import { startUltraCartEmulator } from '@colloquy/emulators'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import nock from 'nock'

nock.enableNetConnect('127.0.0.1')

for (const auth of ['simple key', 'OAuth token'] as const) {
  describeAdapterContract(`UltraCart adapter (${auth}) against the emulator`, async () => {
    const emulator = await startUltraCartEmulator()
    const credentials = auth === 'simple key' ? emulator.credentials : { accessToken: emulator.accessToken }
    // The vendor's budget (1,000 requests an hour, one at a time) would make a test run take hours.
    const adapter = createUltraCartAdapter({
      ...credentials,
      baseUrl: emulator.url,
      retry: false,
      rateLimit: false,
      verification: 'none',
    })
    const start = Date.parse('2026-01-01T00:00:00Z')
    let seeded = 0
    return {
      adapter,
      requestCount: () => emulator.requests().length,
      joinUserId: emulator.agent.arn,
      seedConversation: async ({ messageCount }) => {
        const customer = {
          arn: `arn:ultracart:DEMO:participant/contract-${++seeded}`,
          name: `Customer ${seeded}`,
        }
        const [conversation] = emulator.seed({
          conversations: [
            {
              participants: [customer],
              includeAgent: false,
              messages: Array.from({ length: messageCount }, (_, i) => ({
                authorArn: customer.arn,
                body: `message ${i + 1}`,
                messageEpoch: start + i * 1000,
              })),
            },
          ],
        })
        return {
          conversationId: conversation?.uuid ?? '',
          userId: customer.arn,
          messageIds: conversation?.messageUuids ?? [],
        }
      },
      appendMessages: async (conversationUuid, count) => {
        for (let i = 0; i < count; i++)
          await emulator.simulateCustomerMessage({ conversationUuid, body: `appended ${i}` })
      },
      sampleEvent: {
        body: JSON.stringify({
          type: 'event',
          event_type: 'new message',
          conversation_uuid: '0f3c2a9e-6c1d-4b8e-9a51-2d7f5e0b8c11',
          message: {
            conversation_message_uuid: '9d1e0000-0000-4000-8000-000000000001',
            author_conversation_participant_arn: 'arn:example:participant/jane',
            body: 'Where is my order?',
            type: 'message',
            message_epoch: 1714586591000,
          },
        }),
      },
      close: () => emulator.close(),
    }
  })
}
