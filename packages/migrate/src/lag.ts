/**
 * Lag: how old the oldest source message known and not yet in the target is — known from a
 * webhook that named it, or read by a copy that has not sent it yet — and, for messages copied
 * while following, how long after they were written they reached the target.
 *
 * @module
 */
import type { Message } from '@colloquy/core'
import type { MessageStep } from './context.js'

/** Percentiles of the delays of live copies, in ms. */
export interface LagFigures {
  /** Age of the oldest message known and not copied yet (0 when none). */
  readonly currentMs: number
  /** How many live copies were measured. */
  readonly samples: number
  readonly p50Ms?: number
  readonly p95Ms?: number
  readonly maxMs?: number
}

/** The `q` quantile (0–1) of sorted values, nearest rank. */
const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number

/** Most delays kept: beyond it, every second one is dropped (the figures stay representative). */
const maxSamples = 100_000

/**
 * Tracks the lag of a sync. `since`: messages written before it are history, not live: their
 * copies are not measured.
 */
export const createLagTracker = (now: () => number, since: number) => {
  const pending = new Map<string, Map<string, number>>()
  let samples: number[] = []

  const add = (conversationId: string, messageId: string, createdAt: number) => {
    let messages = pending.get(conversationId)
    if (!messages) {
      messages = new Map()
      pending.set(conversationId, messages)
    }
    if (!messages.has(messageId)) messages.set(messageId, createdAt)
  }
  const remove = (conversationId: string, messageId: string) => {
    const messages = pending.get(conversationId)
    if (!messages?.delete(messageId)) return false
    if (messages.size === 0) pending.delete(conversationId)
    return true
  }

  return {
    /** A webhook named a message: it is uncopied until a copy settles it. */
    noted: (conversationId: string, message: Message) =>
      add(conversationId, message.id, message.createdAt.getTime()),
    /** A copy's step (see `RunContext.observe`). */
    step: ({ sourceConversationId, message, step }: MessageStep) => {
      if (step === 'read') return add(sourceConversationId, message.id, message.createdAt.getTime())
      remove(sourceConversationId, message.id)
      const createdAt = message.createdAt.getTime()
      if (step === 'copied' && createdAt >= since) {
        if (samples.length >= maxSamples) samples = samples.filter((_, i) => i % 2 === 0)
        samples.push(Math.max(0, now() - createdAt))
      }
    },
    /** Whether a message named by a webhook is still waiting for its copy. */
    waiting: (conversationId: string, messageId: string) =>
      pending.get(conversationId)?.has(messageId) === true,
    /** Gives up on a message (the source never listed it): it no longer counts as lag. */
    drop: (conversationId: string, messageId: string) => remove(conversationId, messageId),
    /** Conversations with uncopied messages. */
    conversations: () => pending.size,
    figures: (): LagFigures => {
      let oldest = Number.POSITIVE_INFINITY
      for (const messages of pending.values())
        for (const at of messages.values()) oldest = Math.min(oldest, at)
      const currentMs = oldest === Number.POSITIVE_INFINITY ? 0 : Math.max(0, now() - oldest)
      if (samples.length === 0) return { currentMs, samples: 0 }
      const sorted = [...samples].sort((a, b) => a - b)
      return {
        currentMs,
        samples: samples.length,
        p50Ms: quantile(sorted, 0.5),
        p95Ms: quantile(sorted, 0.95),
        maxMs: sorted.at(-1) as number,
      }
    },
  }
}

/** A sync's lag tracker. */
export type LagTracker = ReturnType<typeof createLagTracker>
