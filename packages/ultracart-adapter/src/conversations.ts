/**
 * The conversation port.
 *
 * @module
 */
import { type ConversationPort, unsupported } from '@colloquy/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { AgentDirectory } from './agents.js'
import {
  UltraCartConversationResponse,
  UltraCartConversationsResponse,
  UltraCartStartResponse,
  UltraCartVoidResponse,
} from './codecs.js'
import { refuse, type UltraCartContext } from './context.js'
import { offsetCursor, toConversation } from './mapping.js'

const notSupported = (operation: string, why: string) =>
  TE.left(
    unsupported({ provider: 'ultracart', operation, capability: operation, message: `${operation}: ${why}` }),
  )

/** `_limit` "Max 200" (reference §1.4). */
const maximumPageSize = 200

export const conversationPath = (conversationId: string, ...rest: readonly string[]) => [
  'conversation',
  'conversations',
  conversationId,
  ...rest,
]

export const createConversationPort = (
  context: UltraCartContext,
  agents: AgentDirectory,
  options: { readonly medium?: string; readonly webchatQueueUuid?: string },
): ConversationPort => ({
  // Every conversation of the merchant, oldest offset first; `userId` (a participant ARN) filters each page.
  list: ({ userId, cursor, limit }) => {
    const offset = cursor === undefined ? 0 : offsetCursor.decode(cursor)
    if (offset === undefined)
      return refuse('conversations.list', `cursor '${cursor}' is not one this adapter made`)
    return pipe(
      TE.Do,
      TE.apS('roleOf', agents.roles('conversations.list')),
      TE.apS(
        'page',
        context.enveloped({
          operation: 'conversations.list',
          method: 'GET',
          path: ['conversation', 'conversations'],
          // The vendor's largest page by default: listing all conversations spends its hourly budget.
          query: {
            _limit: Math.min(limit ?? maximumPageSize, maximumPageSize),
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
        const items = conversations.map((c) => toConversation(c, roleOf))
        const resultSet = page.metadata?.result_set
        return resultSet?.more && resultSet.next_offset !== undefined
          ? { items, nextCursor: offsetCursor.encode(resultSet.next_offset) }
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
          path: conversationPath(conversationId),
          codec: UltraCartConversationResponse,
          resource: { name: 'conversation', id: conversationId },
        }),
      ),
      TE.flatMap(({ roleOf, answer }) =>
        answer.conversation
          ? TE.right(toConversation(answer.conversation, roleOf))
          : refuse('conversations.get', 'the vendor answered without a conversation'),
      ),
    ),
  // "Start conversation": participants are given by their participant ARN (userId or externalId).
  create: ({ participants }) => {
    const arns = participants.map((p) => p.userId ?? p.externalId)
    if (arns.some((arn) => arn === undefined))
      return refuse('conversations.create', 'each participant needs its participant ARN as userId')
    return pipe(
      TE.Do,
      TE.apS('roleOf', agents.roles('conversations.create')),
      TE.apS(
        'answer',
        context.client.request({
          operation: 'conversations.create',
          method: 'PUT',
          path: ['conversation', 'conversations'],
          json: {
            add_conversation_participant_arns: arns,
            ...(options.webchatQueueUuid === undefined
              ? {}
              : { conversation_webchat_queue_uuid: options.webchatQueueUuid }),
          },
          codec: UltraCartStartResponse,
        }),
      ),
      TE.map(({ roleOf, answer }) => toConversation(answer.conversation, roleOf)),
    )
  },
  update: () => notSupported('conversations.update', 'UltraCart has no endpoint to change a conversation'),
  delete: () => notSupported('conversations.delete', 'UltraCart has no endpoint to delete a conversation'),
  markRead: ({ conversationId, participantId }) =>
    participantId !== undefined
      ? refuse(
          'conversations.markRead',
          'UltraCart marks a conversation read for the authenticated agent only; omit participantId',
        )
      : pipe(
          context.client.request({
            operation: 'conversations.markRead',
            method: 'PUT',
            path: conversationPath(conversationId, 'markread'),
            codec: UltraCartVoidResponse,
            resource: { name: 'conversation', id: conversationId },
          }),
          TE.map(() => undefined),
        ),
  setTyping: () => notSupported('conversations.setTyping', 'typing exists only on the agent websocket'),
})
