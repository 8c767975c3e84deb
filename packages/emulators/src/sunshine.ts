/**
 * `startSunshineEmulator`: Sunshine Conversations v2 (`/v2/apps/{appId}/…`) on loopback, written
 * from the vendor's OpenAPI file and reference notes.
 *
 * @module
 */
import { appCredentials, checkBasic, checkJwt } from './auth.js'
import { cursorPage } from './cursor-page.js'
import type { Faults } from './faults.js'
import { objectIdMaker } from './ids.js'
import { isRecord, type JsonObject as Json } from './json.js'
import { type EmulatorRequest, type EmulatorResponse, type RunningServer, startServer } from './server.js'
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

interface StoredParticipant {
  readonly id: string
  readonly userId: string
  unreadCount: number
  lastRead: string | null
}
interface StoredConversation {
  readonly id: string
  readonly type: 'personal' | 'sdkGroup'
  readonly isDefault: boolean
  displayName: string | null
  description: string | null
  iconUrl: string | null
  metadata: Json
  readonly createdAt: string
  lastUpdatedAt: string
  businessLastRead: string | null
  participants: StoredParticipant[]
  messages: Json[]
}

const messageLimit = 30_000
const sendableTypes = new Set(['text', 'image', 'file', 'carousel', 'list', 'location', 'form', 'template'])

