/**
 * `startUltraCartEmulator`: UltraCart's REST v2 Conversation API (`/rest/v2/conversation/…`) on
 * loopback, written from the spec rebuilt from UltraCart's SDKs and the reference notes. The agent
 * websocket is not emulated (its protocol is undocumented); `simulateCustomerMessage` returns the
 * `ConversationWebsocketMessage` frame an agent would receive instead.
 *
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Faults } from './faults.js'
import { uuidMaker } from './ids.js'
import type { JsonObject as Json } from './json.js'
import { type EmulatorRequest, type RunningServer, startServer } from './server.js'
import { ultraCartError, ultraCartRoutes } from './ultracart-routes.js'
import { createUltraCartStore } from './ultracart-store.js'

/** Options of {@link startUltraCartEmulator}; every field has a default. */
export interface UltraCartEmulatorOptions {
  readonly port?: number
  readonly simpleKey?: string
  /** An OAuth access token accepted as `Authorization: Bearer`. */
  readonly accessToken?: string
  readonly merchantId?: string
  /** The agent the credentials belong to. */
  readonly agent?: { readonly arn: string; readonly name: string }
  readonly faults?: Faults
  /** Milliseconds since the epoch; default `Date.now`. */
  readonly clock?: () => number
}

/** A message to seed; `message_epoch` (ms) may repeat. */
export interface UltraCartSeedMessage {
  readonly uuid?: string
  readonly authorArn: string
  readonly body: string
  readonly messageEpoch?: number
  readonly type?: 'message' | 'notice' | 'engagement prompt'
  readonly mediaUrls?: readonly string[]
}

/** History to load, as the vendor would already hold it. */
export interface UltraCartSeed {
  readonly conversations?: readonly {
    readonly uuid?: string
    readonly medium?: 'websocket' | 'sms'
    readonly closed?: boolean
    /** The customer (and any other agents); the emulator's agent is added when `includeAgent` (default true). */
    readonly participants?: readonly {
      readonly arn: string
      readonly name: string
      readonly email?: string
    }[]
    readonly includeAgent?: boolean
    /** Ordered by `messageEpoch` when stored. */
    readonly messages?: readonly UltraCartSeedMessage[]
  }[]
}

/** A running UltraCart emulator. */
export interface UltraCartEmulator extends RunningServer {
  /** `…/rest/v2`: the adapter's `baseUrl`. */
  readonly url: string
  /** Exactly the vendor part of `createUltraCartAdapter`'s config. */
  readonly credentials: { readonly simpleKey: string }
  readonly accessToken: string
  readonly agent: { readonly arn: string; readonly name: string }
  readonly seed: (
    seed: UltraCartSeed,
  ) => readonly { readonly uuid: string; readonly messageUuids: readonly string[] }[]
  /** Conversations with participants and messages, and queue statuses, as stored. */
  readonly state: () => { readonly conversations: readonly Json[]; readonly queues: readonly Json[] }
  /** A customer writes: stores the message and returns it with the websocket frame an agent would get. */
  readonly simulateCustomerMessage: (input: {
    readonly conversationUuid: string
    readonly body: string
    /** Default: the first participant who is not the agent. */
    readonly authorArn?: string
  }) => Promise<{ readonly message: Json; readonly frame: Json }>
}

export const startUltraCartEmulator = async (
  options: UltraCartEmulatorOptions = {},
): Promise<UltraCartEmulator> => {
  const clock = options.clock ?? Date.now
  const newUuid = uuidMaker(0x0c)
  const simpleKey = options.simpleKey ?? randomBytes(24).toString('hex')
  const accessToken = options.accessToken ?? randomBytes(24).toString('base64url')
  const merchantId = options.merchantId ?? 'DEMO'
  const agent = options.agent ?? { arn: `arn:ultracart:${merchantId}:participant/agent-1`, name: 'Agent One' }
  const store = createUltraCartStore({ clock, newUuid, merchantId, agent })
  const { conversations, storeMessage, summaryJson } = store

  const same = (a: string, b: string) =>
    a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))
  const authenticate = (request: EmulatorRequest) => {
    const key = request.headers['x-ultracart-simple-key']
    const authorization = request.headers.authorization ?? ''
    const accepted =
      (typeof key === 'string' && same(key, simpleKey)) ||
      (authorization.startsWith('Bearer ') && same(authorization.slice('Bearer '.length), accessToken))
    return accepted ? undefined : ultraCartError(401, 'unauthorized', 'Invalid credentials supplied')
  }

  const server = await startServer({
    port: options.port,
    basePath: '/rest/v2',
    routes: ultraCartRoutes(store, { merchantId, agent, newUuid }),
    authenticate,
    error: ultraCartError,
    maxBodyBytes: 1024 * 1024,
    faults: options.faults,
  })

  return {
    ...server,
    credentials: { simpleKey },
    accessToken,
    agent,
    seed: store.seed,
    state: store.state,
    simulateCustomerMessage: async (input) => {
      const conversation = conversations.get(input.conversationUuid)
      if (!conversation)
        throw new Error(`simulateCustomerMessage: no conversation '${input.conversationUuid}'`)
      const authorArn =
        input.authorArn ??
        conversation.participants.find((p) => p.conversation_participant_arn !== agent.arn)
          ?.conversation_participant_arn
      if (authorArn === undefined)
        throw new Error('simulateCustomerMessage: the conversation has no customer')
      const message = storeMessage(conversation, { authorArn, body: input.body })
      const frame = {
        type: 'event',
        event_type: 'new message',
        conversation_uuid: conversation.uuid,
        conversation_arn: conversation.arn,
        message,
        event_new_message: summaryJson(conversation),
      }
      return { message, frame }
    },
  }
}
