/**
 * The Sunshine emulator's routes (`/v2/apps/{appId}/…`): what each endpoint checks, changes and
 * answers, with the vendor's status codes and error bodies.
 *
 * @module
 */
import { isRecord, type JsonObject as Json } from './json.js'
import type { EmulatorRequest, EmulatorResponse } from './server.js'
import { listAnswer, ok, sunshineError } from './sunshine-answers.js'
import { contentProblem } from './sunshine-content.js'
import type { StoredConversation, SunshineStore } from './sunshine-store.js'

const messageLimit = 30_000

const error = sunshineError

/** The routes of the app `appId`; `emit` delivers a webhook event. */
export const sunshineRoutes = (
  appId: string,
  store: SunshineStore,
  emit: (type: string, payload: Json) => Promise<void>,
) => {
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
      const conversation = store.conversations.get(request.params.conversationId ?? '')
      return conversation
        ? handle(conversation, request)
        : error(404, 'conversation_not_found', 'Conversation not found')
    }
  const withApp = (handle: (request: EmulatorRequest) => EmulatorResponse) => (request: EmulatorRequest) =>
    request.params.appId === appId ? handle(request) : error(404, 'app_not_found', 'App not found')
  const body = (request: EmulatorRequest): Json => (isRecord(request.body) ? request.body : {})

  const userOfParticipantInput = (input: Json): Json | undefined =>
    store.findUser(String(input.userId ?? input.userExternalId ?? ''))

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
      const conversation = store.createConversation({
        type,
        ...(typeof input.displayName === 'string' ? { displayName: input.displayName } : {}),
        ...(typeof input.description === 'string' ? { description: input.description } : {}),
        ...(typeof input.iconUrl === 'string' ? { iconUrl: input.iconUrl } : {}),
        ...(isRecord(input.metadata) ? { metadata: input.metadata } : {}),
      })
      for (const user of participantUsers) store.addParticipant(conversation, (user as Json).id as string)
      void emit('conversation:create', { conversation: { id: conversation.id, type: conversation.type } })
      return ok({ conversation: store.conversationJson(conversation) }, 201)
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
          ? store.users.get(userId)
          : [...store.users.values()].find((candidate) => candidate.externalId === externalId)
      if (!user) return error(404, 'user_not_found', 'User not found')
      const mine = [...store.conversations.values()].filter((c) =>
        c.participants.some((p) => p.userId === user.id),
      )
      return listAnswer(request, 'conversations', mine, (c) => c.id, store.conversationJson)
    }),
    [`GET ${base}/conversations/:conversationId`]: withConversation((c) =>
      ok({ conversation: store.conversationJson(c) }),
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
      c.lastUpdatedAt = store.now()
      return ok({ conversation: store.conversationJson(c) })
    }),
    [`DELETE ${base}/conversations/:conversationId`]: withConversation((c) => {
      if (c.isDefault) return error(400, 'bad_request', 'Cannot delete the default conversation')
      store.conversations.delete(c.id)
      return ok({})
    }),
    [`POST ${base}/conversations/:conversationId/join`]: withConversation((c, request) => {
      if (c.type !== 'sdkGroup') return error(400, 'bad_request', 'Only sdkGroup conversations can be joined')
      const user = userOfParticipantInput(body(request))
      if (!user) return error(404, 'user_not_found', 'User not found')
      if (c.participants.length >= 10) return error(400, 'bad_request', 'Too many participants')
      const participant =
        c.participants.find((p) => p.userId === user.id) ?? store.addParticipant(c, user.id as string)
      void emit('conversation:join', { conversation: { id: c.id, type: c.type }, user: { id: user.id } })
      return ok({ participant: store.participantJson(participant) }, 201)
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
      return listAnswer(request, 'participants', c.participants, (p) => p.id, store.participantJson)
    }),
    [`POST ${base}/conversations/:conversationId/messages`]: withConversation(async (c, request) => {
      const input = body(request)
      if (c.messages.length >= messageLimit) {
        return error(423, 'locked', `Message limit of ${messageLimit} per conversation reached.`)
      }
      const author = store.resolveAuthor(input.author)
      if (author === 'user_not_found') return error(404, 'user_not_found', 'User not found')
      if (typeof author === 'string') return error(400, 'bad_request', author)
      const problem = contentProblem(input.content, input.schema)
      if (problem) return error(400, 'bad_request', problem)
      if (input.metadata !== undefined && !isRecord(input.metadata))
        return error(400, 'bad_request', 'metadata must be an object')
      const message: Json = {
        id: store.newId(),
        received: store.now(),
        author,
        content: input.content,
        source: { type: 'api:conversations' },
        ...(isRecord(input.metadata) ? { metadata: input.metadata } : {}),
      }
      store.storeMessage(c, message)
      void emit('conversation:message', { conversation: { id: c.id, type: c.type }, message })
      return ok({ messages: [message] }, 201)
    }),
    [`GET ${base}/conversations/:conversationId/messages`]: withConversation((c, request) => {
      // ListMessages ignores page[size]: pages are fixed at 100, newest page first.
      return listAnswer(
        request,
        'messages',
        c.messages,
        (m) => m.id as string,
        (m) => m,
        {
          size: 100,
          startAtEnd: true,
        },
      )
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
        const user = store.findUser(String(author.userId ?? author.userExternalId ?? ''))
        const participant = c.participants.find((p) => p.userId === user?.id)
        if (!participant) return error(404, 'user_not_found', 'User not found')
        participant.unreadCount = 0
        participant.lastRead = store.now()
      } else if (type === 'conversation:read') {
        c.businessLastRead = store.now()
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
      if (store.findUser(externalId))
        return error(409, 'conflict', 'A user with this externalId already exists')
      const user = store.createUser({
        externalId,
        ...(isRecord(input.profile) ? { profile: input.profile } : {}),
        ...(isRecord(input.metadata) ? { metadata: input.metadata } : {}),
      })
      return ok({ user }, 201)
    }),
    [`GET ${base}/users`]: withApp((request) => {
      const email = request.query.get('filter[identities.email]')
      if (email === null) return error(400, 'bad_request', 'filter[identities.email] is required')
      const found = [...store.users.values()].filter((user) => (user.profile as Json).email === email)
      return ok({ users: found })
    }),
    [`GET ${base}/users/:userId`]: withApp((request) => {
      const user = store.findUser(request.params.userId ?? '')
      return user ? ok({ user }) : error(404, 'user_not_found', 'User not found')
    }),
    [`PATCH ${base}/users/:userId`]: withApp((request) => {
      const user = store.findUser(request.params.userId ?? '')
      if (!user) return error(404, 'user_not_found', 'User not found')
      const input = body(request)
      if (isRecord(input.profile)) user.profile = { ...(user.profile as Json), ...input.profile }
      if (isRecord(input.metadata)) user.metadata = { ...(user.metadata as Json), ...input.metadata }
      return ok({ user })
    }),
    [`DELETE ${base}/users/:userId`]: withApp((request) => {
      const user = store.findUser(request.params.userId ?? '')
      if (!user) return error(404, 'user_not_found', 'User not found')
      store.users.delete(user.id as string)
      return ok({})
    }),
  }
  return routes
}
