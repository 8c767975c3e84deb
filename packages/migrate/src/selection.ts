/**
 * The source conversations of a run, streamed as values: resolving them is the source's half of
 * the preflight, and a listing that breaks off later ends the stream with its error.
 *
 * @module
 */
import type { ChatAdapter, ColloquyError, Conversation } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { MigrationPlanError } from './errors.js'
import type { Selection } from './plan.js'
import type { SourceConversation } from './source-conversation.js'
import { conversationPages } from './walks.js'

/** The next source conversation, a listing failure (after which nothing comes), or `undefined` at the end. */
export interface SourceStream {
  readonly next: () => Promise<E.Either<ColloquyError, SourceConversation> | undefined>
  /** How many conversations there are in all, once known. */
  readonly total: () => number | undefined
}

/** A failed read of a source or target during preflight: nothing has been written. */
export const unreadable = (side: 'source' | 'target', adapter: ChatAdapter, error: ColloquyError) =>
  new MigrationPlanError(
    `the ${side} ${adapter.provider} ${
      error._tag === 'Unauthorized'
        ? 'refused the credentials'
        : error._tag === 'Network'
          ? 'cannot be reached'
          : 'cannot be read'
    }: ${error.message}`,
    side,
    error,
  )

/** Failures that mean the configuration is wrong rather than one conversation. */
export const isConfigurationFailure = (error: ColloquyError) =>
  error._tag === 'Unauthorized' || error._tag === 'Network'

const fromArray = (items: readonly SourceConversation[]): SourceStream => {
  let position = 0
  return {
    next: async () =>
      position < items.length ? E.right(items[position++] as SourceConversation) : undefined,
    total: () => items.length,
  }
}

/** Given ids: the first is read now, so wrong credentials or an unreachable source stop the run here. */
const fromIds =
  (
    source: ChatAdapter,
    ids: readonly string[] | AsyncIterable<string>,
  ): TE.TaskEither<MigrationPlanError, SourceStream> =>
  async () => {
    const iterator = (async function* () {
      yield* ids
    })()
    let ahead: IteratorResult<string> | undefined = await iterator.next()
    // The first conversation, read as the probe, is not read again for its copy.
    let probed: Conversation | undefined
    if (!ahead.done) {
      const probe = await source.conversations.get({ conversationId: ahead.value })()
      if (E.isLeft(probe) && isConfigurationFailure(probe.left))
        return E.left(unreadable('source', source, probe.left))
      if (E.isRight(probe)) probed = probe.right
    }
    let count = 0
    let ended = false
    return E.right({
      next: async () => {
        const current: IteratorResult<string> = ahead ?? (await iterator.next())
        const listed = ahead === undefined ? undefined : probed
        ahead = undefined
        if (current.done) {
          ended = true
          return undefined
        }
        count++
        return E.right(listed === undefined ? { id: current.value } : { id: current.value, listed })
      },
      total: () => (Array.isArray(ids) ? ids.length : ended ? count : undefined),
    })
  }

/** Given users: every conversation of each, resolved now (an unknown user is named before any write). */
const fromUsers =
  (source: ChatAdapter, users: readonly string[]): TE.TaskEither<MigrationPlanError, SourceStream> =>
  async () => {
    const seen = new Set<string>()
    const items: SourceConversation[] = []
    for (const userId of users) {
      let count = 0
      for await (const page of conversationPages(source, { userId })) {
        if (E.isLeft(page))
          return E.left(
            page.left._tag === 'NotFound'
              ? new MigrationPlanError(
                  `the source user '${userId}' is not known to ${source.provider}`,
                  'selection',
                  page.left,
                )
              : unreadable('source', source, page.left),
          )
        for (const conversation of page.right.items) {
          count++
          // Group conversations appear once per member.
          if (!seen.has(conversation.id)) {
            seen.add(conversation.id)
            items.push({ id: conversation.id, listed: conversation })
          }
        }
      }
      if (count === 0)
        return E.left(
          new MigrationPlanError(
            `the source user '${userId}' is in no ${source.provider} conversation`,
            'selection',
          ),
        )
    }
    return E.right(fromArray(items))
  }

/** Everything the source lists, page by page as the workers need them; the first page is read now. */
const fromListing =
  (source: ChatAdapter): TE.TaskEither<MigrationPlanError, SourceStream> =>
  async () => {
    const pages = conversationPages(source)
    const buffered: Conversation[] = []
    let count = 0
    let ended = false
    const pull = async (): Promise<E.Either<ColloquyError, void>> => {
      const page = await pages.next()
      if (page.done) {
        ended = true
        return E.right(undefined)
      }
      if (E.isLeft(page.value)) {
        ended = true
        return page.value
      }
      buffered.push(...page.value.right.items)
      count += page.value.right.items.length
      return E.right(undefined)
    }
    const first = await pull()
    if (E.isLeft(first)) return E.left(unreadable('source', source, first.left))
    return E.right({
      next: async () => {
        while (buffered.length === 0 && !ended) {
          const pulled = await pull()
          if (E.isLeft(pulled)) return pulled
        }
        const conversation = buffered.shift()
        return conversation === undefined ? undefined : E.right({ id: conversation.id, listed: conversation })
      },
      total: () => (ended ? count : undefined),
    })
  }

/** The source conversations `selection` names, checked against the source before anything is written. */
export const resolveSelection = (
  source: ChatAdapter,
  selection: Selection,
): TE.TaskEither<MigrationPlanError, SourceStream> => {
  switch (selection.kind) {
    case 'ids':
      return fromIds(source, selection.ids)
    case 'users':
      return fromUsers(source, selection.users)
    case 'all':
      return fromListing(source)
  }
}
