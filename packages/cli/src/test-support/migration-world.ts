import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type SmoochV1Emulator,
  type SunshineEmulator,
  startSmoochV1Emulator,
  startSunshineEmulator,
  startUltraCartEmulator,
  type UltraCartEmulator,
} from '@colloquy/emulators'
import { sourceKeys } from '@colloquy/migrate'

/** The three emulators, and the environment that points the CLI at them. */
export interface World {
  readonly ultracart: UltraCartEmulator
  readonly sunshine: SunshineEmulator
  readonly smooch: SmoochV1Emulator
  readonly env: NodeJS.ProcessEnv
  readonly close: () => Promise<void>
}

export const startWorld = async (): Promise<World> => {
  const [ultracart, sunshine, smooch] = await Promise.all([
    startUltraCartEmulator(),
    startSunshineEmulator(),
    startSmoochV1Emulator(),
  ])
  return {
    ultracart,
    sunshine,
    smooch,
    env: {
      COLLOQUY_ULTRACART_SIMPLE_KEY: ultracart.credentials.simpleKey,
      COLLOQUY_ULTRACART_BASE_URL: ultracart.url,
      COLLOQUY_ULTRACART_RATE_LIMIT: 'off',
      COLLOQUY_SUNSHINE_APP_ID: sunshine.credentials.appId,
      COLLOQUY_SUNSHINE_KEY_ID: sunshine.credentials.keyId,
      COLLOQUY_SUNSHINE_KEY_SECRET: sunshine.credentials.keySecret,
      COLLOQUY_SUNSHINE_BASE_URL: sunshine.url,
      COLLOQUY_SMOOCH_APP_ID: smooch.credentials.appId,
      COLLOQUY_SMOOCH_KEY_ID: smooch.credentials.keyId,
      COLLOQUY_SMOOCH_KEY_SECRET: smooch.credentials.keySecret,
      COLLOQUY_SMOOCH_BASE_URL: smooch.url,
    },
    close: async () => {
      await Promise.all([ultracart.close(), sunshine.close(), smooch.close()])
    },
  }
}

let seeded = 0

/** Seeds UltraCart conversations (equal epochs in runs of three) and writes their ids to a file. */
export const seedUltraCart = async (world: World, conversations: number, messages: number) => {
  const start = Date.parse('2025-01-01T00:00:00Z') + ++seeded * 100_000_000
  const created = world.ultracart.seed({
    conversations: Array.from({ length: conversations }, (_, c) => {
      const customer = { arn: `arn:ultracart:DEMO:participant/cli-${seeded}-${c}`, name: `Customer ${c}` }
      return {
        participants: [customer],
        messages: Array.from({ length: messages }, (_, i) => ({
          authorArn: i % 2 ? world.ultracart.agent.arn : customer.arn,
          body: `conversation ${c} message ${i}`,
          messageEpoch: start + c * 1_000_000 + Math.floor(i / 3),
        })),
      }
    }),
  })
  const file = join(await mkdtemp(join(tmpdir(), 'colloquy-ids-')), 'ids.txt')
  await writeFile(file, `${created.map((c) => c.uuid).join('\n')}\n`)
  return {
    file,
    ids: created.map((c) => c.uuid),
    /** Source message ids per conversation, oldest first. */
    messages: created.map((c) => c.messageUuids),
  }
}

/** Every message the target holds, per target conversation, as its source message id (oldest first). */
export const targetHistories = (world: World, target: 'sunshine' | 'smooch-v1'): unknown[][] => {
  const messagesOf = (messages: unknown) =>
    (messages as { metadata?: Record<string, unknown> }[]).map((m) => m.metadata?.[sourceKeys.messageId])
  return target === 'sunshine'
    ? world.sunshine.state().conversations.map((c) => messagesOf(c.messages))
    : world.smooch.state().appUsers.map((u) => messagesOf(u.messages))
}

/** Checks that `expected` histories are each in the target exactly once and in order; returns the duplicates. */
export const duplicatesIn = (histories: readonly unknown[][]) => {
  const all = histories.flat()
  return all.length - new Set(all).size
}

export const newFolder = (prefix = 'colloquy-cli-') => mkdtemp(join(tmpdir(), prefix))
