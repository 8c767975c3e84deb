/**
 * Checks a migration against both adapters' capabilities before anything is written.
 *
 * @module
 */
import { type ChatAdapter, type Conversation, paginate } from '@colloquy/core'

/** A migration that cannot be done as asked; nothing was written. */
export class MigrationPlanError extends Error {
  override readonly name = 'MigrationPlanError'
}

export interface Plan {
  /** Source conversation ids, streamed (listing pages are read as the workers need them). */
  readonly conversations: AsyncIterable<string>
}

const fromList = async function* (ids: readonly string[] | AsyncIterable<string>) {
  yield* ids
}

const listed = async function* (source: ChatAdapter, userId?: string) {
  for await (const conversation of paginate((cursor) =>
    source.conversations.list({ cursor, ...(userId ? { userId } : {}) }),
  )) {
    yield (conversation as Conversation).id
  }
}

const byUsers = async function* (source: ChatAdapter, users: readonly string[]) {
  const seen = new Set<string>()
  for (const userId of users) {
    for await (const id of listed(source, userId)) {
      // Group conversations appear once per member.
      if (!seen.has(id)) {
        seen.add(id)
        yield id
      }
    }
  }
}

export const planMigration = (options: {
  readonly source: ChatAdapter
  readonly target: ChatAdapter
  readonly conversations?: readonly string[] | AsyncIterable<string>
  readonly users?: readonly string[]
  readonly dryRun?: boolean
}): Plan => {
  const { source, target } = options
  const refuse = (why: string) => {
    throw new MigrationPlanError(`cannot migrate ${source.provider} → ${target.provider}: ${why}`)
  }
  if (!source.capabilities.conversations.get) refuse(`${source.provider} cannot read conversations`)
  if (!source.capabilities.messages.list || !source.capabilities.messages.directions.includes('forward')) {
    refuse(`${source.provider} cannot list messages oldest first`)
  }
  if (!options.dryRun) {
    if (!target.capabilities.messages.send)
      refuse(`${target.provider} cannot receive messages (it has no way to send them)`)
    if (!target.capabilities.conversations.create) refuse(`${target.provider} cannot create conversations`)
    if (!target.capabilities.messages.metadata || !target.capabilities.messages.list) {
      refuse(`${target.provider} cannot store and list message metadata, which exactly-once copying needs`)
    }
  }
  if (options.conversations) return { conversations: fromList(options.conversations) }
  switch (source.capabilities.conversations.list) {
    case 'all':
      return { conversations: listed(source) }
    case 'byUser':
      if (!options.users?.length)
        refuse(
          `${source.provider} lists conversations per user: give the user ids (users) or the conversation ids`,
        )
      return { conversations: byUsers(source, options.users ?? []) }
    default:
      return refuse(`${source.provider} cannot list conversations: give the conversation ids`)
  }
}
