import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
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
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { newFolder } from './test-support/migration-world.js'
import { jsonReport, main, runCli } from './test-support/run-cli.js'
import { startWebhookRelay } from './test-support/webhook-relay.js'

beforeAll(() => {
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (pnpm build)`)
})

const secret = 'relay-webhook-secret'
const old = (i: number) => Date.parse('2025-02-01T00:00:00Z') + i * 1000

interface SyncLine {
  readonly type: string
  readonly phase?: string
  readonly firstPass?: { migrated: number }
  readonly live?: { migrated: number; events: number }
  readonly url?: string
  readonly report?: Record<string, unknown> & {
    ended: string
    live: { migrated: number; events: number; passes: number }
    lag: { currentMs: number; samples: number }
    unresolved: unknown[]
    discovered: string[]
  }
}
const parse = (line: string): SyncLine => {
  try {
    return JSON.parse(line) as SyncLine
  } catch {
    return { type: 'text' }
  }
}
/** A `--json` status line: the sync has copied `count` messages in all. */
const copied = (count: number) => (line: string) => {
  const status = parse(line)
  return status.type === 'sync' && (status.firstPass?.migrated ?? 0) + (status.live?.migrated ?? 0) >= count
}
const following = (line: string) => parse(line).phase === 'following'
const reportOf = (stdout: string) =>
  parse(
    stdout
      .trim()
      .split('\n')
      .find((line) => parse(line).type === 'sync-report') ?? '{}',
  ).report

/** Source message ids of a target emulator's conversations, each in its order. */
const targetIds = (target: SunshineEmulator | SmoochV1Emulator) => {
  const ids = (messages: unknown) =>
    (messages as { metadata?: Record<string, unknown> }[]).map(
      (m) => m.metadata?.[sourceKeys.messageId] as string,
    )
  return 'appUsers' in target.state()
    ? (target as SmoochV1Emulator).state().appUsers.map((u) => ids(u.messages))
    : (target as SunshineEmulator).state().conversations.map((c) => ids(c.messages))
}

/** Every source history is in one target conversation, in order, once. */
const expectExactlyOnce = (
  histories: readonly (readonly string[])[],
  target: SunshineEmulator | SmoochV1Emulator,
) => {
  const copies = targetIds(target)
  const all = copies.flat()
  expect(all.length - new Set(all).size).toBe(0)
  for (const history of histories) {
    const holding = copies.filter((copy) => copy.some((id) => history.includes(id)))
    expect(holding).toHaveLength(1)
    expect(holding[0]?.filter((id) => history.includes(id))).toEqual(history)
  }
}

const credentials = (provider: 'sunshine' | 'smooch-v1', emulator: SunshineEmulator | SmoochV1Emulator) => {
  const prefix = provider === 'sunshine' ? 'COLLOQUY_SUNSHINE' : 'COLLOQUY_SMOOCH'
  return {
    [`${prefix}_APP_ID`]: emulator.credentials.appId,
    [`${prefix}_KEY_ID`]: emulator.credentials.keyId,
    [`${prefix}_KEY_SECRET`]: emulator.credentials.keySecret,
    [`${prefix}_BASE_URL`]: emulator.url,
    [`${prefix}_WEBHOOK_SECRET`]: secret,
  }
}

describe.each([
  ['smooch-v1', 'sunshine'],
  ['sunshine', 'smooch-v1'],
] as const)('colloquy sync --follow from %s (webhooks) to %s', (from, to) => {
  it('copies messages as they keep arriving, with webhooks redelivered and reordered, exactly once and in order', {
    timeout: 90_000,
  }, async () => {
    const relay = await startWebhookRelay()
    const webhooks = [{ target: relay.url, secret }]
    const source =
      from === 'smooch-v1'
        ? await startSmoochV1Emulator({ webhooks })
        : await startSunshineEmulator({ webhooks })
    const target = to === 'sunshine' ? await startSunshineEmulator() : await startSmoochV1Emulator()
    try {
      // Three customers with history; the sync selects them by conversation (Smooch) or user (Sunshine).
      const conversations: string[] = []
      const selection: string[] = []
      for (let c = 0; c < 3; c++) {
        if (source === undefined) break
        if ('appUsers' in source.state()) {
          const [user] = (source as SmoochV1Emulator).seed({
            appUsers: [
              {
                userId: `customer-${c}`,
                conversationStarted: true,
                messages: Array.from({ length: 60 }, (_, i) => ({
                  role: 'appUser' as const,
                  text: `history ${c}.${i}`,
                  received: old(i) / 1000,
                })),
              },
            ],
          })
          conversations.push(user?._id ?? '')
          selection.push(user?._id ?? '')
        } else {
          const seeded = (source as SunshineEmulator).seed({
            users: [{ externalId: `customer-${c}` }],
            conversations: [
              {
                participants: [{ userExternalId: `customer-${c}` }],
                messages: Array.from({ length: 60 }, (_, i) => ({
                  received: new Date(old(i)),
                  author: { type: 'user' as const, userExternalId: `customer-${c}` },
                  content: { type: 'text', text: `history ${c}.${i}` },
                })),
              },
            ],
          })
          conversations.push(seeded.conversations[0]?.id ?? '')
          selection.push(seeded.users[0] ?? '')
        }
      }
      const folder = await newFolder()
      const file = join(folder, 'selection.txt')
      await writeFile(file, `${selection.join('\n')}\n`)
      const env = { ...credentials(from, source), ...credentials(to, target) }
      const sync = runCli(
        [
          'sync',
          '--from',
          from,
          '--to',
          to,
          from === 'smooch-v1' ? '--conversations' : '--users',
          file,
          '--ledger',
          join(folder, 'ledger.jsonl'),
          '--follow',
          '--listen',
          '127.0.0.1:0',
          '--json',
          '--concurrency',
          '2',
        ],
        env,
      )
      const listening = parse((await sync.line((line) => parse(line).type === 'listening')) ?? '{}')
      expect(listening.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/webhooks/${from}$`))
      relay.forwardTo(listening.url as string)

      const say = (conversation: number, text: string) =>
        'appUsers' in source.state()
          ? (source as SmoochV1Emulator).simulateCustomerMessage({
              userId: conversations[conversation] as string,
              text,
            })
          : (source as SunshineEmulator).simulateCustomerMessage({
              conversationId: conversations[conversation] as string,
              text,
            })
      // While the first pass may still be copying: news in the first conversation.
      await say(0, 'during the bulk copy')
      await relay.flush()
      let expected = 3 * 60 + 1
      await sync.line(following)
      // Messages keep arriving, in rounds, each delivered newest first and twice.
      for (let round = 0; round < 3; round++) {
        for (let c = 0; c < 3; c++) await say(c, `live ${round}.${c}`)
        await say(round % 3, `live ${round} again`)
        expected += 4
        const statuses = await relay.flush()
        expect(statuses.every((status) => status === 200)).toBe(true)
        expect(await sync.line(copied(expected))).toBeDefined()
      }
      // A customer the selection does not name writes for the first time: only the webhook says so.
      if ('appUsers' in source.state()) {
        const smooch = source as SmoochV1Emulator
        const [newcomer] = smooch.seed({ appUsers: [{ userId: 'newcomer' }] })
        conversations.push(newcomer?._id ?? '')
        await smooch.simulateCustomerMessage({ userId: 'newcomer', text: 'first words' })
        await smooch.simulateCustomerMessage({ userId: 'newcomer', text: 'second words' })
        expected += 2
        await relay.flush()
        expect(await sync.line(copied(expected))).toBeDefined()
      }
      sync.child.kill('SIGINT')
      const done = await sync.done
      expect(done.code, done.stderr).toBe(130)
      const report = reportOf(done.stdout)
      expect(report).toMatchObject({ ended: 'interrupted', unresolved: [] })
      expect(report?.live.events).toBeGreaterThan(0)
      expect(report?.lag.currentMs).toBe(0)
      if (from === 'smooch-v1') expect(report?.discovered).toEqual([conversations[3]])

      const histories = conversations.map((id) =>
        'appUsers' in source.state()
          ? (
              ((source as SmoochV1Emulator).state().appUsers.find((u) => u._id === id)?.messages ?? []) as {
                _id: string
              }[]
            ).map((m) => m._id)
          : (
              ((source as SunshineEmulator).state().conversations.find((c) => c.id === id)?.messages ??
                []) as { id: string }[]
            ).map((m) => m.id),
      )
      expect(histories.flat()).toHaveLength(expected)
      expectExactlyOnce(histories, target)

      const verify = await runCli(
        [
          'verify',
          '--from',
          from,
          '--to',
          to,
          from === 'smooch-v1' ? '--conversations' : '--users',
          file,
          '--ledger',
          join(folder, 'ledger.jsonl'),
        ],
        env,
      ).done
      expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    } finally {
      await Promise.all([relay.close(), source.close(), target.close()])
    }
  })
})

