/**
 * The Smooch v1 emulator's routes: `/{v1,v1.1}/apps/{appId}/appusers/…`, and the short
 * app-implied `/{v1,v1.1}/appusers/…` that app-scoped keys may use.
 *
 * @module
 */
import { type ApiKey, checkJwt } from './auth.js'
import { isRecord, type JsonObject as Json } from './json.js'
import type { EmulatorRequest, EmulatorResponse, Handler } from './server.js'
import { messageProblem } from './smooch-v1-content.js'
import type { SmoochV1Store, StoredAppUser } from './smooch-v1-store.js'

const pageSize = 100

/** Smooch's error answer: `{ error: { code, description } }`. */
export const smoochV1Error = (status: number, code: string, description: string): EmulatorResponse => ({
  status,
  body: { error: { code, description } },
})
const error = smoochV1Error
const ok = (body: unknown, status = 200): EmulatorResponse => ({
  status,
  ...(body === undefined ? {} : { body }),
})

/**
 * Every route of the app `appId`, for both API versions; `sendTo` delivers a message webhook.
 */
export const smoochV1Routes = (
  appId: string,
  key: ApiKey,
  store: SmoochV1Store,
  sendTo: (trigger: string, user: StoredAppUser, messages: Json[]) => Promise<void>,
): Record<string, Handler> => {
  const body = (request: EmulatorRequest): Json => (isRecord(request.body) ? request.body : {})
  const withApp = (handle: (request: EmulatorRequest) => EmulatorResponse) => (request: EmulatorRequest) =>
    request.params.appId === appId ? handle(request) : error(404, 'not_found', 'App not found')
  const withAppUser =
    (
      handle: (user: StoredAppUser, request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>,
    ) =>
    (request: EmulatorRequest) => {
      if (request.params.appId !== appId) return error(404, 'not_found', 'App not found')
      const user = store.findAppUser(request.params.userId ?? '')
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
        if (store.findAppUser(input.userId))
          return error(409, 'conflict', 'An appUser with this userId already exists')
        return ok({ appUser: store.appUserJson(store.createAppUser(input)) }, 201)
      }),
      [`GET ${base}/:userId`]: withAppUser((user) => ok({ appUser: store.appUserJson(user) })),
      [`PUT ${base}/:userId`]: withAppUser((user, request) => {
        const input = body(request)
        for (const field of ['givenName', 'surname', 'email'] as const) {
          if (typeof input[field] === 'string') user[field] = input[field] as string
        }
        if (isRecord(input.properties)) user.properties = { ...user.properties, ...input.properties }
        return ok({ appUser: store.appUserJson(user) })
      }),
      [`DELETE ${base}/:userId`]: withAppUser((user) => {
        store.appUsers.delete(user._id)
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
        return ok({ conversation: store.conversationJson(user), messages: page, ...(next ? { next } : {}) })
      }),
      [`POST ${base}/:userId/messages`]: withAppUser(async (user, request) => {
        const input = body(request)
        const problem = messageProblem(input)
        if (problem) return error(400, 'bad_request', problem)
        if (input.metadata !== undefined && !isRecord(input.metadata))
          return error(400, 'bad_request', 'metadata must be a flat object')
        const message = store.buildMessage(user, { ...input, source: { type: 'api' } }, store.nowSeconds())
        store.storeMessage(user, message)
        void sendTo(input.role === 'appUser' ? 'message:appUser' : 'message:appMaker', user, [message])
        return ok({ message, extraMessages: [], conversation: store.conversationJson(user) }, 201)
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
        return ok(version === 'v1.1' ? { conversation: store.conversationJson(user) } : undefined)
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

  return {
    ...versionRoutes('v1'),
    ...versionRoutes('v1.1'),
    ...appImplied(versionRoutes('v1')),
    ...appImplied(versionRoutes('v1.1')),
  }
}
