/**
 * The participant port: a Smooch v1 conversation's only participant is its appUser.
 *
 * @module
 */
import type { ParticipantPort } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { SmoochV1Context } from './context.js'
import { getAppUser } from './conversations.js'
import { toParticipant } from './mapping.js'

export const createParticipantPort = (context: SmoochV1Context): ParticipantPort => {
  const oneAppUser = (operation: string) =>
    context.unsupported(operation, 'a Smooch v1 conversation has exactly one participant, its appUser')
  return {
    list: ({ conversationId }) =>
      pipe(
        getAppUser(context, 'participants.list', conversationId),
        TE.map((appUser) => [toParticipant(appUser._id, appUser)]),
      ),
    join: () => oneAppUser('participants.join'),
    leave: () => oneAppUser('participants.leave'),
  }
}