export const startSunshineEmulator = async (
  options: SunshineEmulatorOptions = {},
): Promise<SunshineEmulator> => {
  const clock = options.clock ?? Date.now
  const newId = objectIdMaker(clock)
  const { appId, key } = appCredentials(options, newId)
  const webhookId = newId()
  const users = new Map<string, Json>()
  const conversations = new Map<string, StoredConversation>()
  const webhooks = createWebhookSender(() => options.webhooks ?? [])
  const now = () => new Date(clock()).toISOString()

  const error = (status: number, code: string, title: string): EmulatorResponse => ({
    status,
    body: { errors: [{ code, title }] },
  })
  const ok = (body: unknown, status = 200): EmulatorResponse => ({ status, body })

  const findUser = (idOrExternalId: string) =>
    users.get(idOrExternalId) ?? [...users.values()].find((user) => user.externalId === idOrExternalId)

  const conversationJson = (c: StoredConversation): Json => ({
    id: c.id,
    type: c.type,
    metadata: c.metadata,
    isDefault: c.isDefault,
    displayName: c.displayName,
    description: c.description,
    iconUrl: c.iconUrl,
    businessLastRead: c.businessLastRead,
    lastUpdatedAt: c.lastUpdatedAt,
    createdAt: c.createdAt,
  })
  const participantJson = (p: StoredParticipant): Json => ({
    id: p.id,
    userId: p.userId,
    userExternalId: (users.get(p.userId)?.externalId as string | undefined) ?? null,
    unreadCount: p.unreadCount,
    lastRead: p.lastRead,
    clientAssociations: [],
  })

  const emit = (type: string, payload: Json) => {
    if ((options.webhooks ?? []).length === 0) return Promise.resolve()
    return webhooks.send(type, {
      app: { id: appId },
      webhook: { id: webhookId, version: 'v2' },
      events: [{ id: newId(), createdAt: now(), type, payload }],
    })
  }

  const createUser = (input: { id?: string; externalId?: string; profile?: Json; metadata?: Json }): Json => {
    const user: Json = {
      id: input.id ?? newId(),
      ...(input.externalId === undefined ? {} : { externalId: input.externalId }),
      signedUpAt: now(),
      toBeRetained: false,
      profile: input.profile ?? {},
      metadata: input.metadata ?? {},
      identities: [],
    }
    users.set(user.id as string, user)
    return user
  }

  const addParticipant = (conversation: StoredConversation, userId: string): StoredParticipant => {
    const participant = { id: newId(), userId, unreadCount: 0, lastRead: null }
    conversation.participants.push(participant)
    return participant
  }

  const createConversation = (input: {
    id?: string
    type?: 'personal' | 'sdkGroup'
    isDefault?: boolean
    displayName?: string
    description?: string
    iconUrl?: string
    metadata?: Json
  }): StoredConversation => {
    const created = now()
    const conversation: StoredConversation = {
      id: input.id ?? newId(),
      type: input.type ?? 'personal',
      isDefault: input.isDefault ?? false,
      displayName: input.displayName ?? null,
      description: input.description ?? null,
      iconUrl: input.iconUrl ?? null,
      metadata: input.metadata ?? {},
      createdAt: created,
      lastUpdatedAt: created,
      businessLastRead: null,
      participants: [],
      messages: [],
    }
    conversations.set(conversation.id, conversation)
    return conversation
  }

  const storeMessage = (conversation: StoredConversation, message: Json) => {
    conversation.messages.push(message)
    conversation.lastUpdatedAt = now()
    if ((message.author as Json).type === 'business') {
      for (const participant of conversation.participants) participant.unreadCount++
    }
  }

  /** The author as the vendor stores it; a `user` author must name an existing user. */
  const resolveAuthor = (author: unknown): Json | string => {
    if (!isRecord(author) || (author.type !== 'user' && author.type !== 'business')) {
      return "author.type must be 'user' or 'business'"
    }
    if (author.type === 'business') return author
    const user = findUser(String(author.userId ?? author.userExternalId ?? ''))
    if (!user) return 'user_not_found'
    const { userExternalId: _, ...rest } = author
    return { ...rest, userId: user.id, ...(user.externalId ? { userExternalId: user.externalId } : {}) }
  }

  /** Why the vendor would refuse this content, or undefined. */
  const contentProblem = (content: unknown, schema: unknown): string | undefined => {
    if (!isRecord(content) || typeof content.type !== 'string') return 'content.type is required'
    if (content.type === 'formResponse') return 'formResponse messages cannot be sent through the API'
    if (!sendableTypes.has(content.type)) return `content.type '${content.type}' is not valid`
    const items = content.items
    switch (content.type) {
      case 'text':
        if (typeof content.text === 'string' && content.text.length > 4096)
          return 'content.text is longer than 4096'
        return typeof content.text === 'string' || content.actions || content.htmlText || content.markdownText
          ? undefined
          : 'content.text is required'
      case 'image':
      case 'file':
        return typeof content.mediaUrl === 'string' ? undefined : 'content.mediaUrl is required'
      case 'carousel':
      case 'list':
        return Array.isArray(items) &&
          items.length > 0 &&
          items.every((i) => isRecord(i) && typeof i.title === 'string')
          ? content.type === 'carousel' &&
            !items.every((i) => Array.isArray(i.actions) && i.actions.length > 0)
            ? 'content.items[].actions is required'
            : undefined
          : 'content.items must be a non-empty array of items with a title'
      case 'location':
        return isRecord(content.coordinates) &&
          typeof content.coordinates.lat === 'number' &&
          typeof content.coordinates.long === 'number'
          ? undefined
          : 'content.coordinates {lat, long} is required'
      case 'form':
        return Array.isArray(content.fields) && content.fields.length > 0
          ? undefined
          : 'content.fields is required'
      case 'template':
        return schema === 'whatsapp' ? undefined : "template content requires schema 'whatsapp'"
    }
    return undefined
  }

  const seededAuthor = (author: Json): Json => {
    const resolved = resolveAuthor(author)
    if (typeof resolved === 'string') throw new Error(`seed: ${resolved} (${JSON.stringify(author)})`)
    return resolved
  }

  const seed = (data: SunshineSeed): SunshineSeedResult => {
    const userIds = (data.users ?? []).map((user) => createUser(user).id as string)
    const created = (data.conversations ?? []).map((input) => {
      const conversation = createConversation(input)
      for (const participant of input.participants ?? []) {
        const user = findUser(participant.userId ?? participant.userExternalId ?? '')
        if (!user) throw new Error(`seed: no user '${participant.userId ?? participant.userExternalId}'`)
        addParticipant(conversation, user.id as string)
      }
      const messageIds = (input.messages ?? []).map((message) => {
        const stored: Json = {
          id: message.id ?? newId(),
          received: message.received === undefined ? now() : new Date(message.received).toISOString(),
          // A user author is stored with its user id, as the API does on PostMessage.
          author: message.author.type === 'user' ? seededAuthor(message.author) : message.author,
          content: message.content,
          source: message.source ?? { type: 'api:conversations' },
          ...(message.metadata ? { metadata: message.metadata } : {}),
        }
        storeMessage(conversation, stored)
        return stored.id as string
      })
      return { id: conversation.id, messageIds }
    })
    return { users: userIds, conversations: created }
  }

  const authenticate = async (request: EmulatorRequest) => {
    const header = request.headers.authorization ?? ''
    const result = header.startsWith('Basic ')
      ? checkBasic(header, [key], 'app')
      : header.startsWith('Bearer ')
        ? await checkJwt(header, [key], ['app', 'account', 'integration'])
        : { ok: false as const, reason: 'no credentials' }
    return result.ok ? undefined : error(401, 'unauthorized', 'Authorization is required')
  }

  /** Runs `handle` with the conversation named in the path, after checking the app id. */
  const withConversation =
    (
      handle: (
        conversation: StoredConversation,
        request: EmulatorRequest,
      ) => EmulatorResponse | Promise<EmulatorResponse>,
    ) =>
    (request: EmulatorRequest) => {
      if (request.params.appId !== appId) return error(404, 'app_not_found', 'App not found')
      const conversation = conversations.get(request.params.conversationId ?? '')
      return conversation
        ? handle(conversation, request)
        : error(404, 'conversation_not_found', 'Conversation not found')
    }
  const withApp = (handle: (request: EmulatorRequest) => EmulatorResponse) => (request: EmulatorRequest) =>
    request.params.appId === appId ? handle(request) : error(404, 'app_not_found', 'App not found')
  const body = (request: EmulatorRequest): Json => (isRecord(request.body) ? request.body : {})
  const pageSize = (request: EmulatorRequest): number | string => {
    const raw = request.query.get('page[size]')
    if (raw === null) return 25
    const size = Number(raw)
    return Number.isInteger(size) && size >= 1 && size <= 100 ? size : 'page[size] must be between 1 and 100'
  }
  const pageCursors = (request: EmulatorRequest): { after?: string; before?: string } | string => {
    const after = request.query.get('page[after]') ?? undefined
    const before = request.query.get('page[before]') ?? undefined
    if (after !== undefined && before !== undefined)
      return 'page[after] and page[before] cannot be used together'
    for (const cursor of [after, before])
      if (cursor !== undefined && cursor.length !== 24) return 'Invalid cursor'
    return { ...(after === undefined ? {} : { after }), ...(before === undefined ? {} : { before }) }
  }
  const listUrl = (request: EmulatorRequest) =>
    `${request.baseUrl}/${request.segments.map(encodeURIComponent).join('/')}`

  const userOfParticipantInput = (input: Json): Json | undefined =>
    findUser(String(input.userId ?? input.userExternalId ?? ''))

  const base = '/v2/apps/:appId'
  const routes = {
    [`POST ${base}/conversations`]: withApp((request) => {
      const input = body(request)
      const type = input.type
      if (type !== 'personal' && type !== 'sdkGroup')
        return error(400, 'bad_request', "type must be 'personal' or 'sdkGroup'")
      const participants = Array.isArray(input.participants)
        ? (input.participants as unknown[]).filter(isRecord)
        : []
      if (type === 'personal' && participants.length !== 1) {
        return error(400, 'bad_request', 'A personal conversation needs exactly one participant')
      }
      if (participants.length > 10) return error(400, 'bad_request', 'Too many participants')
      const participantUsers = participants.map(userOfParticipantInput)
      if (participantUsers.some((user) => user === undefined))
        return error(404, 'user_not_found', 'User not found')
      const conversation = createConversation({
        type,
        ...(typeof input.displayName === 'string' ? { displayName: input.displayName } : {}),
        ...(typeof input.description === 'string' ? { description: input.description } : {}),
        ...(typeof input.iconUrl === 'string' ? { iconUrl: input.iconUrl } : {}),
        ...(isRecord(input.metadata) ? { metadata: input.metadata } : {}),
      })
      for (const user of participantUsers) addParticipant(conversation, (user as Json).id as string)
      void emit('conversation:create', { conversation: { id: conversation.id, type: conversation.type } })
      return ok({ conversation: conversationJson(conversation) }, 201)
    }),
    [`GET ${base}/conversations`]: withApp((request) => {
      const userId = request.query.get('filter[userId]')
      const externalId = request.query.get('filter[userExternalId]')
      // One of the two, not both (conversationListFilter in the reference).
      if ((userId === null) === (externalId === null))
        return error(
          400,
          'bad_request',
          'One of filter[userId] or filter[userExternalId] is required, not both',
        )
      const user =
        userId !== null
          ? users.get(userId)
          : [...users.values()].find((candidate) => candidate.externalId === externalId)
      if (!user) return error(404, 'user_not_found', 'User not found')
      const size = pageSize(request)
      const cursors = pageCursors(request)
      if (typeof size === 'string') return error(400, 'bad_request', size)
      if (typeof cursors === 'string') return error(400, 'bad_request', cursors)
      const mine = [...conversations.values()].filter((c) => c.participants.some((p) => p.userId === user.id))
      const page = cursorPage({
        items: mine,
        idOf: (c) => c.id,
        size,
        startAtEnd: false,
        url: listUrl(request),
        ...cursors,
      })
      return ok({ conversations: page.items.map(conversationJson), meta: page.meta, links: page.links })
    }),
    [`GET ${base}/conversations/:conversationId`]: withConversation((c) =>
      ok({ conversation: conversationJson(c) }),
    ),
    [`PATCH ${base}/conversations/:conversationId`]: withConversation((c, request) => {
      const input = body(request)
      if ('displayName' in input) c.displayName = (input.displayName as string | null) ?? null
      if ('description' in input) c.description = (input.description as string | null) ?? null
      if ('iconUrl' in input) c.iconUrl = (input.iconUrl as string | null) ?? null
      if (isRecord(input.metadata)) {
        // v2 metadata accepts partial updates, and null unsets a key (v2 API changelog).
        const merged: Json = { ...c.metadata, ...input.metadata }
        for (const [name, value] of Object.entries(merged)) if (value === null) delete merged[name]
        c.metadata = merged
      }
      c.lastUpdatedAt = now()
      return ok({ conversation: conversationJson(c) })
    }),
    [`DELETE ${base}/conversations/:conversationId`]: withConversation((c) => {
      if (c.isDefault) return error(400, 'bad_request', 'Cannot delete the default conversation')
      conversations.delete(c.id)
      return ok({})
    }),
    [`POST ${base}/conversations/:conversationId/join`]: withConversation((c, request) => {
      if (c.type !== 'sdkGroup') return error(400, 'bad_request', 'Only sdkGroup conversations can be joined')
      const user = userOfParticipantInput(body(request))
      if (!user) return error(404, 'user_not_found', 'User not found')
      if (c.participants.length >= 10) return error(400, 'bad_request', 'Too many participants')
      const participant =
        c.participants.find((p) => p.userId === user.id) ?? addParticipant(c, user.id as string)
      void emit('conversation:join', { conversation: { id: c.id, type: c.type }, user: { id: user.id } })
      return ok({ participant: participantJson(participant) }, 201)
    }),
    [`POST ${base}/conversations/:conversationId/leave`]: withConversation((c, request) => {
      const input = body(request)
      const given = ['userId', 'userExternalId', 'participantId'].filter(
        (field) => input[field] !== undefined,
      )
      if (given.length !== 1)
        return error(400, 'bad_request', 'Exactly one of userId, userExternalId or participantId is required')
      const userId = input.participantId === undefined ? userOfParticipantInput(input)?.id : undefined
      const index = c.participants.findIndex((p) =>
        input.participantId === undefined ? p.userId === userId : p.id === input.participantId,
      )
      if (index < 0) return error(404, 'not_found', 'User is not a member of the conversation')
      const [left] = c.participants.splice(index, 1)
      void emit('conversation:leave', {
        conversation: { id: c.id, type: c.type },
        user: { id: left?.userId },
      })
      return ok({})
    }),
    [`GET ${base}/conversations/:conversationId/participants`]: withConversation((c, request) => {
      const size = pageSize(request)
      const cursors = pageCursors(request)
      if (typeof size === 'string') return error(400, 'bad_request', size)
      if (typeof cursors === 'string') return error(400, 'bad_request', cursors)
      const page = cursorPage({
        items: c.participants,
        idOf: (p) => p.id,
        size,
        startAtEnd: false,
        url: listUrl(request),
        ...cursors,
      })
      return ok({ participants: page.items.map(participantJson), meta: page.meta, links: page.links })
    }),
    [`POST ${base}/conversations/:conversationId/messages`]: withConversation(async (c, request) => {
      const input = body(request)
      if (c.messages.length >= messageLimit) {
        return error(423, 'locked', `Message limit of ${messageLimit} per conversation reached.`)
      }
      const author = resolveAuthor(input.author)
      if (author === 'user_not_found') return error(404, 'user_not_found', 'User not found')
      if (typeof author === 'string') return error(400, 'bad_request', author)
      const problem = contentProblem(input.content, input.schema)
      if (problem) return error(400, 'bad_request', problem)
      if (input.metadata !== undefined && !isRecord(input.metadata))
        return error(400, 'bad_request', 'metadata must be an object')
      const message: Json = {
        id: newId(),
        received: now(),
        author,
        content: input.content,
        source: { type: 'api:conversations' },
        ...(isRecord(input.metadata) ? { metadata: input.metadata } : {}),
      }
      storeMessage(c, message)
      void emit('conversation:message', { conversation: { id: c.id, type: c.type }, message })
      return ok({ messages: [message] }, 201)
    }),
    [`GET ${base}/conversations/:conversationId/messages`]: withConversation((c, request) => {
      const cursors = pageCursors(request)
      if (typeof cursors === 'string') return error(400, 'bad_request', cursors)
      // ListMessages ignores page[size]: pages are fixed at 100, newest page first.
      const page = cursorPage({
        items: c.messages,
        idOf: (m) => m.id as string,
        size: 100,
        startAtEnd: true,
        url: listUrl(request),
        ...cursors,
      })
      return ok({ messages: page.items, meta: page.meta, links: page.links })
    }),
    [`DELETE ${base}/conversations/:conversationId/messages`]: withConversation((c) => {
      c.messages = []
      return ok({})
    }),
    [`DELETE ${base}/conversations/:conversationId/messages/:messageId`]: withConversation((c, request) => {
      const index = c.messages.findIndex((m) => m.id === request.params.messageId)
      if (index < 0) return error(404, 'message_not_found', 'Message not found')
      c.messages.splice(index, 1)
      return ok({})
    }),
    [`POST ${base}/conversations/:conversationId/activity`]: withConversation((c, request) => {
      const input = body(request)
      const author = isRecord(input.author) ? input.author : undefined
      const type = input.type
      if (!author || (author.type !== 'user' && author.type !== 'business'))
        return error(400, 'bad_request', 'author.type is required')
      if (type !== 'conversation:read' && type !== 'typing:start' && type !== 'typing:stop') {
        return error(400, 'bad_request', "type must be 'conversation:read', 'typing:start' or 'typing:stop'")
      }
      if (author.type === 'user') {
        if (type !== 'conversation:read')
          return error(400, 'bad_request', 'A user author may only send conversation:read')
        const user = findUser(String(author.userId ?? author.userExternalId ?? ''))
        const participant = c.participants.find((p) => p.userId === user?.id)
        if (!participant) return error(404, 'user_not_found', 'User not found')
        participant.unreadCount = 0
        participant.lastRead = now()
      } else if (type === 'conversation:read') {
        c.businessLastRead = now()
      }
      const trigger = type === 'conversation:read' ? 'conversation:read' : 'conversation:typing'
      void emit(trigger, { conversation: { id: c.id, type: c.type }, activity: { type, author } })
      return ok({})
    }),
    [`POST ${base}/users`]: withApp((request) => {
      const input = body(request)
      const externalId = input.externalId
      if (typeof externalId !== 'string' || externalId.length < 1 || externalId.length > 1024) {
        return error(400, 'bad_request', 'externalId must be 1 to 1024 characters')
      }
      if (findUser(externalId)) return error(409, 'conflict', 'A user with this externalId already exists')
      const user = createUser({
        externalId,
        ...(isRecord(input.profile) ? { profile: input.profile } : {}),
        ...(isRecord(input.metadata) ? { metadata: input.metadata } : {}),
      })
      return ok({ user }, 201)
    }),
    [`GET ${base}/users`]: withApp((request) => {
      const email = request.query.get('filter[identities.email]')
      if (email === null) return error(400, 'bad_request', 'filter[identities.email] is required')
      const found = [...users.values()].filter((user) => (user.profile as Json).email === email)
      return ok({ users: found })
    }),
    [`GET ${base}/users/:userId`]: withApp((request) => {
      const user = findUser(request.params.userId ?? '')
      return user ? ok({ user }) : error(404, 'user_not_found', 'User not found')
    }),
    [`PATCH ${base}/users/:userId`]: withApp((request) => {
      const user = findUser(request.params.userId ?? '')
      if (!user) return error(404, 'user_not_found', 'User not found')
      const input = body(request)
      if (isRecord(input.profile)) user.profile = { ...(user.profile as Json), ...input.profile }
      if (isRecord(input.metadata)) user.metadata = { ...(user.metadata as Json), ...input.metadata }
      return ok({ user })
    }),
    [`DELETE ${base}/users/:userId`]: withApp((request) => {
      const user = findUser(request.params.userId ?? '')
      if (!user) return error(404, 'user_not_found', 'User not found')
      users.delete(user.id as string)
      return ok({})
    }),
  }

  const server = await startServer({
    port: options.port,
    routes,
    authenticate,
    error,
    // "JSON bodies up to 100 kb" (Sunshine v2 limits).
    maxBodyBytes: 100 * 1024,
    faults: options.faults,
  })

  return {
    ...server,
    credentials: { appId, keyId: key.keyId, keySecret: key.secret },
    seed,
    state: () => ({
      users: [...users.values()].map((user) => structuredClone(user)),
      conversations: [...conversations.values()].map((c) => ({
        ...conversationJson(c),
        participants: c.participants.map(participantJson),
        messages: structuredClone(c.messages),
      })),
    }),
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
