/**
 * The participant port. UltraCart's join and leave act for the authenticated agent: `userId` /
 * `participantId` must name that agent (its participant ARN, or its participant id), and are
 * refused otherwise.
 *
 * @module
 */
import { type ColloquyError, notFound, type ParticipantPort } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { AgentDirectory } from './agents.js'
import { type UltraCartConversation, UltraCartConversationResponse } from './codecs.js'
import type { UltraCartContext } from './context.js'
import { isPresent, toParticipant } from './mapping.js'

const readConversation = (
  context: UltraCartContext,
  operation: string,
  conversationId: string,
): TE.TaskEither<ColloquyError, UltraCartConversation> =>
  pipe(
    context.enveloped({
      operation,
      method: 'GET',
      path: context.path('conversations', conversationId),
      // Participants only: the newest 0 messages.
      query: { limit: 0 },
      codec: UltraCartConversationResponse,
      resource: { name: 'conversation', id: conversationId },
    }),
    TE.flatMap(({ conversation }) =>
      conversation
        ? TE.right(conversation)
        : TE.left(
            notFound({ provider: context.provider, operation, resource: 'conversation', id: conversationId }),
          ),
    ),
  )

export const createParticipantPort = (
  context: UltraCartContext,
  agents: AgentDirectory,
): ParticipantPort => ({
  list: ({ conversationId }) =>
    pipe(
      TE.Do,
      TE.apS('roleOf', agents.roles('participants.list')),
      TE.apS('conversation', readConversation(context, 'participants.list', conversationId)),
      TE.map(({ roleOf, conversation }) =>
        (conversation.participants ?? [])
          .filter(isPresent)
          .map((p) => toParticipant(conversationId, p, roleOf)),
      ),
    ),
  join: ({ conversationId, userId }) =>
    pipe(
      agents.self('participants.join'),
      TE.flatMap((self) =>
        self === userId
          ? TE.right(self)
          : context.refuse(
              'participants.join',
              `UltraCart joins only the authenticated agent (${self}), not '${userId}'`,
            ),
      ),
      TE.flatMap((self) =>
        pipe(
          context.requestVoid({
            operation: 'participants.join',
            method: 'PUT',
            path: context.path('conversations', conversationId, 'join'),
            resource: { name: 'conversation', id: conversationId },
          }),
          TE.flatMap(() => readConversation(context, 'participants.join', conversationId)),
          TE.flatMap((conversation) => {
            const joined = (conversation.participants ?? []).find(
              (p) => p.conversation_participant_arn === self && isPresent(p),
            )
            return joined
              ? TE.right(toParticipant(conversationId, joined, () => 'agent'))
              : TE.left(
                  notFound({
                    provider: context.provider,
                    operation: 'participants.join',
                    resource: 'participant',
                    id: self,
                  }),
                )
          }),
        ),
      ),
    ),
  leave: ({ conversationId, participantId, userId }) =>
    pipe(
      agents.self('participants.leave'),
      TE.flatMap((self) =>
        participantId === undefined
          ? TE.right(self)
          : pipe(
              readConversation(context, 'participants.leave', conversationId),
              TE.map(
                (conversation) =>
                  conversation.participants?.find((p) => p.conversation_participant_uuid === participantId)
                    ?.conversation_participant_arn,
              ),
              TE.flatMap((arn) =>
                arn === self
                  ? TE.right(self)
                  : context.refuse('participants.leave', 'UltraCart removes only the authenticated agent'),
              ),
            ),
      ),
      TE.flatMap((self) =>
        userId === undefined || userId === self
          ? TE.right(self)
          : context.refuse('participants.leave', 'UltraCart removes only the authenticated agent'),
      ),
      TE.flatMap(() =>
        context.requestVoid({
          operation: 'participants.leave',
          method: 'DELETE',
          path: context.path('conversations', conversationId, 'leave'),
          resource: { name: 'conversation', id: conversationId },
        }),
      ),
    ),
})
