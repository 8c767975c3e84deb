import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { asPromises, type ChatAdapter } from '@colloquy/core'
import { startSmoochV1Emulator, startSunshineEmulator, startUltraCartEmulator } from '@colloquy/emulators'
import { type TransportConfig, type TransportEvent, transportChannelName } from '@colloquy/http'
import { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runCli } from './test-support/run-cli.js'

// One sweep with canary credentials through every adapter (success, not found, wrong key,
// unreachable host, injected faults, webhook checks) and the built CLI (a migration with ledger
// and report, a failing one, inspection): no canary may appear in anything the code returns,
// throws, logs, emits, prints or writes.
const canary = {
  sunshineKeyId: 'app_CANARYsunshinekid01',
  sunshineSecret: 'CANARY-sunshine-secret-5c1f0e',
  smoochKeyId: 'app_CANARYsmoochkid02',
  smoochSecret: 'CANARY-smooch-secret-9d22ab',
  webhookSecret: 'CANARY-webhook-secret-41e7',
  ultracartKey: 'CANARY-ultracart-simple-key-77b0',
  wrong: 'CANARY-wrong-secret-e3a9f1',
}
const base64 = (text: string) => Buffer.from(text).toString('base64')
const needles = [
  ...Object.values(canary),
  ...Object.values(canary).map(base64),
  base64(`${canary.sunshineKeyId}:${canary.sunshineSecret}`),
  base64(`${canary.sunshineKeyId}:${canary.wrong}`),
]
/** A signed JWT (header.payload.signature) anywhere in the text. */
const jwt = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/

const seen: { where: string; text: string }[] = []
const record = (where: string, value: unknown) =>
  seen.push({
    where,
    text: typeof value === 'string' ? value : inspect(value, { depth: 12, showHidden: true }),
  })

const observed = (label: string): TransportConfig => ({
  timeoutMs: 300,
  retry: { limit: 2, backoffLimitMs: 5 },
  rateLimit: false,
  hooks: {
    onRequest: (event) => record(`${label} onRequest`, event),
    onResponse: (event) => record(`${label} onResponse`, event),
    onRetry: (event) => record(`${label} onRetry`, event),
    onError: (event) => record(`${label} onError`, event),
  },
  logger: {
    debug: (line: string, event: TransportEvent) => record(`${label} log`, [line, event]),
    warn: (line: string, event: TransportEvent) => record(`${label} log`, [line, event]),
  },
})

/** Runs one port call both ways — as an Either and through the throwing Promise facade. */
const attempt = async (
  label: string,
  call: (adapter: ChatAdapter) => () => Promise<unknown>,
  adapter: ChatAdapter,
) => {
  const result = await call(adapter)()
  record(label, result)
  try {
    record(label, JSON.stringify(result))
  } catch {}
  const left = (result as { _tag: string; left?: { message: string; cause?: unknown } }).left
  if (left) record(label, `${String(left)} ${left.message} ${inspect(left.cause, { depth: 12 })}`)
  return result as { _tag: 'Left' | 'Right'; right?: unknown }
}

/** The calls every adapter gets, whatever it supports; unsupported ones are error paths too. */
const exercise = async (label: string, adapter: ChatAdapter, knownConversationId?: string) => {
  record(`${label} adapter`, adapter)
  const created = await attempt(
    `${label} create`,
    (a) => a.conversations.create({ participants: [{ externalId: 'canary-user', displayName: 'Ada' }] }),
    adapter,
  )
  const conversationId =
    (created.right as { id?: string } | undefined)?.id ?? knownConversationId ?? 'no-conversation'
  const message = { author: { role: 'agent' as const }, content: { type: 'text' as const, text: 'hi' } }
  await attempt(`${label} send`, (a) => a.messages.send({ conversationId, message }), adapter)
  await attempt(`${label} list`, (a) => a.messages.list({ conversationId }), adapter)
  await attempt(`${label} participants`, (a) => a.participants.list({ conversationId }), adapter)
  await attempt(
    `${label} get missing`,
    (a) => a.conversations.get({ conversationId: 'does-not-exist' }),
    adapter,
  )
  try {
    await asPromises(adapter).conversations.get({ conversationId: 'does-not-exist' })
  } catch (exception) {
    record(`${label} thrown`, exception)
    record(`${label} thrown stack`, (exception as Error).stack)
  }
}

