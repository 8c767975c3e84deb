/**
 * The UltraCart emulator's state: conversations with participants and messages in epoch order,
 * the webchat queue of its one agent, and their JSON as the API answers it.
 *
 * @module
 */
import type { JsonObject as Json } from './json.js'
import type { UltraCartEmulator, UltraCartSeedMessage } from './ultracart.js'

export interface StoredParticipant {
  readonly conversation_participant_arn: string
  readonly conversation_participant_name: string
  readonly conversation_participant_uuid: string
  readonly email?: string
  joined_dts: string
  left_dts?: string
  status: 'joined' | 'left'
  unread_messages: number
}
export interface StoredConversation {
  readonly uuid: string
  readonly arn: string
  readonly medium: 'websocket' | 'sms'
  closed: boolean
  readonly start_dts: string
  participants: StoredParticipant[]
  messages: Json[]
}

/** The conversations and queues of one emulator, and the changes its routes and seeds make. */
export type UltraCartStore = ReturnType<typeof createUltraCartStore>

export const createUltraCartStore = (options: {
  readonly clock: () => number
  readonly newUuid: () => string
  readonly merchantId: string
  readonly agent: { readonly arn: string; readonly name: string }
}) => {
  const { clock, newUuid, merchantId, agent } = options
  const conversations = new Map<string, StoredConversation>()
  const queues: Json[] = [
    {
      queue_name: 'support',
      agent_count: 1,
      agent_available_count: 1,
      agent_busy_count: 0,
      agent_unavailable_count: 0,
      customer_active_count: 0,
      customer_waiting_count: 0,
      agents: [
        {
          conversation_participant_arn: agent.arn,
          conversation_participant_name: agent.name,
          agent_status: 'available',
        },
      ],
      queue_entries: [],
    },
  ]
  const dts = (epoch = clock()) => new Date(epoch).toISOString()

  const participantJson = (p: StoredParticipant): Json => ({ ...p })
  const activeAgent = (c: StoredConversation) =>
    c.participants.find((p) => p.conversation_participant_arn === agent.arn && p.status === 'joined')
  const summaryJson = (c: StoredConversation): Json => {
    const last = c.messages.at(-1)
    return {
      conversation_uuid: c.uuid,
      conversation_arn: c.arn,
      merchant_id: merchantId,
      medium: c.medium,
      closed: c.closed,
      visible: true,
      start_dts: c.start_dts,
      message_count: c.messages.length,
      unread_messages: (activeAgent(c)?.unread_messages ?? 0) > 0,
      participants: c.participants.map(participantJson),
      ...(last
        ? {
            last_message_dts: last.message_dts,
            last_interactive_message_dts: last.message_dts,
            last_conversation_message_body: last.body,
            last_conversation_participant_arn: last.author_conversation_participant_arn,
            last_conversation_participant_name: last.author_conversation_participant_name,
          }
        : {}),
    }
  }
  const conversationJson = (c: StoredConversation, messages: readonly Json[] = c.messages): Json => ({
    ...summaryJson(c),
    base_language_iso_code: 'en',
    virtual_agent: false,
    messages: [...messages],
  })

  const addParticipant = (
    c: StoredConversation,
    arn: string,
    name: string,
    email?: string,
  ): StoredParticipant => {
    const existing = c.participants.find((p) => p.conversation_participant_arn === arn)
    if (existing) {
      existing.status = 'joined'
      existing.joined_dts = dts()
      delete existing.left_dts
      return existing
    }
    const participant: StoredParticipant = {
      conversation_participant_arn: arn,
      conversation_participant_name: name,
      conversation_participant_uuid: newUuid(),
      ...(email === undefined ? {} : { email }),
      joined_dts: dts(),
      status: 'joined',
      unread_messages: 0,
    }
    c.participants.push(participant)
    return participant
  }

  const createConversation = (input: {
    uuid?: string
    medium?: 'websocket' | 'sms'
    closed?: boolean
  }): StoredConversation => {
    const uuid = input.uuid ?? newUuid()
    const conversation: StoredConversation = {
      uuid,
      arn: `arn:ultracart:${merchantId}:conversation/${uuid}`,
      medium: input.medium ?? 'websocket',
      closed: input.closed ?? false,
      start_dts: dts(),
      participants: [],
      messages: [],
    }
    conversations.set(uuid, conversation)
    return conversation
  }

  const storeMessage = (c: StoredConversation, input: UltraCartSeedMessage): Json => {
    const author = c.participants.find((p) => p.conversation_participant_arn === input.authorArn)
    const epoch = input.messageEpoch ?? clock()
    const message: Json = {
      conversation_message_uuid: input.uuid ?? newUuid(),
      author_conversation_participant_arn: input.authorArn,
      author_conversation_participant_name: author?.conversation_participant_name ?? input.authorArn,
      body: input.body,
      message_dts: dts(epoch),
      message_epoch: epoch,
      merchant_id: merchantId,
      media_urls: [...(input.mediaUrls ?? [])],
      type: input.type ?? 'message',
      transport_statuses: [],
      upload_keys: [],
    }
    // Keep epoch order; equal epochs stay in arrival order.
    let index = c.messages.length
    while (index > 0 && (c.messages[index - 1]?.message_epoch as number) > epoch) index--
    c.messages.splice(index, 0, message)
    for (const participant of c.participants) {
      if (participant.conversation_participant_arn !== input.authorArn && participant.status === 'joined')
        participant.unread_messages++
    }
    return message
  }

  const seed: UltraCartEmulator['seed'] = (data) =>
    (data.conversations ?? []).map((input) => {
      const conversation = createConversation(input)
      if (input.includeAgent ?? true) addParticipant(conversation, agent.arn, agent.name)
      for (const p of input.participants ?? []) addParticipant(conversation, p.arn, p.name, p.email)
      const messageUuids = (input.messages ?? []).map(
        (m) => storeMessage(conversation, m).conversation_message_uuid as string,
      )
      return { uuid: conversation.uuid, messageUuids }
    })

  return {
    conversations,
    queues,
    dts,
    activeAgent,
    summaryJson,
    conversationJson,
    addParticipant,
    createConversation,
    storeMessage,
    seed,
    /** Conversations with participants and messages, and queue statuses, as stored, copied. */
    state: () => ({
      conversations: [...conversations.values()].map((c) => structuredClone(conversationJson(c))),
      queues: structuredClone(queues),
    }),
  }
}
