import { startSunshineEmulator, startUltraCartEmulator } from '@colloquy/emulators'
import { type MigrationReport, memoryLedger, migrate, sourceKeys } from '@colloquy/migrate'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { everyMessage } from './test-support/histories.js'

describe('migration under faults', () => {
  it('completes exactly once through 429 past the Retry-After cap, 5xx, resets, stalls and lost answers; failures are reported and re-runs pick them up', async () => {
    nock.enableNetConnect('127.0.0.1')
    const [ultracart, sunshine] = await Promise.all([startUltraCartEmulator(), startSunshineEmulator()])
    try {
      const start = Date.parse('2025-03-01T00:00:00Z')
      const seeded = ultracart.seed({
        conversations: Array.from({ length: 6 }, (_, c) => {
          const customer = { arn: `arn:ultracart:DEMO:participant/faulty-${c}`, name: `Customer ${c}` }
          return {
            participants: [customer],
            messages: Array.from({ length: 60 }, (_, i) => ({
              authorArn: i % 2 ? ultracart.agent.arn : customer.arn,
              body: `m${c}.${i}`,
              messageEpoch: start + c * 1_000_000 + i,
            })),
          }
        }),
      })
      const transport = { timeoutMs: 250, retry: { limit: 3, backoffLimitMs: 40, maxRetryAfterMs: 3_000 } }
      const source = createUltraCartAdapter({
        ...ultracart.credentials,
        baseUrl: ultracart.url,
        ...transport,
        rateLimit: false,
      })
      const target = createSunshineAdapter({ ...sunshine.credentials, baseUrl: sunshine.url, ...transport })
      const chaos = () => {
        ultracart.setFaults({ seed: 11, serverErrors: 0.08, resets: 0.04, stalls: 0.02, stallMs: 1_000 })
        sunshine.setFaults({
          seed: 12,
          serverErrors: 0.15,
          resets: 0.05,
          stalls: 0.02,
          stallMs: 1_000,
          lostResponses: 0.05,
        })
      }
      // First run: the target's budget is 40 requests an hour, counted, not timed, so the 41st
      // request and every one after it is refused with a Retry-After far past the client's cap
      // (3 s) however fast or slow this machine is: those failures outlast the retry budget.
      sunshine.setFaults({ rateLimit: { requests: 40, intervalMs: 3_600_000 } })
      const ledger = memoryLedger()
      const reports: MigrationReport[] = [await migrate({ source, target, ledger, concurrency: 3 })]
      expect(sunshine.faultCounts().rateLimited).toBeGreaterThan(0)
      const rateLimited = reports[0]?.conversations
        .flatMap((c) => c.errors)
        .filter((e) => e.tag === 'RateLimited')
      expect(rateLimited?.length).toBeGreaterThan(0)
      // Then every other fault at once, until a run finishes.
      chaos()
      for (let run = 1; run < 8; run++) {
        const report = await migrate({ source, target, ledger, concurrency: 3 })
        reports.push(report)
        if (report.totals.failed === 0 && report.totals.conversationsFailed === 0) break
      }
      const first = reports[0] as MigrationReport
      const last = reports.at(-1) as MigrationReport
      // Failures outlasted the retry budget in the first run, and were reported per item…
      expect(first.totals.failed + first.totals.conversationsFailed).toBeGreaterThan(0)
      expect(first.conversations.filter((c) => c.status === 'failed').every((c) => c.errors.length > 0)).toBe(
        true,
      )
      // …and later runs picked them up.
      expect(last.totals).toMatchObject({ failed: 0, conversationsFailed: 0 })
      const faults = {
        ...ultracart.faultCounts(),
        ...Object.fromEntries(Object.entries(sunshine.faultCounts()).map(([k, v]) => [`target ${k}`, v])),
      }
      expect(Object.values(faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(50)
      expect(sunshine.faultCounts().lostResponse).toBeGreaterThan(0)

      ultracart.setFaults({})
      sunshine.setFaults({})
      const copied = sunshine
        .state()
        .conversations.flatMap((c) =>
          (c.messages as { metadata?: Record<string, unknown> }[]).map(
            (m) => m.metadata?.[sourceKeys.messageId],
          ),
        )
      expect(copied).toHaveLength(360)
      expect(new Set(copied)).toEqual(new Set(seeded.flatMap((c) => c.messageUuids)))
      for (const conversation of last.conversations) {
        const original = await everyMessage(source, conversation.sourceConversationId)
        const inTarget = await everyMessage(target, conversation.targetConversationId ?? '')
        expect(inTarget.map((m) => m.metadata[sourceKeys.messageId])).toEqual(original.map((m) => m.id))
      }
    } finally {
      await Promise.all([ultracart.close(), sunshine.close()])
    }
  }, 120_000)
})
