/**
 * The Smooch v1 emulator's state: appUsers, each with its one conversation and its messages in
 * `received` order, and their JSON as the API answers it.
 *
 * @module
 */
import { createHash } from 'node:crypto'
import { isRecord, type JsonObject as Json } from './json.js'
import type { SmoochV1Emulator } from './smooch-v1.js'

export interface StoredAppUser {
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

const defaultAvatar = 'https://www.gravatar.com/avatar/00000000000000000000000000000000.png?s=200&d=mm'
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

/** The appUsers of one emulator, and the changes its routes and seeds make. */
export type SmoochV1Store = ReturnType<typeof createSmoochV1Store>

export const createSmoochV1Store = (clock: () => number, newId: () => string) => {
  const appUsers = new Map<string, StoredAppUser>()
  // Unix seconds with millisecond precision, as `received` is documented.
  const nowSeconds = () => Math.round(clock()) / 1000

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

  const storeMessage = (user: StoredAppUser, message: Json) => {
    user.conversation ??= { _id: newId(), unreadCount: 0 }
    const received = message.received as number
    // Keep `received` order; equal values stay in arrival order.
    let index = user.messages.length
    while (index > 0 && (user.messages[index - 1]?.received as number) > received) index--
    user.messages.splice(index, 0, message)
    if (message.role === 'appUser') user.conversation.unreadCount++
  }

  const seed: SmoochV1Emulator['seed'] = (data) =>
    (data.appUsers ?? []).map((input) => {
      const user = createAppUser(input)
      if (input.conversationStarted) user.conversation = { _id: newId(), unreadCount: 0 }
      const messageIds = (input.messages ?? []).map((message) => {
        const stored = buildMessage(user, message, message.received ?? nowSeconds())
        storeMessage(user, stored)
        return stored._id as string
      })
      return { _id: user._id, ...(user.userId === undefined ? {} : { userId: user.userId }), messageIds }
    })

  return {
    appUsers,
    newId,
    nowSeconds,
    findAppUser,
    appUserJson,
    conversationJson,
    createAppUser,
    buildMessage,
    storeMessage,
    seed,
    /** AppUsers with their conversation and messages, as stored, copied. */
    state: () => ({
      appUsers: [...appUsers.values()].map((user) => ({
        ...appUserJson(user),
        conversation: user.conversation ? { ...user.conversation } : undefined,
        messages: structuredClone(user.messages),
      })),
    }),
  }
}
