/**
 * The Sunshine emulator's state: users and conversations with their participants and messages,
 * and their JSON as the API answers it.
 *
 * @module
 */
import { isRecord, type JsonObject as Json } from './json.js'
import type { SunshineSeed, SunshineSeedResult } from './sunshine.js'

export interface StoredParticipant {
  readonly id: string
  readonly userId: string
  unreadCount: number
  lastRead: string | null
}
export interface StoredConversation {
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

/** The users and conversations of one emulator, and the changes its routes and seeds make. */
export type SunshineStore = ReturnType<typeof createSunshineStore>

export const createSunshineStore = (clock: () => number, newId: () => string) => {
  const users = new Map<string, Json>()
  const conversations = new Map<string, StoredConversation>()
  const now = () => new Date(clock()).toISOString()

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

  return {
    users,
    conversations,
    now,
    newId,
    findUser,
    conversationJson,
    participantJson,
    createUser,
    addParticipant,
    createConversation,
    storeMessage,
    resolveAuthor,
    seed,
    /** Users and conversations (with participants and messages) as stored, copied. */
    state: () => ({
      users: [...users.values()].map((user) => structuredClone(user)),
      conversations: [...conversations.values()].map((c) => ({
        ...conversationJson(c),
        participants: c.participants.map(participantJson),
        messages: structuredClone(c.messages),
      })),
    }),
  }
}