describe('colloquy sync --until-idle from ultracart (polling) to sunshine', () => {
  let ultracart: UltraCartEmulator
  let sunshine: SunshineEmulator
  // Each test gets emulators of its own: a run without --conversations copies all they hold.
  beforeEach(async () => {
    ;[ultracart, sunshine] = await Promise.all([startUltraCartEmulator(), startSunshineEmulator()])
  })
  afterEach(async () => {
    await Promise.all([ultracart.close(), sunshine.close()])
  })
  const env = () => ({
    COLLOQUY_ULTRACART_SIMPLE_KEY: ultracart.credentials.simpleKey,
    COLLOQUY_ULTRACART_BASE_URL: ultracart.url,
    COLLOQUY_ULTRACART_RATE_LIMIT: 'off',
    COLLOQUY_SUNSHINE_APP_ID: sunshine.credentials.appId,
    COLLOQUY_SUNSHINE_KEY_ID: sunshine.credentials.keyId,
    COLLOQUY_SUNSHINE_KEY_SECRET: sunshine.credentials.keySecret,
    COLLOQUY_SUNSHINE_BASE_URL: sunshine.url,
  })
  const seed = (count: number, customer: string) =>
    ultracart.seed({
      conversations: [
        {
          participants: [{ arn: `arn:ultracart:DEMO:participant/${customer}`, name: customer }],
          messages: Array.from({ length: count }, (_, i) => ({
            authorArn: `arn:ultracart:DEMO:participant/${customer}`,
            body: `${customer} ${i}`,
            messageEpoch: old(i),
          })),
        },
      ],
    })[0]?.uuid as string

  it('polls while messages keep arriving and a conversation is opened, then ends idle with the cutover report', {
    timeout: 60_000,
  }, async () => {
    const ids = [seed(50, 'ann'), seed(50, 'bob')]
    const folder = await newFolder()
    const ledger = join(folder, 'ledger.jsonl')
    const sync = runCli(
      [
        'sync',
        '--from',
        'ultracart',
        '--to',
        'sunshine',
        '--ledger',
        ledger,
        '--until-idle',
        '1s',
        '--poll-every',
        '50ms',
        '--json',
      ],
      env(),
    )
    expect(parse((await sync.line((line) => parse(line).type === 'polling')) ?? '{}')).toMatchObject({
      everyMs: 50,
    })
    await sync.line(following)
    let expected = 100
    // Each round is added while the sync is frozen, so it cannot go idle between two messages.
    for (let round = 0; round < 3; round++) {
      sync.child.kill('SIGSTOP')
      for (const id of ids)
        await ultracart.simulateCustomerMessage({ conversationUuid: id, body: `live ${round}` })
      expected += ids.length
      if (round === 1) {
        ids.push(seed(5, 'cyd'))
        expected += 5
      }
      sync.child.kill('SIGCONT')
      expect(await sync.line(copied(expected))).toBeDefined()
    }
    const done = await sync.done
    expect(done.code, done.stderr).toBe(0)
    const report = reportOf(done.stdout)
    expect(report).toMatchObject({ ended: 'idle', unresolved: [], lag: { currentMs: 0 } })
    expect(report?.live.migrated).toBe(expected - 100)
    expect(report?.live.passes).toBeGreaterThanOrEqual(3)
    const histories = ids.map((id) =>
      (
        (ultracart.state().conversations.find((c) => c.conversation_uuid === id)?.messages ?? []) as {
          conversation_message_uuid: string
        }[]
      ).map((m) => m.conversation_message_uuid),
    )
    expectExactlyOnce(histories, sunshine)
    const verify = await runCli(
      ['verify', '--from', 'ultracart', '--to', 'sunshine', '--ledger', ledger],
      env(),
    ).done
    expect(verify.code, verify.stdout).toBe(0)
  })

  it('migrate is a delta: a re-run after new messages copies only those, with requests that grow with them', {
    timeout: 60_000,
  }, async () => {
    const folder = await newFolder()
    const ledger = join(folder, 'ledger.jsonl')
    const ids = Array.from({ length: 6 }, (_, c) => seed(240, `dee${c}`))
    const file = join(folder, 'ids.txt')
    await writeFile(file, `${ids.join('\n')}\n`)
    const migrate = (...extra: string[]) =>
      runCli(
        ['migrate', '--from', 'ultracart', '--to', 'sunshine', '--ledger', ledger, '--json', ...extra],
        env(),
      ).done
    const bulk = await migrate()
    expect(bulk.code, bulk.stderr).toBe(0)
    for (const id of ids.slice(0, 2))
      await ultracart.simulateCustomerMessage({ conversationUuid: id, body: 'new' })
    ultracart.clearRequests()
    sunshine.clearRequests()
    const delta = await migrate()
    expect(delta.code, delta.stderr).toBe(0)
    expect(jsonReport(delta.stdout).totals).toMatchObject({ migrated: 2, failed: 0, conversationsResumed: 2 })
    const deltaLog = [...ultracart.requests(), ...sunshine.requests()].map(
      (r) => `${r.method} ${r.path} ${r.outcome}`,
    )
    const deltaRequests = deltaLog.length
    ultracart.clearRequests()
    sunshine.clearRequests()
    const full = await migrate('--full')
    expect(jsonReport(full.stdout).totals).toMatchObject({ migrated: 0, skipped: 6 * 240 + 2 })
    const fullRequests = ultracart.requests().length + sunshine.requests().length
    // Delta: the listing, two reads per changed conversation (source page, target reconcile), two
    // sends, the preflight's target check — whatever the history; the full re-run reads it all.
    // (and UltraCart's queue statuses, read once to tell agents from customers).
    expect(deltaRequests, deltaLog.join('\n')).toBeLessThanOrEqual(1 + 2 * 2 + 2 + 1 + 1)
    expect(fullRequests).toBeGreaterThanOrEqual(6 * 2)
  })
})

