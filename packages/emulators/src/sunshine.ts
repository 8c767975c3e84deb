/**
 * `startSunshineEmulator`: Sunshine Conversations v2 (`/v2/apps/{appId}/…`) on loopback, written
 * from the vendor's OpenAPI file and reference notes.
 *
 * @module
 */
import { appCredentials, checkBasic, checkJwt } from './auth.js'
import type { Faults } from './faults.js'
import { objectIdMaker } from './ids.js'
import type { JsonObject as Json } from './json.js'
import { type EmulatorRequest, type RunningServer, startServer } from './server.js'
import { sunshineError } from './sunshine-answers.js'
import { sunshineRoutes } from './sunshine-routes.js'
import { createSunshineStore } from './sunshine-store.js'
import { createWebhookSender, type WebhookDelivery, type WebhookTarget } from './webhooks.js'

/** Options of {@link startSunshineEmulator}; every field has a default. */
export interface SunshineEmulatorOptions {
  readonly port?: number
  readonly appId?: string
  readonly keyId?: string
  readonly keySecret?: string
  readonly faults?: Faults
  readonly webhooks?: readonly WebhookTarget[]
  /** Milliseconds since the epoch; default `Date.now`. */
  readonly clock?: () => number
}

/** A message to seed: the vendor's own message fields; `id` and `received` are generated when absent. */
export interface SunshineSeedMessage {
  readonly id?: string
  readonly received?: string | Date
  readonly author: Json & { readonly type: 'user' | 'business' }
  readonly content: Json & { readonly type: string }
  readonly metadata?: Json
  readonly source?: Json
}

/** History to load, as the vendor would already hold it. */
export interface SunshineSeed {
  readonly users?: readonly {
    readonly id?: string
    readonly externalId?: string
    readonly profile?: Json
    readonly metadata?: Json
  }[]
  readonly conversations?: readonly {
    readonly id?: string
    readonly type?: 'personal' | 'sdkGroup'
    readonly isDefault?: boolean
    readonly displayName?: string
    readonly description?: string
    readonly metadata?: Json
    /** Users by `userId` or `userExternalId`; they must exist (seed them in `users`). */
    readonly participants?: readonly { readonly userId?: string; readonly userExternalId?: string }[]
    /** Oldest first. */
    readonly messages?: readonly SunshineSeedMessage[]
  }[]
}

/** Ids of what {@link SunshineEmulator.seed} created, in seed order. */
export interface SunshineSeedResult {
  readonly users: readonly string[]
  readonly conversations: readonly { readonly id: string; readonly messageIds: readonly string[] }[]
}

/** A running Sunshine emulator. */
export interface SunshineEmulator extends RunningServer {
  /** Exactly the vendor part of `createSunshineAdapter`'s config. */
  readonly credentials: { readonly appId: string; readonly keyId: string; readonly keySecret: string }
  readonly seed: (seed: SunshineSeed) => SunshineSeedResult
  /** Users and conversations (with participants and messages) as stored. */
  readonly state: () => { readonly users: readonly Json[]; readonly conversations: readonly Json[] }
  /** A customer writes: stores a `user` message and delivers the `conversation:message` webhook. */
  readonly simulateCustomerMessage: (input: {
    readonly conversationId: string
    /** Default: the conversation's first participant. */
    readonly userId?: string
    readonly content?: Json & { readonly type: string }
    readonly text?: string
  }) => Promise<Json>
  readonly webhookDeliveries: () => readonly WebhookDelivery[]
}

export const startSunshineEmulator = async (
  options: SunshineEmulatorOptions = {},
): Promise<SunshineEmulator> => {
  const clock = options.clock ?? Date.now
  const newId = objectIdMaker(clock)
  const { appId, key } = appCredentials(options, newId)
  const webhookId = newId()
  const store = createSunshineStore(clock, newId)
  const { conversations, findUser, now, storeMessage } = store
  const webhooks = createWebhookSender(() => options.webhooks ?? [])

  const emit = (type: string, payload: Json) => {
    if ((options.webhooks ?? []).length === 0) return Promise.resolve()
    return webhooks.send(type, {
      app: { id: appId },
      webhook: { id: webhookId, version: 'v2' },
      events: [{ id: newId(), createdAt: now(), type, payload }],
    })
  }

  const authenticate = async (request: EmulatorRequest) => {
    const header = request.headers.authorization ?? ''
    const result = header.startsWith('Basic ')
      ? checkBasic(header, [key], 'app')
      : header.startsWith('Bearer ')
        ? await checkJwt(header, [key], ['app', 'account', 'integration'])
        : { ok: false as const, reason: 'no credentials' }
    return result.ok ? undefined : sunshineError(401, 'unauthorized', 'Authorization is required')
  }

  const server = await startServer({
    port: options.port,
    routes: sunshineRoutes(appId, store, emit),
    authenticate,
    error: sunshineError,
    // "JSON bodies up to 100 kb" (Sunshine v2 limits).
    maxBodyBytes: 100 * 1024,
    faults: options.faults,
  })

  return {
    ...server,
    credentials: { appId, keyId: key.keyId, keySecret: key.secret },
    seed: store.seed,
    state: store.state,
    simulateCustomerMessage: async (input) => {
      const conversation = conversations.get(input.conversationId)
      if (!conversation) throw new Error(`simulateCustomerMessage: no conversation '${input.conversationId}'`)
      const userId = input.userId ?? conversation.participants[0]?.userId
      const user = userId === undefined ? undefined : findUser(userId)
      if (!user) throw new Error('simulateCustomerMessage: the conversation has no such user')
      const profile = user.profile as Json
      const message: Json = {
        id: newId(),
        received: now(),
        author: {
          type: 'user',
          userId: user.id,
          ...(user.externalId ? { userExternalId: user.externalId } : {}),
          ...(typeof profile.givenName === 'string' ? { displayName: profile.givenName } : {}),
        },
        content: input.content ?? { type: 'text', text: input.text ?? 'Hello from a customer' },
        source: { type: 'web' },
      }
      storeMessage(conversation, message)
      await emit('conversation:message', {
        conversation: { id: conversation.id, type: conversation.type },
        message,
      })
      return message
    },
    webhookDeliveries: webhooks.deliveries,
  }
}
