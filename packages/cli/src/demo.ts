/**
 * `colloquy demo`: starts the three emulators, seeds UltraCart and Smooch v1 with realistic
 * history, migrates both into Sunshine with progress, verifies every target conversation against
 * its source, and prints the reports.
 *
 * @module
 */
import { startAllEmulators } from '@colloquy/emulators'
import { verifyMigration } from '@colloquy/migrate'
import { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import { migrationExitCode, runMigration } from './migrate-command.js'

const questions = [
  'Where is my order?',
  'Can I change the delivery address?',
  'Do you ship to Canada?',
  'The parcel arrived damaged.',
  'Is the blue one back in stock?',
]
const answers = [
  'Let me check that for you.',
  'Done — anything else?',
  'Yes, within 5 days.',
  'Sorry about that, a replacement is on its way.',
  'It will be back next week.',
]

const seedUltraCart = (emulators: Awaited<ReturnType<typeof startAllEmulators>>, start: number) =>
  Array.from({ length: 6 }, (_, c) => {
    const customer = {
      arn: `arn:ultracart:DEMO:participant/customer-${c}`,
      name: ['Jane', 'Omar', 'Li', 'Ana', 'Tom', 'Ivy'][c] ?? 'Customer',
      email: `customer${c}@example.com`,
    }
    const secondAgent = { arn: `arn:ultracart:DEMO:participant/agent-${c + 2}`, name: 'Kim (billing)' }
    const [conversation] = emulators.ultracart.seed({
      conversations: [
        {
          participants: [customer, ...(c % 2 ? [secondAgent] : [])],
          messages: Array.from({ length: 60 + c * 25 }, (_, i) => ({
            authorArn:
              i % 2 ? (c % 2 && i % 6 === 5 ? secondAgent.arn : emulators.ultracart.agent.arn) : customer.arn,
            body: i % 2 ? (answers[i % 5] ?? '') : (questions[i % 5] ?? ''),
            messageEpoch: start + c * 86_400_000 + Math.floor(i / 2) * 45_000,
            ...(i === 0
              ? { type: 'engagement prompt' as const, body: 'Hi! Can we help you find something?' }
              : {}),
            ...(i % 17 === 4 ? { mediaUrls: ['https://cdn.example.com/photo.jpg'] } : {}),
          })),
        },
      ],
    })
    return conversation?.uuid ?? ''
  })

const seedSmooch = (emulators: Awaited<ReturnType<typeof startAllEmulators>>, start: number) =>
  emulators.smooch
    .seed({
      appUsers: Array.from({ length: 5 }, (_, u) => ({
        userId: `smooch-customer-${u}`,
        givenName: ['Steve', 'Maria', 'Ken', 'Zoe', 'Raj'][u] ?? 'Customer',
        messages: Array.from({ length: 50 + u * 30 }, (_, i) => ({
          role: i % 2 ? ('appMaker' as const) : ('appUser' as const),
          name: i % 2 ? 'Support' : undefined,
          received: start / 1000 + u * 86_400 + Math.floor(i / 3) * 30,
          ...(i % 13 === 6
            ? {
                type: 'carousel',
                text: '',
                items: [
                  {
                    title: 'Blue jacket',
                    description: '$89',
                    mediaUrl: 'https://cdn.example.com/jacket.jpg',
                    actions: [{ type: 'link', text: 'Buy', uri: 'https://example.com/jacket' }],
                  },
                ],
              }
            : i % 11 === 8
              ? { type: 'image', mediaUrl: 'https://cdn.example.com/receipt.png', text: 'my receipt' }
              : i % 19 === 10
                ? {
                    type: 'location',
                    text: 'Shared a location',
                    coordinates: { lat: 45.5, long: -73.57 },
                    location: { name: 'Store #12' },
                  }
                : { type: 'text', text: i % 2 ? (answers[i % 5] ?? '') : (questions[i % 5] ?? '') }),
        })),
      })),
    })
    .map((appUser) => appUser._id)

export const runDemo = async (out: NodeJS.WritableStream = process.stdout): Promise<boolean> => {
  const print = (text: string) => out.write(`${text}\n`)
  const emulators = await startAllEmulators({ empty: true })
  try {
    const start = Date.now() - 30 * 86_400_000
    const ultracartIds = seedUltraCart(emulators, start)
    const smoochIds = seedSmooch(emulators, start)
    print(
      `colloquy demo: three vendor emulators on loopback; seeded ${ultracartIds.length} UltraCart and ${smoochIds.length} Smooch v1 conversations\n`,
    )
    const sunshine = createSunshineAdapter({
      ...emulators.sunshine.credentials,
      baseUrl: emulators.sunshine.url,
    })
    // Billing agents are in no webchat queue, so the adapter is told they are agents.
    const billingAgents = ultracartIds.map((_, c) => `arn:ultracart:DEMO:participant/agent-${c + 2}`)
    const ultracart = createUltraCartAdapter({
      ...emulators.ultracart.credentials,
      baseUrl: emulators.ultracart.url,
      agentArns: billingAgents,
      // The vendor's 1,000 requests/hour budget would make the demo take minutes.
      rateLimit: false,
    })
    const smooch = createSmoochV1Adapter({ ...emulators.smooch.credentials, baseUrl: emulators.smooch.url })
    let ok = true
    for (const [name, source, conversations] of [
      ['UltraCart', ultracart, undefined],
      ['Smooch v1', smooch, smoochIds],
    ] as const) {
      print(`— ${name} → Sunshine`)
      const report = await runMigration({
        source,
        target: sunshine,
        ...(conversations ? { conversations } : {}),
        concurrency: 4,
        out,
      })
      const verified = await verifyMigration({
        source,
        target: sunshine,
        conversations: report.conversations.map((c) => c.sourceConversationId),
      })
      const proven = verified.totals.verified === verified.totals.conversations
      print(
        proven
          ? `  verified: ${verified.totals.conversations} conversations, ${verified.totals.messages} messages, each exactly once, in order, with its text in Sunshine\n`
          : `  verification FAILED: ${verified.totals.differing} conversations differ, ${verified.totals.failed} could not be read\n`,
      )
      ok &&= migrationExitCode(report) === 0 && proven
    }
    print(
      `Sunshine now holds ${emulators.sunshine.state().conversations.length} conversations. Run a migration again — with its ledger, a new one or none — and nothing is copied twice (colloquy migrate, colloquy verify).`,
    )
    return ok
  } finally {
    await emulators.close()
  }
}
