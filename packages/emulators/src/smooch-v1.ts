/**
 * `startSmoochV1Emulator`: the Smooch v1 and v1.1 appUser APIs (`/v1/…` and `/v1.1/…` on one
 * server), written from the vendor's Swagger files and the v1 docs: under `/apps/{appId}/appusers`,
 * and, for app-scoped keys, under the short `/appusers` (reference §3: app-scoped tokens may omit
 * the app).
 *
 * @module
 */
import { createHash } from 'node:crypto'
import { appCredentials, checkBasic, checkJwt } from './auth.js'
import type { Faults } from './faults.js'
import { objectIdMaker } from './ids.js'
import { isRecord, type JsonObject as Json } from './json.js'
import {
  type EmulatorRequest,
  type EmulatorResponse,
  type Handler,
  type RunningServer,
  startServer,
} from './server.js'
import { createWebhookSender, type WebhookDelivery, type WebhookTarget } from './webhooks.js'

/** A webhook of the emulated app; its payloads follow `version` (default `'v1.1'`). */
export interface SmoochWebhookTarget extends WebhookTarget {
  readonly version?: 'v1' | 'v1.1'
}

/** Options of {@link startSmoochV1Emulator}; every field has a default. */
export interface SmoochV1EmulatorOptions {
  readonly port?: number
  readonly appId?: string
  readonly keyId?: string
  readonly keySecret?: string
  readonly faults?: Faults
  readonly webhooks?: readonly SmoochWebhookTarget[]
  /** Milliseconds since the epoch; default `Date.now`. */
  readonly clock?: () => number
}

/** A message to seed, in the vendor's own fields; `received` is Unix seconds (float) and may repeat. */
export interface SmoochSeedMessage extends Json {
  readonly _id?: string
  readonly role: 'appUser' | 'appMaker' | 'whisper'
  readonly type?: string
  readonly text?: string
  readonly received?: number
}

/** History to load, as the vendor would already hold it. */
export interface SmoochSeed {
  readonly appUsers?: readonly {
    readonly _id?: string
    readonly userId?: string
    readonly givenName?: string
    readonly surname?: string
    readonly email?: string
    readonly properties?: Json
    /** Oldest first; seeding a message starts the conversation. */
    readonly messages?: readonly SmoochSeedMessage[]
    /** Start the conversation even without messages (as after all its messages were deleted). */
    readonly conversationStarted?: boolean
  }[]
}

