/**
 * The memory adapter's participant port.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { invalidRequest } from '../errors.js'
import type { ParticipantPort } from '../ports.js'
import { findParticipant, withConversation } from './conversations.js'
import { activeParticipants, toParticipant } from './records.js'
import type { MemoryStore } from './store.js'

export const createParticipantPort = (store: MemoryStore): ParticipantPort => ({
  list: withConversation(store, 'participants.list', (c) =>
    E.right(activeParticipants(c).map((p) => toParticipant(c, p))),
  ),
  join: (input) =>
    withConversation(store, 'participants.join', (c) => {
      const existing = activeParticipants(c).find((p) => p.userId === input.userId)
      const participant = existing ?? store.addParticipant(c, { userId: input.userId }, 'customer')
      if (!existing)
        store.emit({ type: 'participant.joined', conversationId: c.id, participantId: participant.id })
      return E.right(toParticipant(c, participant))
    })(input),
  leave: (input) =>
    withConversation(store, 'participants.leave', (c) => {
      if (input.participantId === undefined && input.userId === undefined) {
        return E.left(
          invalidRequest({
            provider: store.provider,
            operation: 'participants.leave',
            message: 'participants.leave: the memory adapter needs participantId or userId',
          }),
        )
      }
      const participant = findParticipant(store, 'participants.leave', c, input)
      if (E.isLeft(participant)) return participant
      participant.right.leftAt = store.clock()
      store.emit({ type: 'participant.left', conversationId: c.id, participantId: participant.right.id })
      return E.right(undefined)
    })(input),
})
