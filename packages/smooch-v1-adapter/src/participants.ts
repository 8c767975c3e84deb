/**
 * The participant port: a Smooch v1 conversation's only participant is its appUser.
 *
 * @module
 */
import { type ParticipantPort, unsupported } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { SmoochContext } from './context.js'
import { getAppUser } from './conversations.js'
import { toParticipant } from './mapping.js'

const oneAppUser = (operation: string) =>
  TE.left(
    unsupported({
      provider: 'smooch-v1',
      operation,
      capability: operation,
      message: `${operation}: a Smooch v1 conversation has exactly one participant, its appUser`,
    }),
  )

export const createParticipantPort = (context: SmoochContext): ParticipantPort => ({
  list: ({ conversationId }) =>
    pipe(
      getAppUser(context, 'participants.list', conversationId),
      TE.map((appUser) => [toParticipant(appUser._id, appUser)]),
    ),
  join: () => oneAppUser('participants.join'),
  leave: () => oneAppUser('participants.leave'),
})
