/**
 * `createSunshineAdapter`: Sunshine Conversations v2 behind the colloquy ports.
 *
 * @module
 */
import {
  adapterSpecificationVersion,
  type Capabilities,
  type ChatAdapter,
  defineAdapter,
} from '@colloquy/core'
import { webhookVerification } from '@colloquy/http'
import { createSunshineClient } from './client.js'
import type { SunshineAdapterConfig } from './config.js'
import { createContext } from './context.js'
import { createConversationPort } from './conversations.js'
import { createEventPort } from './events.js'
import { createMessagePort } from './messages.js'
import { createParticipantPort } from './participants.js'

/**
 * What the Sunshine adapter can do. `events.verification` is the default; an adapter configured with
 * `verification: 'none'` and no `webhookSecret` reports `'none'`.
 */
export const sunshineCapabilities: Capabilities = {
  // ListConversations requires filter[userId] (reference §2.2).
  conversations: {
    list: 'byUser',
    listByExternalId: true,
    get: true,
    create: true,
    update: true,
    delete: true,
    markRead: true,
    setTyping: true,
  },
  messages: {
    list: true,
    directions: ['backward', 'forward'],
    send: true,
    delete: true,
    deleteAll: true,
    // formResponse cannot be sent through the API; template needs WhatsApp-only `schema`.
    sendableContent: ['text', 'image', 'file', 'location', 'carousel', 'list', 'form'],
    preservesTimestamps: false,
    metadata: true,
  },
  participants: { list: true, join: true, leave: true },
  events: { webhooks: true, verification: 'api-key-header' },
}

/**
 * A {@link ChatAdapter} for Sunshine Conversations v2. Every method returns a `TaskEither` and
 * never throws; see the package README for the vendor mapping.
 */
export const createSunshineAdapter = (config: SunshineAdapterConfig): ChatAdapter => {
  const provider = 'sunshine'
  const context = createContext(provider, createSunshineClient(provider, config), config.appId)
  return defineAdapter({
    specificationVersion: adapterSpecificationVersion,
    provider,
    capabilities: {
      ...sunshineCapabilities,
      events: { webhooks: true, verification: webhookVerification(config) },
    },
    conversations: createConversationPort(context),
    messages: createMessagePort(context),
    participants: createParticipantPort(context),
    events: createEventPort(provider, config),
  })
}
