/**
 * `startSmoochV1Emulator`: the Smooch v1 and v1.1 appUser APIs (`/v1/…` and `/v1.1/…` on one
 * server), written from the vendor's Swagger files and the v1 docs: under `/apps/{appId}/appusers`,
 * and, for app-scoped keys, under the short `/appusers` (reference §3: app-scoped tokens may omit
 * the app).
 *
 * @module
 */
import { appCredentials, checkBasic, checkJwt } from './auth.js'
import type { Faults } from './faults.js'
import { objectIdMaker } from './ids.js'
import type { JsonObject as Json } from './json.js'
import { type EmulatorRequest, type RunningServer, startServer } from './server.js'
import { smoochV1Error, smoochV1Routes } from './smooch-v1-routes.js'
import { createSmoochV1Store, type StoredAppUser } from './smooch-v1-store.js'
import { createWebhookSender, type WebhookDelivery, type WebhookTarget } from './webhooks.js'

/** A webhook of the emulated app; its payloads follow `version` (default `'v1.1'`). */
export interface SmoochV1WebhookTarget extends WebhookTarget {
  readonly version?: 'v1' | 'v1.1'
}

/** Options of {@link startSmoochV1Emulator}; every field has a default. */
export interface SmoochV1EmulatorOptions {
  readonly port?: number
  readonly appId?: string
  readonly keyId?: string
  readonly keySecret?: string
  readonly faults?: Faults
  readonly webhooks?: readonly SmoochV1WebhookTarget[]
  /** Milliseconds since the epoch; default `Date.now`. */
  readonly clock?: () => number
}

/** A message to seed, in the vendor's own fields; `received` is Unix seconds (float) and may repeat. */
export interface SmoochV1SeedMessage extends Json {
  readonly _id?: string
  readonly role: 'appUser' | 'appMaker' | 'whisper'
  readonly type?: string
  readonly text?: string
  readonly received?: number
}

/** History to load, as the vendor would already hold it. */
export interface SmoochV1Seed {
  readonly appUsers?: readonly {
    readonly _id?: string
    readonly userId?: string
    readonly givenName?: string
    readonly surname?: string
    readonly email?: string
    readonly properties?: Json
    /** Oldest first; seeding a message starts the conversation. */
    readonly messages?: readonly SmoochV1SeedMessage[]
    /** Start the conversation even without messages (as after all its messages were deleted). */
    readonly conversationStarted?: boolean
  }[]
}

/** A running Smooch v1/v1.1 emulator. */
export interface SmoochV1Emulator extends RunningServer {
  /** Exactly the vendor part of `createSmoochV1Adapter`'s config. */
  readonly credentials: { readonly appId: string; readonly keyId: string; readonly keySecret: string }
  readonly seed: (
    seed: SmoochV1Seed,
  ) => readonly { readonly _id: string; readonly userId?: string; readonly messageIds: readonly string[] }[]
  /** AppUsers with their conversation and messages, as stored. */
  readonly state: () => { readonly appUsers: readonly Json[] }
  /** An appUser writes: stores the message and delivers the `message:appUser` webhook. */
  readonly simulateCustomerMessage: (input: {
    readonly userId: string
    readonly text?: string
    readonly message?: Json
  }) => Promise<Json>
  readonly webhookDeliveries: () => readonly WebhookDelivery[]
}

export const startSmoochV1Emulator = async (
  options: SmoochV1EmulatorOptions = {},
): Promise<SmoochV1Emulator> => {
  const clock = options.clock ?? Date.now
  const newId = objectIdMaker(clock)
  const { appId, key } = appCredentials(options, newId)
  const store = createSmoochV1Store(clock, newId)
  const { appUserJson, buildMessage, findAppUser, nowSeconds } = store
  const webhookTargets = options.webhooks ?? []

  const webhookBody = (
    target: SmoochV1WebhookTarget,
    trigger: string,
    user: StoredAppUser,
    messages: Json[],
  ) => ({
    trigger,
    app: { _id: appId },
    ...(target.version === 'v1' ? {} : { version: 'v1.1' }),
    messages,
    appUser: appUserJson(user),
  })
  // One sender per target for the version-specific body; the shared log collects them all.
  const deliveries: WebhookDelivery[] = []
  const sendTo = async (trigger: string, user: StoredAppUser, messages: Json[]) => {
    for (const target of webhookTargets) {
      if (target.triggers !== undefined && !target.triggers.includes(trigger)) continue
      const sender = createWebhookSender(() => [target])
      await sender.send(trigger, webhookBody(target, trigger, user, messages))
      deliveries.push(...sender.deliveries())
    }
  }

  const authenticate = async (request: EmulatorRequest) => {
    const header = request.headers.authorization ?? ''
    const version = request.segments[0]
    // Basic auth appears only in the v1.1 spec; the v1 spec declares JWT alone.
    const result =
      header.startsWith('Basic ') && version === 'v1.1'
        ? checkBasic(header, [key], 'app')
        : header.startsWith('Bearer ')
          ? await checkJwt(header, [key], ['app', 'account'])
          : { ok: false as const, reason: 'no credentials' }
    return result.ok ? undefined : smoochV1Error(401, 'unauthorized', 'Authorization is required')
  }

  const server = await startServer({
    port: options.port,
    routes: smoochV1Routes(appId, key, store, sendTo),
    authenticate,
    error: smoochV1Error,
    // v1 documents 413 for large bodies (attachments are capped at 10 MB); JSON posts get 100 KB here.
    maxBodyBytes: 100 * 1024,
    faults: options.faults,
  })

  return {
    ...server,
    credentials: { appId, keyId: key.keyId, keySecret: key.secret },
    seed: store.seed,
    state: store.state,
    simulateCustomerMessage: async (input) => {
      const user = findAppUser(input.userId)
      if (!user) throw new Error(`simulateCustomerMessage: no appUser '${input.userId}'`)
      const message = buildMessage(
        user,
        {
          type: 'text',
          text: input.text ?? 'Hello from a customer',
          ...input.message,
          role: 'appUser',
          source: { type: 'web' },
        },
        nowSeconds(),
      )
      store.storeMessage(user, message)
      await sendTo('message:appUser', user, [message])
      return message
    },
    webhookDeliveries: () => [...deliveries],
  }
}