describe('colloquy sync: mistakes, said before anything is written', () => {
  it('refuses to follow webhooks whose secret is not set, a taken port, and a bad --listen', async () => {
    const [smooch, sunshine] = await Promise.all([startSmoochV1Emulator(), startSunshineEmulator()])
    try {
      const env = { ...credentials('smooch-v1', smooch), ...credentials('sunshine', sunshine) }
      const folder = await newFolder()
      const file = join(folder, 'ids.txt')
      await writeFile(file, 'someone\n')
      const args = [
        'sync',
        '--from',
        'smooch-v1',
        '--to',
        'sunshine',
        '--conversations',
        file,
        '--ledger',
        join(folder, 'l.jsonl'),
        '--follow',
      ]
      const { COLLOQUY_SMOOCH_WEBHOOK_SECRET: _secret, ...withoutSecret } = env
      const noSecret = await runCli(args, withoutSecret).done
      expect(noSecret.code).toBe(2)
      expect(noSecret.stderr).toContain('set COLLOQUY_SMOOCH_WEBHOOK_SECRET')
      const badListen = await runCli([...args, '--listen', 'localhost:99999'], env).done
      expect(badListen.code).toBe(2)
      expect(badListen.stderr).toContain('--listen localhost:99999')
      const taken = await runCli([...args, '--listen', `127.0.0.1:${new URL(sunshine.url).port}`], env).done
      expect(taken.code).toBe(2)
      expect(taken.stderr).toContain('the port is taken')
      expect(existsSync(join(folder, 'l.jsonl'))).toBe(false)
      const badIdle = await runCli([...args, '--until-idle', 'soon'], env).done
      expect(badIdle.code).toBe(2)
      expect(badIdle.stderr).toContain("a duration like '30s'")
    } finally {
      await Promise.all([smooch.close(), sunshine.close()])
    }
  })
})
