/**
 * `createUltraCartAdapter`: UltraCart's REST v2 Conversation API behind the colloquy ports.
 *
 * @module
 */
import {
  adapterSpecificationVersion,
  type Capabilities,
  type ChatAdapter,
  defineAdapter,
} from '@colloquy/core'
import { createAgentDirectory } from './agents.js'
import { createUltraCartClient } from './client.js'
import { type UltraCartAdapterConfig, ultraCartDefaults } from './config.js'
import { createContext } from './context.js'
import { createConversationPort } from './conversations.js'
import { createEventPort } from './events.js'
import { createExtras, type UltraCartExtras } from './extras.js'
import { createMessagePort } from './messages.js'
import { createParticipantPort } from './participants.js'

/** What the UltraCart adapter can do: history and lifecycle over REST, no sending. */
export const ultraCartCapabilities: Capabilities = {
  conversations: {
    list: 'all',
    get: true,
    create: true,
    update: false,
    delete: false,
    markRead: true,
    setTyping: false,
  },
  // Messages-since walks forward only; sending and deleting have no REST endpoint.
  messages: {
    list: true,
    directions: ['forward'],
    send: false,
    delete: false,
    deleteAll: false,
    sendableContent: [],
    preservesTimestamps: false,
    metadata: false,
  },
  participants: { list: true, join: true, leave: true },
  events: { webhooks: false, verification: 'none' },
}

/** The UltraCart adapter: a {@link ChatAdapter} plus {@link UltraCartExtras} under `ultracart`. */
export type UltraCartAdapter = ChatAdapter & { readonly ultracart: UltraCartExtras }

/**
 * A {@link ChatAdapter} for UltraCart's Conversation API. Every method returns a `TaskEither` and
 * never throws. By default requests are never concurrent and stay within 1,000 per hour, the
 * vendor's budget (`rateLimit` overrides it).
 */
export const createUltraCartAdapter = (config: UltraCartAdapterConfig): UltraCartAdapter => {
  const provider = 'ultracart'
  const context = createContext(provider, createUltraCartClient(provider, config))
  const agents = createAgentDirectory(context, {
    ...(config.agentArns ? { agentArns: config.agentArns } : {}),
    cacheMs: config.agentCacheMs ?? ultraCartDefaults.agentCacheMs,
  })
  return defineAdapter({
    specificationVersion: adapterSpecificationVersion,
    provider,
    capabilities: ultraCartCapabilities,
    conversations: createConversationPort(context, agents, {
      ...(config.medium ? { medium: config.medium } : {}),
      ...(config.webchatQueueUuid ? { webchatQueueUuid: config.webchatQueueUuid } : {}),
    }),
    messages: createMessagePort(context, agents),
    participants: createParticipantPort(context, agents),
    events: createEventPort(provider, agents, config.verification),
    ultracart: createExtras(context),
  })
}
