/**
 * Webhook delivery as Sunshine and Smooch do it: a JSON POST to the target with the webhook's
 * shared secret in `X-API-Key`. Like the vendors, a call that fails is retried (here up to 2 more
 * times, quickly) unless the target answered 400, 401, 403, 404 or 406.
 *
 * @module
 */

/** Where an emulator posts webhooks. */
export interface WebhookTarget {
  readonly target: string
  readonly secret: string
  /** Triggers to send; every trigger the emulator produces when omitted. */
  readonly triggers?: readonly string[]
}

/** One delivery attempt's outcome. */
export interface WebhookDelivery {
  readonly target: string
  readonly trigger: string
  readonly body: unknown
  /** The target's status, or `'failed'` when it could not be reached. */
  readonly status: number | 'failed'
  readonly attempts: number
}

const notRetried = new Set([400, 401, 403, 404, 406])

export interface WebhookSender {
  /** Posts `body` to every target subscribed to `trigger`; resolves when all attempts are done. */
  readonly send: (trigger: string, body: unknown) => Promise<void>
  readonly deliveries: () => readonly WebhookDelivery[]
}

export const createWebhookSender = (targets: () => readonly WebhookTarget[]): WebhookSender => {
  const log: WebhookDelivery[] = []
  const deliver = async (target: WebhookTarget, trigger: string, body: unknown) => {
    let status: number | 'failed' = 'failed'
    let attempts = 0
    while (attempts < 3) {
      attempts++
      try {
        const response = await fetch(target.target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': target.secret },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(20_000),
        })
        await response.arrayBuffer()
        status = response.status
        if (response.ok || notRetried.has(response.status)) break
      } catch {
        status = 'failed'
      }
    }
    log.push({ target: target.target, trigger, body, status, attempts })
  }
  return {
    send: async (trigger, body) => {
      const subscribed = targets().filter((t) => t.triggers === undefined || t.triggers.includes(trigger))
      await Promise.all(subscribed.map((target) => deliver(target, trigger, body)))
    },
    deliveries: () => [...log],
  }
}