describe('secret hygiene: a canary sweep through every adapter and the CLI', () => {
  const onChannel = (message: unknown) => record('diagnostics channel', message)
  const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => record(`console.${method}`, args)),
  )
  let sunshine: Awaited<ReturnType<typeof startSunshineEmulator>>
  let faultySunshine: Awaited<ReturnType<typeof startSunshineEmulator>>
  let smooch: Awaited<ReturnType<typeof startSmoochV1Emulator>>
  let faultySmooch: Awaited<ReturnType<typeof startSmoochV1Emulator>>
  let ultracart: Awaited<ReturnType<typeof startUltraCartEmulator>>
  let faultyUltracart: Awaited<ReturnType<typeof startUltraCartEmulator>>
  let ultracartConversationId: string
  const faults = { seed: 7, serverErrors: 0.25, resets: 0.1, malformed: 0.15, stalls: 0.1, stallMs: 1_000 }

  beforeAll(async () => {
    subscribe(transportChannelName, onChannel)
    const sunshineKeys = { keyId: canary.sunshineKeyId, keySecret: canary.sunshineSecret }
    const smoochKeys = { keyId: canary.smoochKeyId, keySecret: canary.smoochSecret }
    ;[sunshine, faultySunshine, smooch, faultySmooch, ultracart, faultyUltracart] = await Promise.all([
      startSunshineEmulator(sunshineKeys),
      startSunshineEmulator({ ...sunshineKeys, faults }),
      startSmoochV1Emulator(smoochKeys),
      startSmoochV1Emulator({ ...smoochKeys, faults }),
      startUltraCartEmulator({ simpleKey: canary.ultracartKey }),
      startUltraCartEmulator({ simpleKey: canary.ultracartKey, faults }),
    ])
    const seed = {
      conversations: [
        {
          participants: [{ arn: 'arn:ultracart:DEMO:participant/jane', name: 'Jane' }],
          messages: [
            {
              authorArn: 'arn:ultracart:DEMO:participant/jane',
              body: 'hello',
              messageEpoch: 1_735_689_600_000,
            },
          ],
        },
      ],
    }
    ultracartConversationId = ultracart.seed(seed)[0]?.uuid ?? ''
    faultyUltracart.seed(seed)
  })
  afterAll(async () => {
    unsubscribe(transportChannelName, onChannel)
    for (const spy of consoleSpies) spy.mockRestore()
    await Promise.all(
      [sunshine, faultySunshine, smooch, faultySmooch, ultracart, faultyUltracart].map((e) => e?.close()),
    )
  })

  it('keeps every canary out of results, errors, hooks, logs, channel messages, CLI output, ledger and report', async () => {
    /** Config of a key-based vendor (Sunshine, Smooch) with its canary key, or `keySecret` instead. */
    const keyConfig =
      (appId: string, keyId: string, rightSecret: string) =>
      (url: string, label: string, keySecret = rightSecret) => ({
        ...observed(label),
        appId,
        keyId,
        keySecret,
        webhookSecret: canary.webhookSecret,
        baseUrl: url,
      })
    const sunshineConfig = keyConfig(sunshine.credentials.appId, canary.sunshineKeyId, canary.sunshineSecret)
    const smoochConfig = keyConfig(smooch.credentials.appId, canary.smoochKeyId, canary.smoochSecret)
    const unreachable = 'http://127.0.0.1:9'
    for (const auth of ['basic', 'jwt'] as const) {
      await exercise(
        `sunshine ${auth}`,
        createSunshineAdapter({ ...sunshineConfig(sunshine.url, `sunshine ${auth}`), auth }),
      )
      await exercise(
        `sunshine ${auth} wrong key`,
        createSunshineAdapter({ ...sunshineConfig(sunshine.url, 'wrong', canary.wrong), auth }),
      )
    }
    await exercise('sunshine unreachable', createSunshineAdapter(sunshineConfig(unreachable, 'unreachable')))
    await exercise(
      'sunshine faults',
      createSunshineAdapter(sunshineConfig(faultySunshine.url, 'sunshine faults')),
    )
    await exercise('smooch', createSmoochV1Adapter(smoochConfig(smooch.url, 'smooch')))
    await exercise(
      'smooch wrong key',
      createSmoochV1Adapter(smoochConfig(smooch.url, 'smooch wrong', canary.wrong)),
    )
    await exercise('smooch unreachable', createSmoochV1Adapter(smoochConfig(unreachable, 'unreachable')))
    await exercise('smooch faults', createSmoochV1Adapter(smoochConfig(faultySmooch.url, 'smooch faults')))
    const ultracartConfig = (url: string, label: string, simpleKey = canary.ultracartKey) =>
      createUltraCartAdapter({ ...observed(label), simpleKey, baseUrl: url })
    await exercise('ultracart', ultracartConfig(ultracart.url, 'ultracart'), ultracartConversationId)
    await exercise(
      'ultracart wrong key',
      ultracartConfig(ultracart.url, 'ultracart wrong', canary.wrong),
      ultracartConversationId,
    )
    await exercise(
      'ultracart unreachable',
      ultracartConfig(unreachable, 'unreachable'),
      ultracartConversationId,
    )
    await exercise(
      'ultracart faults',
      ultracartConfig(faultyUltracart.url, 'ultracart faults'),
      ultracartConversationId,
    )

    for (const adapter of [
      createSunshineAdapter(sunshineConfig(sunshine.url, 'webhook')),
      createSmoochV1Adapter(smoochConfig(smooch.url, 'webhook')),
    ]) {
      for (const headers of [
        {},
        { 'x-api-key': '' },
        { 'x-api-key': canary.wrong },
        { 'x-api-key': `${canary.webhookSecret}x` },
      ]) {
        const rejected = await attempt(
          'webhook rejected',
          (a) => a.events.parse({ headers, body: '{}' }),
          adapter,
        )
        expect(rejected._tag).toBe('Left')
      }
      await attempt(
        'webhook bad body',
        (a) => a.events.parse({ headers: { 'x-api-key': canary.webhookSecret }, body: '{"x":' }),
        adapter,
      )
    }

    const directory = await mkdtemp(join(tmpdir(), 'colloquy-canary-'))
    const env = {
      COLLOQUY_ULTRACART_SIMPLE_KEY: canary.ultracartKey,
      COLLOQUY_ULTRACART_BASE_URL: ultracart.url,
      COLLOQUY_ULTRACART_RATE_LIMIT: 'off',
      COLLOQUY_SUNSHINE_APP_ID: sunshine.credentials.appId,
      COLLOQUY_SUNSHINE_KEY_ID: canary.sunshineKeyId,
      COLLOQUY_SUNSHINE_KEY_SECRET: canary.sunshineSecret,
      COLLOQUY_SUNSHINE_BASE_URL: sunshine.url,
    }
    const ledger = join(directory, 'ledger.jsonl')
    const report = join(directory, 'report.json')
    const migrate = [
      'migrate',
      '--from',
      'ultracart',
      '--to',
      'sunshine',
      '--ledger',
      ledger,
      '--report',
      report,
    ]
    const migrated = await runCli([...migrate, '--json'], env).done
    expect(migrated.code, migrated.stderr).toBe(0)
    record('cli migrate', migrated.stdout + migrated.stderr)
    record('ledger', await readFile(ledger, 'utf8'))
    record('report', await readFile(report, 'utf8'))
    const failed = await runCli([...migrate, '--verbose'], {
      ...env,
      COLLOQUY_SUNSHINE_KEY_SECRET: canary.wrong,
    }).done
    expect(failed.code).not.toBe(0)
    record('cli failing migrate', failed.stdout + failed.stderr)
    for (const provider of ['sunshine', 'ultracart']) {
      for (const secretEnv of [
        env,
        { ...env, COLLOQUY_SUNSHINE_KEY_SECRET: canary.wrong, COLLOQUY_ULTRACART_SIMPLE_KEY: canary.wrong },
      ]) {
        record(
          `cli conversations get (${provider})`,
          await runCli(['conversations', 'get', 'missing', '--provider', provider], secretEnv).done.then(
            (r) => r.stdout + r.stderr,
          ),
        )
      }
    }

    // The sweep saw every kind of output it claims to check.
    const where = new Set(
      seen.map((entry) => entry.where.replace(/^.* (onRequest|onResponse|onRetry|onError|log)$/, '$1')),
    )
    for (const kind of [
      'onRequest',
      'onResponse',
      'onRetry',
      'onError',
      'log',
      'diagnostics channel',
      'ledger',
      'report',
    ])
      expect(where, kind).toContain(kind)
    expect(seen.some((entry) => /Unauthorized/.test(entry.text))).toBe(true)
    expect(seen.some((entry) => /Network|Timeout/.test(entry.text))).toBe(true)
    expect(seen.some((entry) => /Decode/.test(entry.text))).toBe(true)

    const leaks = seen.flatMap(({ where, text }) =>
      [...needles.filter((needle) => text.includes(needle)), ...(jwt.test(text) ? ['a JWT'] : [])].map(
        (needle) => `${where}: ${needle}`,
      ),
    )
    expect(leaks).toEqual([])
  })
})
