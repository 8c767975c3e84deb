// webhook-handler.ts: one handler for every framework below.
import { createWebhookHandler } from '@colloquy/core'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { handleChatEvent } from './chat-events.js'

export const sunshineWebhooks = createWebhookHandler({
  adapter: createSunshineAdapter({
    appId: process.env.SUNSHINE_APP_ID ?? '',
    keyId: process.env.SUNSHINE_KEY_ID ?? '',
    keySecret: process.env.SUNSHINE_KEY_SECRET ?? '',
    // Sunshine sends it in X-API-Key; without it every webhook is refused.
    webhookSecret: process.env.SUNSHINE_WEBHOOK_SECRET,
  }),
  // Once per new event, in order; a throw makes Sunshine deliver the request again.
  onEvent: handleChatEvent,
})
