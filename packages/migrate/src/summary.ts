/**
 * The change hint of a delta run: a source listing that shows a conversation's last message lets a
 * run skip the conversation without reading it, when that summary is the one recorded after its
 * last complete copy.
 *
 * @module
 */
import type { Conversation } from '@colloquy/core'

/**
 * How old a conversation's last message must be before its summary is trusted, in ms. A message
 * arriving after a copy read the conversation gets a vendor timestamp later than that read, so a
 * summary whose last message is older than this (more than any clock difference between the vendor
 * and this machine) cannot stay the same when a message is added. A newer one is read every run
 * until it settles.
 */
export const settleMs = 60_000

/**
 * The conversation's listed summary as a comparable string — its last message's time, text and
 * author, and the conversation's update time — or `undefined` when the listing shows no last
 * message (Sunshine lists none: its conversations are always read) or it is not settled yet at
 * `nowMs`.
 */
export const settledSummary = (conversation: Conversation, nowMs: number): string | undefined => {
  const last = conversation.lastMessage
  const at = last?.createdAt?.getTime()
  if (last === undefined || at === undefined || Number.isNaN(at) || nowMs - at < settleMs) return undefined
  return JSON.stringify([
    at,
    last.text ?? null,
    last.authorName ?? null,
    conversation.updatedAt?.getTime() ?? null,
  ])
}
