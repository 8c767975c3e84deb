/**
 * The conversation port.
 *
 * @module
 */
import type { ColloquyError, ConversationPort, CreateConversation, ParticipantDraft } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import {
  SunshineConversationListResponse,
  SunshineConversationResponse,
  SunshineUserResponse,
} from './codecs.js'
import type { SunshineContext } from './context.js'
import { toConversation } from './mapping.js'
import { userOfParticipant } from './participants.js'
import type { SunshineConversationCreate } from './requests.js'

/**
 * The user id of a participant draft: given, or the user with that `externalId`, created first
 * (with the draft's name and email as profile) or found when the vendor answers 409.
 */
const ensureUser = (
  context: SunshineContext,
  draft: ParticipantDraft,
): TE.TaskEither<ColloquyError, string> => {
  if (draft.userId !== undefined) return TE.right(draft.userId)
  const externalId = draft.externalId
  if (externalId === undefined)
    return context.refuse('conversations.create', 'each participant needs userId or externalId')
  const profile = {
    ...(draft.displayName === undefined ? {} : { givenName: draft.displayName }),
    ...(draft.email === undefined ? {} : { email: draft.email }),
  }
  return pipe(
    context.client.request({
      operation: 'conversations.create',
      method: 'POST',
      path: context.path('users'),
      json: { externalId, profile },
      codec: SunshineUserResponse,
    }),
    TE.orElse((error) =>
      error._tag === 'InvalidRequest' && error.status === 409
        ? context.client.request({
            operation: 'conversations.create',
            method: 'GET',
            path: context.path('users', externalId),
            codec: SunshineUserResponse,
            resource: { name: 'user', id: externalId },
          })
        : TE.left(error),
    ),
    TE.map(({ user }) => user.id),
  )
}

const createBody = (input: CreateConversation, userIds: readonly string[]): SunshineConversationCreate => ({
  type: input.kind === 'group' ? 'sdkGroup' : 'personal',
  participants: userIds.map((userId) => ({ userId })),
  ...(input.title === undefined ? {} : { displayName: input.title }),
  ...(input.description === undefined ? {} : { description: input.description }),
  ...(input.metadata === undefined ? {} : { metadata: input.metadata }),
})

const activity = (context: SunshineContext, operation: string, conversationId: string, body: unknown) =>
  context.requestVoid({
    operation,
    method: 'POST',
    path: context.path('conversations', conversationId, 'activity'),
    json: body,
    resource: { name: 'conversation', id: conversationId },
  })

/** ListConversations `page[size]`: 25 unless asked, at most 100 (reference §2.2). */
const conversationPageSize = { default: 25, maximum: 100 } as const

export const createConversationPort = (context: SunshineContext): ConversationPort => ({
  // By `filter[userId]`, or `filter[userExternalId]` for `externalId` (reference §2.2). A cursor
  // wraps the vendor's `afterCursor` and belongs to the user it listed.
  list: ({ userId, externalId, cursor, limit }) => {
    const scope = userId === undefined ? `externalId:${externalId}` : `userId:${userId}`
    const after = cursor === undefined ? undefined : context.listCursor.decode(scope, cursor)
    if (cursor !== undefined && after === undefined)
      return context.refuse(
        'conversations.list',
        `cursor '${cursor}' is not one this adapter made for this user`,
      )
    return pipe(
      context.client.request({
        operation: 'conversations.list',
        method: 'GET',
        path: context.path('conversations'),
        query: {
          'filter[userId]': userId,
          'filter[userExternalId]': externalId,
          'page[size]': Math.min(limit ?? conversationPageSize.default, conversationPageSize.maximum),
          'page[after]': after,
        },
        codec: SunshineConversationListResponse,
        resource: { name: 'user', id: userId ?? externalId },
      }),
      // No user with that externalId (404 user_not_found) has no conversations.
      TE.orElse((error) =>
        externalId !== undefined && error._tag === 'NotFound'
          ? TE.right({ conversations: [], meta: undefined })
          : TE.left(error),
      ),
      TE.map(({ conversations = [], meta }) => {
        const items = conversations.map((conversation) => toConversation(context.provider, conversation))
        return meta?.hasMore && meta.afterCursor
          ? { items, nextCursor: context.listCursor.encode(scope, meta.afterCursor) }
          : { items }
      }),
    )
  },
  get: ({ conversationId }) =>
    pipe(
      context.client.request({
        operation: 'conversations.get',
        method: 'GET',
        path: context.path('conversations', conversationId),
        codec: SunshineConversationResponse,
        resource: { name: 'conversation', id: conversationId },
      }),
      TE.map(({ conversation }) => toConversation(context.provider, conversation)),
    ),
  create: (input) => {
    if ((input.kind ?? 'personal') === 'personal' && input.participants.length !== 1) {
      return context.refuse(
        'conversations.create',
        'a personal Sunshine conversation has exactly one participant',
      )
    }
    if (input.participants.length > 10)
      return context.refuse('conversations.create', 'Sunshine allows at most 10 participants')
    return pipe(
      input.participants,
      TE.traverseSeqArray((draft) => ensureUser(context, draft)),
      TE.flatMap((userIds) =>
        context.client.request({
          operation: 'conversations.create',
          method: 'POST',
          path: context.path('conversations'),
          json: createBody(input, userIds),
          codec: SunshineConversationResponse,
        }),
      ),
      TE.map(({ conversation }) => toConversation(context.provider, conversation)),
    )
  },
  update: ({ conversationId, title, description, metadata }) =>
    pipe(
      context.client.request({
        operation: 'conversations.update',
        method: 'PATCH',
        path: context.path('conversations', conversationId),
        json: {
          ...(title === undefined ? {} : { displayName: title }),
          ...(description === undefined ? {} : { description }),
          ...(metadata === undefined ? {} : { metadata }),
        },
        codec: SunshineConversationResponse,
        resource: { name: 'conversation', id: conversationId },
      }),
      TE.map(({ conversation }) => toConversation(context.provider, conversation)),
    ),
  // The vendor refuses to delete a user's default conversation with 400: InvalidRequest.
  delete: ({ conversationId }) =>
    context.requestVoid({
      operation: 'conversations.delete',
      method: 'DELETE',
      path: context.path('conversations', conversationId),
      resource: { name: 'conversation', id: conversationId },
    }),
  markRead: ({ conversationId, participantId }) =>
    participantId === undefined
      ? activity(context, 'conversations.markRead', conversationId, {
          author: { type: 'business' },
          type: 'conversation:read',
        })
      : pipe(
          userOfParticipant(context, 'conversations.markRead', conversationId, participantId),
          TE.flatMap((userId) =>
            activity(context, 'conversations.markRead', conversationId, {
              author: { type: 'user', userId },
              type: 'conversation:read',
            }),
          ),
        ),
  setTyping: ({ conversationId, typing }) =>
    activity(context, 'conversations.setTyping', conversationId, {
      author: { type: 'business' },
      type: typing ? 'typing:start' : 'typing:stop',
    }),
})
