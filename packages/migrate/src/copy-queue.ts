/**
 * The copies of a sync, one at a time per conversation: a conversation asked for while its copy
 * runs is copied again right after (so what arrived meanwhile is not missed), and any number of
 * asks while it waits are one copy.
 *
 * @module
 */
import type * as E from 'fp-ts/lib/Either.js'
import type { ConversationReport } from './report.js'
import type { SourceConversation } from './source-conversation.js'

/** A copy's outcome: its report, or the ledger failure that ends the sync. */
export type CopyOutcome = E.Either<unknown, ConversationReport>

interface Waiting {
  item: SourceConversation
  readonly done: Promise<CopyOutcome>
  readonly resolve: (outcome: CopyOutcome) => void
}

/** Conversations copied at most `concurrency` at a time, each by one copy at a time. */
export interface CopyQueue {
  /**
   * Copies `item` by a copy that starts after this call: at once when a worker is free and the
   * conversation is not being copied, else after the copy that runs. `urgent` asks go before the
   * others (live news before the rest of a pass). Resolves with that copy's outcome.
   */
  readonly request: (item: SourceConversation, urgent?: boolean) => Promise<CopyOutcome>
  /** Copies running or waiting. */
  readonly busy: () => number
  /** Resolves once no copy runs or waits. */
  readonly settled: () => Promise<void>
}

export const createCopyQueue = (
  concurrency: number,
  copy: (item: SourceConversation) => Promise<CopyOutcome>,
): CopyQueue => {
  const running = new Set<string>()
  const waiting = new Map<string, Waiting>()
  // Conversations ready to start (waiting and not running), in order.
  const ready: string[] = []
  const onSettled: (() => void)[] = []
  const busy = () => running.size + waiting.size

  const pump = () => {
    while (running.size < concurrency && ready.length > 0) {
      const id = ready.shift() as string
      const next = waiting.get(id)
      if (next === undefined || running.has(id)) continue
      waiting.delete(id)
      running.add(id)
      void copy(next.item).then((outcome) => {
        running.delete(id)
        if (waiting.has(id)) ready.push(id)
        next.resolve(outcome)
        pump()
        if (busy() === 0) for (const settle of onSettled.splice(0)) settle()
      })
    }
  }

  return {
    request: (item, urgent = false) => {
      const pending = waiting.get(item.id)
      if (pending !== undefined) {
        // A listing's copy of the conversation saves the copy a read.
        if (item.listed !== undefined) pending.item = item
        const at = ready.indexOf(item.id)
        if (urgent && at > 0) {
          ready.splice(at, 1)
          ready.unshift(item.id)
        }
        return pending.done
      }
      let resolve: (outcome: CopyOutcome) => void = () => undefined
      const done = new Promise<CopyOutcome>((settle) => {
        resolve = settle
      })
      waiting.set(item.id, { item, done, resolve })
      if (!running.has(item.id)) {
        if (urgent) ready.unshift(item.id)
        else ready.push(item.id)
      }
      pump()
      return done
    },
    busy,
    settled: () =>
      busy() === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            onSettled.push(resolve)
          }),
  }
}
