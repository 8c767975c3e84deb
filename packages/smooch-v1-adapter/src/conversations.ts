/**
 * The conversation port. A Smooch v1 conversation is an appUser's single conversation, and its
 * id is the appUser id (`_id`, or the business `userId`).
 *
 * @module
 */
import { type ColloquyError, type ConversationPort, unsupported } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import {
  type SmoochAppUser,
  SmoochAppUserResponse,
  type SmoochConversation,
  SmoochGetMessagesResponse,
  SmoochIgnoredResponse,
} from './codecs.js'
import { refuse, type SmoochContext } from './context.js'
import { toConversation } from './mapping.js'

export const getAppUser = (
  context: SmoochContext,
  operation: string,
  id: string,
): TE.TaskEither<ColloquyError, SmoochAppUser> =>
  pipe(
    context.client.request({
      operation,
      method: 'GET',
      path: context.appUsers(id),
      codec: SmoochAppUserResponse,
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
  context: SmoochContext,
  operation: string,
  appUser: SmoochAppUser,
): TE.TaskEither<ColloquyError, SmoochConversation | undefined> =>
  appUser.conversationStarted === false
    ? TE.right(undefined)
    : pipe(
        context.client.request({
          operation,
          method: 'GET',
          path: context.appUsers(appUser._id, 'messages'),
          query: { after: 9_999_999_999 },
          codec: SmoochGetMessagesResponse,
          resource: { name: 'conversation', id: appUser._id },
        }),
        TE.map(({ conversation }) => conversation),
        TE.orElse((error) => (error._tag === 'NotFound' ? TE.right(undefined) : TE.left(error))),
      )

const notSupported = (operation: string, message: string) =>
  TE.left(
    unsupported({
      provider: 'smooch-v1',
      operation,
      capability: operation,
      message: `${operation}: ${message}`,
    }),
  )

export const createConversationPort = (context: SmoochContext): ConversationPort => ({
  list: () => notSupported('conversations.list', 'Smooch v1 cannot list conversations; keep the appUser ids'),
  get: ({ conversationId }) =>
    pipe(
      getAppUser(context, 'conversations.get', conversationId),
      TE.flatMap((appUser) =>
        pipe(
          conversationOf(context, 'conversations.get', appUser),
          TE.map((conversation) => toConversation(appUser._id, appUser, conversation)),
        ),
      ),
    ),
  // Pre-creates the appUser named by the first participant, or finds it when the vendor answers 409.
  create: ({ participants }) => {
    const [participant] = participants
    if (participant === undefined || participants.length > 1) {
      return refuse(
        'conversations.create',
        'a Smooch v1 conversation belongs to exactly one appUser: give one participant',
      )
    }
    const userId = participant.externalId ?? participant.userId
    if (userId === undefined)
      return refuse('conversations.create', 'the participant needs an externalId (the appUser userId)')
    return pipe(
      context.client.request({
        operation: 'conversations.create',
        method: 'POST',
        path: context.appUsers(),
        json: {
          userId,
          ...(participant.displayName === undefined ? {} : { givenName: participant.displayName }),
          ...(participant.email === undefined ? {} : { email: participant.email }),
        },
        codec: SmoochAppUserResponse,
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
          TE.map((conversation) => toConversation(appUser._id, appUser, conversation)),
        ),
      ),
    )
  },
  update: () => notSupported('conversations.update', 'a Smooch v1 conversation has nothing to update'),
  // Deleting the appUser would delete the person, not just the conversation: not offered.
  delete: () => notSupported('conversations.delete', 'deleting would delete the appUser itself'),
  markRead: ({ conversationId }) =>
    pipe(
      context.client.request({
        operation: 'conversations.markRead',
        method: 'POST',
        path: context.appUsers(conversationId, 'conversation', 'read'),
        codec: SmoochIgnoredResponse,
        resource: { name: 'conversation', id: conversationId },
      }),
      TE.map(() => undefined),
      // Before its first message an appUser has no conversation, hence nothing unread.
      TE.orElse((error) =>
        error._tag === 'NotFound'
          ? pipe(
              getAppUser(context, 'conversations.markRead', conversationId),
              TE.map(() => undefined),
            )
          : TE.left(error),
      ),
    ),
  setTyping: ({ conversationId, typing }) =>
    pipe(
      context.client.request({
        operation: 'conversations.setTyping',
        method: 'POST',
        path: context.appUsers(conversationId, 'conversation', 'activity'),
        json: { role: 'appMaker', type: typing ? 'typing:start' : 'typing:stop' },
        codec: SmoochIgnoredResponse,
        resource: { name: 'conversation', id: conversationId },
      }),
      TE.map(() => undefined),
    ),
})
