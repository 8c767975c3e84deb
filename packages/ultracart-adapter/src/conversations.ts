/**
 * The conversation port.
 *
 * @module
 */
import type { ConversationPort } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { AgentDirectory } from './agents.js'
import {
  UltraCartConversationResponse,
  UltraCartConversationsResponse,
  UltraCartStartResponse,
} from './codecs.js'
import type { UltraCartContext } from './context.js'
import { toConversation } from './mapping.js'
import type { UltraCartConversationStart } from './requests.js'

/** `_limit` "Max 200" (reference §1.4). */
const conversationPageSize = 200

/**
 * A conversation list cursor wraps the vendor's `next_offset`, whatever integer it is (the spec
 * types it int32, sign included): a cursor this adapter handed out is always accepted.
 */
const offsetOf = (position: string | undefined) =>
  position !== undefined && /^-?\d{1,12}$/.test(position) ? Number(position) : undefined

export const createConversationPort = (
  context: UltraCartContext,
  agents: AgentDirectory,
  options: { readonly medium?: string; readonly webchatQueueUuid?: string },
): ConversationPort => ({
  // Every conversation of the merchant, oldest offset first; `userId` (a participant ARN) filters each page.
  list: ({ userId, cursor, limit }) => {
    // The merchant's one list: the offset counts every conversation, whatever `userId` keeps.
    const offset = cursor === undefined ? 0 : offsetOf(context.listCursor.decode('', cursor))
    if (offset === undefined)
      return context.refuse('conversations.list', `cursor '${cursor}' is not one this adapter made`)
    return pipe(
      TE.Do,
      TE.apS('roleOf', agents.roles('conversations.list')),
      TE.apS(
        'page',
        context.enveloped({
          operation: 'conversations.list',
          method: 'GET',
          path: context.path('conversations'),
          // The vendor's largest page by default: listing all conversations spends its hourly budget.
          query: {
            _limit: Math.min(limit ?? conversationPageSize, conversationPageSize),
            _offset: offset,
            medium: options.medium,
          },
          codec: UltraCartConversationsResponse,
        }),
      ),
      TE.map(({ roleOf, page }) => {
        const conversations = (page.conversations ?? []).filter(
          (c) =>
            userId === undefined ||
            (c.participants ?? []).some((p) => p.conversation_participant_arn === userId),
        )
        const items = conversations.map((c) => toConversation(context.provider, c, roleOf))
        const resultSet = page.metadata?.result_set
        return resultSet?.more && resultSet.next_offset !== undefined
          ? { items, nextCursor: context.listCursor.encode('', String(resultSet.next_offset)) }
          : { items }
      }),
    )
  },
  get: ({ conversationId }) =>
    pipe(
      TE.Do,
      TE.apS('roleOf', agents.roles('conversations.get')),
      TE.apS(
        'answer',
        context.enveloped({
          operation: 'conversations.get',
          method: 'GET',
          path: context.path('conversations', conversationId),
          codec: UltraCartConversationResponse,
          resource: { name: 'conversation', id: conversationId },
        }),
      ),
      TE.flatMap(({ roleOf, answer }) =>
        answer.conversation
          ? TE.right(toConversation(context.provider, answer.conversation, roleOf))
          : context.refuse('conversations.get', 'the vendor answered without a conversation'),
      ),
    ),
  // "Start conversation": participants are given by their participant ARN (userId or externalId).
  create: ({ participants }) => {
    const arns = participants.flatMap((p) => p.userId ?? p.externalId ?? [])
    if (arns.length !== participants.length)
      return context.refuse('conversations.create', 'each participant needs its participant ARN as userId')
    return pipe(
      TE.Do,
      TE.apS('roleOf', agents.roles('conversations.create')),
      TE.apS(
        'answer',
        context.client.request({
          operation: 'conversations.create',
          method: 'PUT',
          path: context.path('conversations'),
          json: {
            add_conversation_participant_arns: arns,
            ...(options.webchatQueueUuid === undefined
              ? {}
              : { conversation_webchat_queue_uuid: options.webchatQueueUuid }),
          } satisfies UltraCartConversationStart,
          codec: UltraCartStartResponse,
        }),
      ),
      TE.map(({ roleOf, answer }) => toConversation(context.provider, answer.conversation, roleOf)),
    )
  },
  update: () =>
    context.unsupported('conversations.update', 'UltraCart has no endpoint to change a conversation'),
  delete: () =>
    context.unsupported('conversations.delete', 'UltraCart has no endpoint to delete a conversation'),
  markRead: ({ conversationId, participantId }) =>
    participantId !== undefined
      ? context.refuse(
          'conversations.markRead',
          'UltraCart marks a conversation read for the authenticated agent only; omit participantId',
        )
      : context.requestVoid({
          operation: 'conversations.markRead',
          method: 'PUT',
          path: context.path('conversations', conversationId, 'markread'),
          resource: { name: 'conversation', id: conversationId },
        }),
  setTyping: () =>
    context.unsupported('conversations.setTyping', 'typing exists only on the agent websocket'),
})
