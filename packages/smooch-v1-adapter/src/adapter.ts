/**
 * `createSmoochV1Adapter`: Smooch v1 / v1.1 behind the colloquy ports.
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
import { createSmoochV1Client } from './client.js'
import { type SmoochV1AdapterConfig, smoochV1Defaults } from './config.js'
import { createContext } from './context.js'
import { createConversationPort } from './conversations.js'
import { createEventPort } from './events.js'
import { createMessagePort } from './messages.js'
import { createParticipantPort } from './participants.js'

/**
 * What the Smooch v1 adapter can do. `events.verification` is the default; an adapter configured with
 * `verification: 'none'` and no `webhookSecret` reports `'none'`.
 */
export const smoochV1Capabilities: Capabilities = {
  // One conversation per appUser, keyed by the appUser: nothing to list, update or delete.
  conversations: {
    list: false,
    get: true,
    create: true,
    update: false,
    delete: false,
    markRead: true,
    setTyping: true,
  },
  messages: {
    list: true,
    directions: ['backward', 'forward'],
    send: true,
    delete: true,
    deleteAll: true,
    sendableContent: ['text', 'image', 'file', 'location', 'carousel', 'list', 'form'],
    preservesTimestamps: false,
    metadata: true,
  },
  participants: { list: true, join: false, leave: false },
  events: { webhooks: true, verification: 'api-key-header' },
}

/**
 * A {@link ChatAdapter} for Smooch v1 / v1.1, where a conversation is an appUser's single
 * conversation and its id is the appUser id. Every method returns a `TaskEither` and never throws.
 */
export const createSmoochV1Adapter = (config: SmoochV1AdapterConfig): ChatAdapter => {
  const provider = 'smooch-v1'
  const context = createContext(
    provider,
    createSmoochV1Client(provider, config),
    config.apiVersion ?? smoochV1Defaults.apiVersion,
    config.appId,
  )
  return defineAdapter({
    specificationVersion: adapterSpecificationVersion,
    provider,
    capabilities: {
      ...smoochV1Capabilities,
      events: { webhooks: true, verification: webhookVerification(config) },
    },
    conversations: createConversationPort(context),
    messages: createMessagePort(context),
    participants: createParticipantPort(context),
    events: createEventPort(provider, config),
  })
}
