import { readFileSync } from 'node:fs'
import { describeAdapterContract } from '@colloquy/core/testing'
import { startSunshineEmulator } from '@colloquy/emulators'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import nock from 'nock'

nock.enableNetConnect('127.0.0.1')
const webhookExample = readFileSync(
  new URL('./__fixtures__/webhook.conversation-message.json', import.meta.url),
  'utf8',
)

for (const auth of ['basic', 'jwt'] as const) {
  describeAdapterContract(`Sunshine adapter (${auth} auth) against the emulator`, async () => {
    const emulator = await startSunshineEmulator()
    const adapter = createSunshineAdapter({
      ...emulator.credentials,
      baseUrl: emulator.url,
      auth,
      retry: false,
      webhookSecret: 'contract-webhook-secret',
    })
    const start = Date.parse('2026-01-01T00:00:00Z')
    let seeded = 0
    const { users } = emulator.seed({ users: [{ externalId: 'contract-joiner' }] })
    return {
      adapter,
      requestCount: () => emulator.requests().length,
      joinUserId: users[0],
      seedConversation: async ({ messageCount }) => {
        const externalId = `contract-seed-${++seeded}`
        const {
          users: [userId],
          conversations: [conversation],
        } = emulator.seed({
          users: [{ externalId }],
          // Group conversations, so the suite's join/leave applies (Sunshine joins sdkGroup only).
          conversations: [
            {
              type: 'sdkGroup',
              participants: [{ userExternalId: externalId }],
              messages: Array.from({ length: messageCount }, (_, i) => ({
                received: new Date(start + i * 1000),
                author: { type: 'user' as const, userExternalId: externalId },
                content: { type: 'text', text: `message ${i + 1}` },
              })),
            },
          ],
        })
        return { conversationId: conversation?.id ?? '', userId, messageIds: conversation?.messageIds ?? [] }
      },
      sampleEvent: { headers: { 'x-api-key': 'contract-webhook-secret' }, body: webhookExample },
      close: () => emulator.close(),
    }
  })
}