/** A running Smooch v1/v1.1 emulator. */
export interface SmoochV1Emulator extends RunningServer {
  /** Exactly the vendor part of `createSmoochV1Adapter`'s config. */
  readonly credentials: { readonly appId: string; readonly keyId: string; readonly keySecret: string }
  readonly seed: (
    seed: SmoochSeed,
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

interface StoredAppUser {
  readonly _id: string
  readonly userId?: string
  givenName?: string
  surname?: string
  email?: string
  signedUpAt: string
  properties: Json
  conversation?: { readonly _id: string; unreadCount: number }
  /** Ordered by `received`, ties in arrival order. */
  messages: Json[]
}

const sendableTypes = new Set(['text', 'image', 'file', 'carousel', 'list', 'location', 'form'])
const defaultAvatar = 'https://www.gravatar.com/avatar/00000000000000000000000000000000.png?s=200&d=mm'
const pageSize = 100
const optionalFields = [
  'email',
  'mediaUrl',
  'mediaType',
  'metadata',
  'items',
  'actions',
  'payload',
  'displaySettings',
  'blockChatInput',
  'fields',
  'coordinates',
  'location',
] as const

export const startSmoochV1Emulator = async (
  options: SmoochV1EmulatorOptions = {},
): Promise<SmoochV1Emulator> => {
  const clock = options.clock ?? Date.now
  const newId = objectIdMaker(clock)
  const { appId, key } = appCredentials(options, newId)
  const appUsers = new Map<string, StoredAppUser>()
  const webhookTargets = options.webhooks ?? []
  // Unix seconds with millisecond precision, as `received` is documented.
  const nowSeconds = () => Math.round(clock()) / 1000

  const error = (status: number, code: string, description: string): EmulatorResponse => ({
    status,
    body: { error: { code, description } },
  })
  const ok = (body: unknown, status = 200): EmulatorResponse => ({
    status,
    ...(body === undefined ? {} : { body }),
  })

  const findAppUser = (id: string) => appUsers.get(id) ?? [...appUsers.values()].find((u) => u.userId === id)

  const appUserJson = (user: StoredAppUser): Json => ({
    _id: user._id,
    ...(user.userId === undefined ? {} : { userId: user.userId }),
    ...(user.givenName === undefined ? {} : { givenName: user.givenName }),
    ...(user.surname === undefined ? {} : { surname: user.surname }),
    ...(user.email === undefined ? {} : { email: user.email }),
    signedUpAt: user.signedUpAt,
    properties: user.properties,
    conversationStarted: user.conversation !== undefined,
    clients: [],
    pendingClients: [],
  })
  const conversationJson = (user: StoredAppUser) => ({
    _id: user.conversation?._id ?? '',
    unreadCount: user.conversation?.unreadCount ?? 0,
  })

  const createAppUser = (input: Json & { _id?: string }): StoredAppUser => {
    const user: StoredAppUser = {
      _id: input._id ?? newId(),
      ...(typeof input.userId === 'string' ? { userId: input.userId } : {}),
      ...(typeof input.givenName === 'string' ? { givenName: input.givenName } : {}),
      ...(typeof input.surname === 'string' ? { surname: input.surname } : {}),
      ...(typeof input.email === 'string' ? { email: input.email } : {}),
      signedUpAt: new Date(clock()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      properties: isRecord(input.properties) ? input.properties : {},
      messages: [],
    }
    appUsers.set(user._id, user)
    return user
  }

  /** The message as the vendor stores it: required fields always present (the spec requires them). */
  const buildMessage = (user: StoredAppUser, input: Json, received: number): Json => {
    const role = input.role as string
    const name =
      typeof input.name === 'string'
        ? input.name
        : role === 'appUser'
          ? [user.givenName, user.surname].filter(Boolean).join(' ') || 'Anonymous'
          : 'Business'
    // appMaker messages are authored by a hash of the appMaker's email (v1 docs).
    const authorId =
      role === 'appUser'
        ? user._id
        : createHash('sha1')
            .update(String(input.email ?? name))
            .digest('hex')
            .slice(0, 24)
    const message: Json = {
      _id: typeof input._id === 'string' ? input._id : newId(),
      authorId,
      role,
      type: typeof input.type === 'string' ? input.type : 'text',
      name,
      text: typeof input.text === 'string' ? input.text : '',
      avatarUrl: typeof input.avatarUrl === 'string' ? input.avatarUrl : defaultAvatar,
      received,
      source: isRecord(input.source) ? input.source : { type: 'api' },
    }
    for (const field of optionalFields) if (input[field] !== undefined) message[field] = input[field]
    return message
  }

  const store = (user: StoredAppUser, message: Json) => {
    user.conversation ??= { _id: newId(), unreadCount: 0 }
    const received = message.received as number
    // Keep `received` order; equal values stay in arrival order.
    let index = user.messages.length
    while (index > 0 && (user.messages[index - 1]?.received as number) > received) index--
    user.messages.splice(index, 0, message)
    if (message.role === 'appUser') user.conversation.unreadCount++
  }

  const webhookBody = (
    target: SmoochWebhookTarget,
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

  const messageProblem = (input: Json): string | undefined => {
    if (input.role !== 'appUser' && input.role !== 'appMaker') return "role must be 'appUser' or 'appMaker'"
    const type = input.type
    if (typeof type !== 'string' || !sendableTypes.has(type))
      return `type must be one of ${[...sendableTypes].join(', ')}`
    const items = input.items
    switch (type) {
      case 'text':
        return typeof input.text === 'string' && input.text.trim() !== '' ? undefined : 'text is required'
      case 'image':
      case 'file':
        return typeof input.mediaUrl === 'string' ? undefined : 'mediaUrl is required'
      case 'carousel':
      case 'list':
        return Array.isArray(items) &&
          items.length > 0 &&
          items.every((i) => isRecord(i) && typeof i.title === 'string' && Array.isArray(i.actions))
          ? undefined
          : 'items must be a non-empty array of items with title and actions'
      case 'location':
        return isRecord(input.coordinates) &&
          typeof input.coordinates.lat === 'number' &&
          typeof input.coordinates.long === 'number'
          ? undefined
          : 'coordinates {lat, long} are required'
      case 'form':
        return Array.isArray(input.fields) && input.fields.length > 0 ? undefined : 'fields are required'
    }
    return undefined
  }

  const seed: SmoochV1Emulator['seed'] = (data) =>
    (data.appUsers ?? []).map((input) => {
      const user = createAppUser(input)
      if (input.conversationStarted) user.conversation = { _id: newId(), unreadCount: 0 }
      const messageIds = (input.messages ?? []).map((message) => {
        const stored = buildMessage(user, message, message.received ?? nowSeconds())
        store(user, stored)
        return stored._id as string
      })
      return { _id: user._id, ...(user.userId === undefined ? {} : { userId: user.userId }), messageIds }
    })

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
    return result.ok ? undefined : error(401, 'unauthorized', 'Authorization is required')
  }

  const body = (request: EmulatorRequest): Json => (isRecord(request.body) ? request.body : {})
  const withApp = (handle: (request: EmulatorRequest) => EmulatorResponse) => (request: EmulatorRequest) =>
    request.params.appId === appId ? handle(request) : error(404, 'not_found', 'App not found')
  const withAppUser =
    (
      handle: (user: StoredAppUser, request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>,
    ) =>
    (request: EmulatorRequest) => {
      if (request.params.appId !== appId) return error(404, 'not_found', 'App not found')
      const user = findAppUser(request.params.userId ?? '')
      return user ? handle(user, request) : error(404, 'not_found', 'AppUser not found')
    }
  const withConversation = (
    handle: (user: StoredAppUser, request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>,
  ) =>
    withAppUser((user, request) =>
      user.conversation ? handle(user, request) : error(404, 'not_found', 'Conversation not found'),
    )

  const versionRoutes = (version: 'v1' | 'v1.1') => {
    const base = `/${version}/apps/:appId/appusers`
    return {
      [`POST ${base}`]: withApp((request) => {
        const input = body(request)
        if (typeof input.userId !== 'string' || input.userId === '')
          return error(400, 'bad_request', 'userId is required')
        if (findAppUser(input.userId))
          return error(409, 'conflict', 'An appUser with this userId already exists')
        return ok({ appUser: appUserJson(createAppUser(input)) }, 201)
      }),
      [`GET ${base}/:userId`]: withAppUser((user) => ok({ appUser: appUserJson(user) })),
      [`PUT ${base}/:userId`]: withAppUser((user, request) => {
        const input = body(request)
        for (const field of ['givenName', 'surname', 'email'] as const) {
          if (typeof input[field] === 'string') user[field] = input[field] as string
        }
        if (isRecord(input.properties)) user.properties = { ...user.properties, ...input.properties }
        return ok({ appUser: appUserJson(user) })
      }),
      [`DELETE ${base}/:userId`]: withAppUser((user) => {
        appUsers.delete(user._id)
        return ok(undefined)
      }),
      [`GET ${base}/:userId/messages`]: withConversation((user, request) => {
        const before = request.query.get('before')
        const after = request.query.get('after')
        if (before !== null && after !== null)
          return error(400, 'bad_request', 'before and after are mutually exclusive')
        const bound = Number(before ?? after ?? Number.NaN)
        if ((before ?? after) !== null && !Number.isFinite(bound))
          return error(400, 'bad_request', 'before/after must be a Unix timestamp')
        // Both bounds are exclusive: a message received exactly at the bound is not returned.
        const all = user.messages
        const candidates =
          after !== null
            ? all.filter((m) => (m.received as number) > bound)
            : before !== null
              ? all.filter((m) => (m.received as number) < bound)
              : all
        const page = after !== null ? candidates.slice(0, pageSize) : candidates.slice(-pageSize)
        const url = `${request.baseUrl}/${request.segments.map(encodeURIComponent).join('/')}`
        // `next` continues in the direction asked (inferred: the vendor documents only `next`).
        const next =
          candidates.length > pageSize
            ? after !== null
              ? `${url}?after=${page.at(-1)?.received}`
              : `${url}?before=${page[0]?.received}`
            : undefined
        return ok({ conversation: conversationJson(user), messages: page, ...(next ? { next } : {}) })
      }),
      [`POST ${base}/:userId/messages`]: withAppUser(async (user, request) => {
        const input = body(request)
        const problem = messageProblem(input)
        if (problem) return error(400, 'bad_request', problem)
        if (input.metadata !== undefined && !isRecord(input.metadata))
          return error(400, 'bad_request', 'metadata must be a flat object')
        const message = buildMessage(user, { ...input, source: { type: 'api' } }, nowSeconds())
        store(user, message)
        void sendTo(input.role === 'appUser' ? 'message:appUser' : 'message:appMaker', user, [message])
        return ok({ message, extraMessages: [], conversation: conversationJson(user) }, 201)
      }),
      [`DELETE ${base}/:userId/messages`]: withAppUser((user) => {
        user.messages = []
        return ok(undefined)
      }),
      [`DELETE ${base}/:userId/messages/:messageId`]: withAppUser((user, request) => {
        const index = user.messages.findIndex((m) => m._id === request.params.messageId)
        if (index < 0) return error(404, 'not_found', 'Message not found')
        user.messages.splice(index, 1)
        return ok(undefined)
      }),
      [`POST ${base}/:userId/conversation/read`]: withConversation((user) => {
        if (user.conversation) user.conversation.unreadCount = 0
        return ok(undefined)
      }),
      [`POST ${base}/:userId/conversation/activity`]: withAppUser((user, request) => {
        const input = body(request)
        if (input.role !== 'appMaker') return error(400, 'bad_request', "role must be 'appMaker'")
        if (input.type !== 'typing:start' && input.type !== 'typing:stop')
          return error(400, 'bad_request', "type must be 'typing:start' or 'typing:stop'")
        // v1.1 answers {conversation}; the v1 spec documents a body-less 200.
        return ok(version === 'v1.1' ? { conversation: conversationJson(user) } : undefined)
      }),
    }
  }

  /** The scope the request's credentials carry (authentication has already accepted them). */
  const scopeOf = async (request: EmulatorRequest) => {
    const header = request.headers.authorization ?? ''
    if (header.startsWith('Basic ')) return 'app'
    const result = await checkJwt(header, [key], ['app', 'account'])
    return result.ok ? result.scope : undefined
  }

  /**
   * The short, app-implied paths (`/v1.1/appusers/{userId}/…`) that app-scoped keys may use, as
   * the official smooch-core client does by default; an account key must name its app.
   */
  const appImplied = (routes: Record<string, Handler>): Record<string, Handler> =>
    Object.fromEntries(
      Object.entries(routes).map(([route, handle]) => [
        route.replace('/apps/:appId/appusers', '/appusers'),
        async (request: EmulatorRequest) =>
          (await scopeOf(request)) === 'app'
            ? handle({ ...request, params: { ...request.params, appId } })
            : error(401, 'unauthorized', 'An account-scoped key must name the app: /apps/{appId}/appusers/…'),
      ]),
    )

  const server = await startServer({
    port: options.port,
    routes: {
      ...versionRoutes('v1'),
      ...versionRoutes('v1.1'),
      ...appImplied(versionRoutes('v1')),
      ...appImplied(versionRoutes('v1.1')),
    },
    authenticate,
    error,
    // v1 documents 413 for large bodies (attachments are capped at 10 MB); JSON posts get 100 KB here.
    maxBodyBytes: 100 * 1024,
    faults: options.faults,
  })

  return {
    ...server,
    credentials: { appId, keyId: key.keyId, keySecret: key.secret },
    seed,
    state: () => ({
      appUsers: [...appUsers.values()].map((user) => ({
        ...appUserJson(user),
        conversation: user.conversation ? { ...user.conversation } : undefined,
        messages: structuredClone(user.messages),
      })),
    }),
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
      store(user, message)
      await sendTo('message:appUser', user, [message])
      return message
    },
    webhookDeliveries: () => [...deliveries],
  }
}
