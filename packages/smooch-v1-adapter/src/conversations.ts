/**
 * The conversation port. A Smooch v1 conversation is an appUser's single conversation, and its
 * id is the appUser id (`_id`, or the business `userId`).
 *
 * @module
 */
import type { ColloquyError, ConversationPort } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import {
  type SmoochV1AppUser,
  SmoochV1AppUserResponse,
  type SmoochV1Conversation,
  SmoochV1GetMessagesResponse,
} from './codecs.js'
import type { SmoochV1Context } from './context.js'
import { toConversation } from './mapping.js'
import type { SmoochV1AppUserPreCreate } from './requests.js'

export const getAppUser = (
  context: SmoochV1Context,
  operation: string,
  id: string,
): TE.TaskEither<ColloquyError, SmoochV1AppUser> =>
  pipe(
    context.client.request({
      operation,
      method: 'GET',
      path: context.path('appusers', id),
      codec: SmoochV1AppUserResponse,
      resource: { name: 'conversation', id },
    }),
    TE.map(({ appUser }) => appUser),
  )

/**
 * The conversation's `_id` and unread count, which only message answers carry: asking for
 * messages after a far-future bound returns none of them, just the conversation. `undefined`
 * before the appUser's first message.
 */
const conversationOf = (
  context: SmoochV1Context,
  operation: string,
  appUser: SmoochV1AppUser,
): TE.TaskEither<ColloquyError, SmoochV1Conversation | undefined> =>
  appUser.conversationStarted === false
    ? TE.right(undefined)
    : pipe(
        context.client.request({
          operation,
          method: 'GET',
          path: context.path('appusers', appUser._id, 'messages'),
          query: { after: 9_999_999_999 },
          codec: SmoochV1GetMessagesResponse,
          resource: { name: 'conversation', id: appUser._id },
        }),
        TE.map(({ conversation }) => conversation),
        TE.orElse((error) => (error._tag === 'NotFound' ? TE.right(undefined) : TE.left(error))),
      )

export const createConversationPort = (context: SmoochV1Context): ConversationPort => ({
  list: () =>
    context.unsupported('conversations.list', 'Smooch v1 cannot list conversations; keep the appUser ids'),
  get: ({ conversationId }) =>
    pipe(
      getAppUser(context, 'conversations.get', conversationId),
      TE.flatMap((appUser) =>
        pipe(
          conversationOf(context, 'conversations.get', appUser),
          TE.map((conversation) => toConversation(context.provider, appUser._id, appUser, conversation)),
        ),
      ),
    ),
  // Pre-creates the appUser named by the first participant, or finds it when the vendor answers 409.
  create: ({ participants }) => {
    const [participant] = participants
    if (participant === undefined || participants.length > 1) {
      return context.refuse(
        'conversations.create',
        'a Smooch v1 conversation belongs to exactly one appUser: give one participant',
      )
    }
    const userId = participant.externalId ?? participant.userId
    if (userId === undefined)
      return context.refuse(
        'conversations.create',
        'the participant needs an externalId (the appUser userId)',
      )
    return pipe(
      context.client.request({
        operation: 'conversations.create',
        method: 'POST',
        path: context.path('appusers'),
        json: {
          userId,
          ...(participant.displayName === undefined ? {} : { givenName: participant.displayName }),
          ...(participant.email === undefined ? {} : { email: participant.email }),
        } satisfies SmoochV1AppUserPreCreate,
        codec: SmoochV1AppUserResponse,
      }),
      TE.map(({ appUser }) => appUser),
      TE.orElse((error) =>
        error._tag === 'InvalidRequest' && error.status === 409
          ? getAppUser(context, 'conversations.create', userId)
          : TE.left(error),
      ),
      TE.flatMap((appUser) =>
        pipe(
          conversationOf(context, 'conversations.create', appUser),
          TE.map((conversation) => toConversation(context.provider, appUser._id, appUser, conversation)),
        ),
      ),
    )
  },
  update: () => context.unsupported('conversations.update', 'a Smooch v1 conversation has nothing to update'),
  // Deleting the appUser would delete the person, not just the conversation: not offered.
  delete: () => context.unsupported('conversations.delete', 'deleting would delete the appUser itself'),
  markRead: ({ conversationId }) =>
    pipe(
      context.requestVoid({
        operation: 'conversations.markRead',
        method: 'POST',
        path: context.path('appusers', conversationId, 'conversation', 'read'),
        resource: { name: 'conversation', id: conversationId },
      }),
      // Before its first message an appUser has no conversation, hence nothing unread.
      TE.orElse((error) =>
        error._tag === 'NotFound'
          ? pipe(getAppUser(context, 'conversations.markRead', conversationId), TE.asUnit)
          : TE.left(error),
      ),
    ),
  setTyping: ({ conversationId, typing }) =>
    context.requestVoid({
      operation: 'conversations.setTyping',
      method: 'POST',
      path: context.path('appusers', conversationId, 'conversation', 'activity'),
      json: { role: 'appMaker', type: typing ? 'typing:start' : 'typing:stop' },
      resource: { name: 'conversation', id: conversationId },
    }),
})
