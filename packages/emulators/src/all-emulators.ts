/**
 * All three emulators at once, for local development (`pnpm emulate`, `colloquy emulate`).
 *
 * @module
 */
import { type SmoochV1Emulator, startSmoochV1Emulator } from './smooch-v1.js'
import { type SunshineEmulator, startSunshineEmulator } from './sunshine.js'
import { startUltraCartEmulator, type UltraCartEmulator } from './ultracart.js'

/** The three running emulators, and how to reach them. */
export interface AllEmulators {
  readonly sunshine: SunshineEmulator
  readonly smooch: SmoochV1Emulator
  readonly ultracart: UltraCartEmulator
  /** URL and credentials per provider, as an adapter's config wants them. */
  readonly summary: () => Readonly<
    Record<'sunshine' | 'smooch-v1' | 'ultracart', Readonly<Record<string, string>>>
  >
  readonly close: () => Promise<void>
}

/** Starts the three emulators (ports 0 unless given), each with a small demo history unless `empty`. */
export const startAllEmulators = async (
  options: {
    readonly ports?: { readonly sunshine?: number; readonly smooch?: number; readonly ultracart?: number }
    readonly empty?: boolean
  } = {},
): Promise<AllEmulators> => {
  const sunshine = await startSunshineEmulator({ port: options.ports?.sunshine })
  const smooch = await startSmoochV1Emulator({ port: options.ports?.smooch })
  const ultracart = await startUltraCartEmulator({ port: options.ports?.ultracart })
  if (!options.empty) {
    const minute = 60_000
    const start = Date.now() - 60 * minute
    sunshine.seed({
      users: [{ externalId: 'customer-42', profile: { givenName: 'Ada', email: 'ada@example.com' } }],
      conversations: [
        {
          displayName: 'Order #1001',
          participants: [{ userExternalId: 'customer-42' }],
          messages: [
            {
              received: new Date(start),
              author: { type: 'user', userExternalId: 'customer-42' },
              content: { type: 'text', text: 'Where is my order?' },
            },
            {
              received: new Date(start + minute),
              author: { type: 'business', displayName: 'Grace' },
              content: { type: 'text', text: 'It ships today.' },
            },
          ],
        },
      ],
    })
    smooch.seed({
      appUsers: [
        {
          userId: 'customer-7',
          givenName: 'Steve',
          messages: [
            { role: 'appUser', text: 'Do you have time to chat?', received: start / 1000 },
            { role: 'appMaker', text: 'Sure!', name: 'Support', received: (start + minute) / 1000 },
          ],
        },
      ],
    })
    const jane = { arn: 'arn:ultracart:DEMO:participant/jane', name: 'Jane' }
    ultracart.seed({
      conversations: [
        {
          participants: [jane],
          messages: [
            { authorArn: jane.arn, body: 'Is the blue one in stock?', messageEpoch: start },
            { authorArn: ultracart.agent.arn, body: 'Yes, 4 left.', messageEpoch: start + minute },
          ],
        },
      ],
    })
  }
  return {
    sunshine,
    smooch,
    ultracart,
    summary: () => ({
      sunshine: { url: sunshine.url, ...sunshine.credentials },
      'smooch-v1': { url: smooch.url, ...smooch.credentials },
      ultracart: { url: ultracart.url, ...ultracart.credentials, accessToken: ultracart.accessToken },
    }),
    close: async () => {
      await Promise.all([sunshine.close(), smooch.close(), ultracart.close()])
    },
  }
}

/** The human-readable listing `pnpm emulate` and `colloquy emulate` print. */
export const formatEmulatorSummary = (summary: ReturnType<AllEmulators['summary']>): string =>
  [
    'colloquy emulators (loopback only; these credentials work nowhere else)',
    '',
    ...Object.entries(summary).flatMap(([name, fields]) => [
      name,
      ...Object.entries(fields).map(([key, value]) => `  ${key.padEnd(12)} ${value}`),
    ]),
  ].join('\n')
