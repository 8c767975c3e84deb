/**
 * Request bodies the adapter builds (the SDKs' `ConversationStartRequest` and
 * `ConversationAgentStatusUpdate`).
 *
 * @module
 */

/** `PUT /conversation/conversations`: the participants to start a conversation with. */
export interface UltraCartConversationStart {
  readonly add_conversation_participant_arns: readonly string[]
  readonly conversation_webchat_queue_uuid?: string
}

/** `PUT /conversation/conversations/queues/{queue_name}/status`. */
export interface UltraCartQueueStatusUpdate {
  readonly agent_status: 'available' | 'busy' | 'unavailable'
}
