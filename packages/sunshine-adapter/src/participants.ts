/**
 * The participant port, and the participant lookups other ports need.
 *
 * @module
 */
import type { ColloquyError, Participant, ParticipantPort } from '@colloquy/core'
import { notFound } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import {
  type SunshineParticipant,
  SunshineParticipantListResponse,
  SunshineParticipantResponse,
} from './codecs.js'
import type { SunshineContext } from './context.js'
import { toParticipant } from './mapping.js'
import { walkGuard } from './walk-guard.js'

/**
 * Pages of participants one walk follows. Sunshine documents no maximum (sdkGroup conversations
 * start with at most 10); 100 pages of 100 is far beyond any conversation a person takes part in.
 */
const maximumParticipantPages = 100

/**
 * Every participant of a conversation, following the vendor's pages (100 per request); `Decode`
 * past {@link maximumParticipantPages} pages or at a cursor already followed.
 */
export const listAllParticipants = (
  context: SunshineContext,
  operation: string,
  conversationId: string,
): TE.TaskEither<ColloquyError, SunshineParticipant[]> => {
  const guard = walkGuard(
    context.provider,
    operation,
    'meta.afterCursor',
    maximumParticipantPages,
    `${maximumParticipantPages * 100} participants`,
  )
  const fetchFrom = (
    after: string | undefined,
    gathered: SunshineParticipant[],
  ): TE.TaskEither<ColloquyError, SunshineParticipant[]> =>
    pipe(
      context.client.request({
        operation,
        method: 'GET',
        path: context.path('conversations', conversationId, 'participants'),
        query: { 'page[size]': 100, 'page[after]': after },
        codec: SunshineParticipantListResponse,
        resource: { name: 'conversation', id: conversationId },
      }),
      TE.flatMap((page) => {
        const all = [...gathered, ...(page.participants ?? [])]
        const next = page.meta?.hasMore ? page.meta.afterCursor : undefined
        if (next === undefined) return TE.right(all)
        const stop = guard.step(next)
        return stop ? TE.left(stop) : fetchFrom(next, all)
      }),
    )
  return fetchFrom(undefined, [])
}

export const createParticipantPort = (context: SunshineContext): ParticipantPort => ({
  list: ({ conversationId }) =>
    pipe(
      listAllParticipants(context, 'participants.list', conversationId),
      TE.map((participants) => participants.map((p) => toParticipant(conversationId, p))),
    ),
  // The vendor allows joining sdkGroup conversations only; a personal one answers 400 (InvalidRequest).
  join: ({ conversationId, userId }) =>
    pipe(
      context.client.request({
        operation: 'participants.join',
        method: 'POST',
        path: context.path('conversations', conversationId, 'join'),
        json: { userId },
        codec: SunshineParticipantResponse,
        resource: { name: 'conversation', id: conversationId },
      }),
      TE.map(({ participant }): Participant => toParticipant(conversationId, participant)),
    ),
  leave: ({ conversationId, participantId, userId }) => {
    if (participantId === undefined && userId === undefined) {
      return context.refuse('participants.leave', 'Sunshine needs participantId or userId')
    }
    return context.requestVoid({
      operation: 'participants.leave',
      method: 'POST',
      path: context.path('conversations', conversationId, 'leave'),
      // The vendor takes exactly one of them.
      json: participantId === undefined ? { userId } : { participantId },
      resource: { name: 'participant', id: participantId ?? userId },
    })
  },
})

/** The user behind a participant id, for reads on a participant's behalf. */
export const userOfParticipant = (
  context: SunshineContext,
  operation: string,
  conversationId: string,
  participantId: string,
) =>
  pipe(
    listAllParticipants(context, operation, conversationId),
    TE.flatMap((participants) => {
      const found = participants.find((p) => p.id === participantId)
      return found
        ? TE.right(found.userId)
        : TE.left(
            notFound({ provider: context.provider, operation, resource: 'participant', id: participantId }),
          )
    }),
  )
