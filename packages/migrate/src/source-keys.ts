/**
 * The metadata keys the engine writes in the target: how a later run, or `verifyMigration`, finds
 * what was copied from where.
 *
 * @module
 */

/**
 * Metadata keys the engine writes. Every copied message carries `messageId`, `authorRole`,
 * `createdAt` and, when the source names one, `authorId`; `degraded` when its content was
 * converted. `provider` and `conversationId` are on the
 * target conversation, and also on each message where one target conversation holds several
 * source conversations (Smooch v1: one conversation per appUser). `authorName` is written only
 * for a source author whose name the target author cannot carry (none today: it is the draft's
 * `displayName`), and is read back when present.
 */
export const sourceKeys = {
  provider: 'colloquy.sourceProvider',
  conversationId: 'colloquy.sourceConversationId',
  messageId: 'colloquy.sourceMessageId',
  authorRole: 'colloquy.sourceAuthorRole',
  authorId: 'colloquy.sourceAuthorId',
  authorName: 'colloquy.sourceAuthorName',
  createdAt: 'colloquy.sourceCreatedAt',
  degraded: 'colloquy.degraded',
} as const
