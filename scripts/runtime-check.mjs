// The one script `pnpm test:runtimes` (scripts/runtime-matrix.mjs) runs, unchanged, on every
// server runtime: Node, Bun and Deno run this file with its configuration in the
// COLLOQUY_RUNTIME_CHECK environment variable and print the report as one JSON line; workerd runs
// it bundled, through runtime-check.worker.mjs.
// It uses the built packages by their public names, as an app would, and no runtime-specific API.
import { asPromises, collect, createWebhookHandler, paginate } from '@colloquy/core'
import { createMemoryAdapter } from '@colloquy/core/memory'
import { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'

const webhookSecret = 'runtime-check-webhook-secret'
const keys = { appId: 'app', keyId: 'key', keySecret: 'key-secret' }

/** A Sunshine `conversation:message` webhook (after the spec's example) with its own event id and text. */
const sunshineWebhook = (eventId, text) =>
  JSON.stringify({
    app: { id: '5ebee0975ac5304b664a12fa' },
    webhook: { id: '5f4eaef81e3dcc117c7ba48a', version: 'v2' },
    events: [
      {
        id: eventId,
        createdAt: '2020-09-30T15:14:29.834Z',
        type: 'conversation:message',
        payload: {
          conversation: { id: 'f52b01137aa6c250bc7251fa', type: 'personal' },
          message: {
            id: `message-${eventId}`,
            received: '2020-09-30T18:00:56.820Z',
            author: { userId: '26508c10541a4b0ff472e5e2', displayName: 'Steve Rogers', type: 'user' },
            content: { type: 'text', text },
          },
        },
      },
    ],
  })

/** A Smooch v1.1 `conversation:read` webhook: its event id is a SHA-256 digest of the body. */
export const smoochReadWebhook = {
  trigger: 'conversation:read',
  app: { _id: '5698edbf2a43bd081be982f1' },
  version: 'v1.1',
  appUser: { _id: 'f341b4d4ff879cbc04a7ac63', userId: 'steve', conversationStarted: true },
  conversation: { _id: 'df0ebe56cbeab98589b8bfa7' },
  timestamp: 1547492999.5,
}

const ultraCartTypingFrame = {
  type: 'event',
  conversation_uuid: '0f3c2a9e-6c1d-4b8e-9a51-2d7f5e0b8c11',
  event_type: 'typing',
  event_typing: { author_conversation_participant_arn: 'arn:example:participant/jane', value: true },
}

const deepBody = (fixture) =>
  `${JSON.stringify(fixture).slice(0, -1)},"unknownKey":${'{"a":'.repeat(5_000)}0${'}'.repeat(5_000)}}`

const expect = (condition, message) => {
  if (!condition) throw new Error(message)
}
const tagOf = (result) =>
  result._tag === 'Left' ? `${result.left._tag}/${result.left.status ?? ''}` : 'Right'

/**
 * The root README's example on any adapter that can send — create, send, page the history back —
 * with two messages read one per page, so the adapter's cursors are made and read on this runtime.
 */
const readmeExample = async (adapter) => {
  const chat = asPromises(adapter)
  // Smooch has one conversation per user: a user of its own keeps each runtime's history apart.
  const { id } = await chat.conversations.create({
    participants: [{ externalId: `customer-${crypto.randomUUID()}`, displayName: 'Ada' }],
  })
  for (const text of ['Hello!', 'Bye!'])
    await chat.messages.send({
      conversationId: id,
      message: { author: { role: 'agent' }, content: { type: 'text', text } },
    })
  const history = await collect(
    paginate((cursor) =>
      adapter.messages.list({ conversationId: id, cursor, limit: 1, direction: 'forward' }),
    ),
  )
  const texts = history.map((message) => message.content.text)
  expect(texts.join() === 'Hello!,Bye!', `history read back as ${JSON.stringify(texts)}`)
  return `sent 2 messages, read them back one page at a time`
}

const checksEverywhere = {
  'README example: memory adapter': () => readmeExample(createMemoryAdapter()),
  'Sunshine webhook: X-API-Key checked (Web Crypto), body parsed': async () => {
    const adapter = createSunshineAdapter({ ...keys, webhookSecret })
    const body = sunshineWebhook('evt-1', 'hi')
    const right = await adapter.events.parse({ headers: { 'x-api-key': webhookSecret }, body })()
    expect(right._tag === 'Right' && right.right[0]?.type === 'message.created', `right key: ${tagOf(right)}`)
    const sameLength = webhookSecret.replace(/.$/, '!')
    const wrong = await adapter.events.parse({ headers: { 'x-api-key': sameLength }, body })()
    expect(tagOf(wrong) === 'Unauthorized/401', `wrong key: ${tagOf(wrong)}`)
    const unconfigured = await createSunshineAdapter(keys).events.parse({ body })()
    expect(tagOf(unconfigured) === 'Unauthorized/0', `no secret configured: ${tagOf(unconfigured)}`)
    return 'right key parsed; wrong key 401; no secret refused'
  },
  'Smooch webhook: digest event id equals node:crypto': async ({ smoochReadId }) => {
    const adapter = createSmoochV1Adapter({ ...keys, verification: 'none' })
    const parsed = await adapter.events.parse({ body: JSON.stringify(smoochReadWebhook) })()
    const id = parsed._tag === 'Right' ? parsed.right[0]?.id : tagOf(parsed)
    expect(id === smoochReadId, `id ${id}, node:crypto gives ${smoochReadId}`)
    return id
  },
  "UltraCart frame: parsed only with verification: 'none'": async () => {
    const body = JSON.stringify(ultraCartTypingFrame)
    const refused = await createUltraCartAdapter({ simpleKey: 'k' }).events.parse({ body })()
    expect(tagOf(refused) === 'Unauthorized/0', `without the opt-in: ${tagOf(refused)}`)
    const adapter = createUltraCartAdapter({ simpleKey: 'k', verification: 'none' })
    const parsed = await adapter.events.parse({ body })()
    expect(parsed._tag === 'Right' && parsed.right[0]?.type === 'typing', `with it: ${tagOf(parsed)}`)
    return 'refused, then parsed'
  },
  'events.parse: 5,000-deep and circular bodies are tagged errors': async () => {
    const circular = { ...smoochReadWebhook }
    circular.self = circular
    const cases = [
      [
        'sunshine',
        createSunshineAdapter({ ...keys, verification: 'none' }),
        JSON.parse(sunshineWebhook('e', 't')),
      ],
      ['smooch-v1', createSmoochV1Adapter({ ...keys, verification: 'none' }), smoochReadWebhook],
      ['ultracart', createUltraCartAdapter({ simpleKey: 'k', verification: 'none' }), ultraCartTypingFrame],
      ['memory', createMemoryAdapter(), { events: [] }],
    ]
    for (const [name, adapter, fixture] of cases) {
      for (const body of [deepBody(fixture), circular]) {
        const result = await adapter.events.parse({ body })()
        expect(tagOf(result).startsWith('Decode'), `${name}: ${tagOf(result)}`)
      }
    }
    return `${cases.length} adapters × 2 bodies`
  },
  'createWebhookHandler: 200, redelivery, 401, 400, 500 then retry, 413 without reading': async () => {
    const seen = []
    let failing = true
    const handler = createWebhookHandler({
      adapter: createSunshineAdapter({ ...keys, webhookSecret }),
      onEvent: (event) => {
        const text = event.type === 'message.created' ? event.message.content.text : ''
        if (text === 'fail' && failing) throw new Error('queue down')
        seen.push(event.id)
      },
      onError: () => undefined,
    })
    const post = (body, headers = { 'x-api-key': webhookSecret }) =>
      handler(new Request('https://app.example/webhooks', { method: 'POST', body, headers, duplex: 'half' }))
    const statuses = []
    const good = sunshineWebhook('good', 'hi')
    statuses.push((await post(good)).status, (await post(good)).status)
    statuses.push((await post(good, { 'x-api-key': 'wrong' })).status)
    statuses.push((await post(good.slice(0, 100))).status)
    const failingBody = sunshineWebhook('failing', 'fail')
    statuses.push((await post(failingBody)).status)
    failing = false
    statuses.push((await post(failingBody)).status)
    let pulled = 0
    const endless = () =>
      new ReadableStream({
        pull: (controller) => {
          pulled += 65_536
          controller.enqueue(new Uint8Array(65_536))
        },
      })
    statuses.push(
      (await post(endless(), { 'x-api-key': webhookSecret, 'content-length': '104857600' })).status,
    )
    const pulledWithLength = pulled
    statuses.push((await post(endless())).status)
    const expected = [200, 200, 401, 400, 500, 200, 413, 413]
    expect(statuses.join() === expected.join(), `statuses ${statuses}, expected ${expected}`)
    expect(seen.join() === 'good,failing', `onEvent saw ${seen}`)
    // At most the chunk a stream pulls before anyone reads; then at most the limit and one chunk.
    expect(pulledWithLength <= 65_536, `read ${pulledWithLength} bytes of a declared 100 MB body`)
    expect(pulled - pulledWithLength <= 1_048_576 + 2 * 65_536, `read ${pulled - pulledWithLength} bytes`)
    return statuses.join(' ')
  },
}

const checksOverHttp = {
  'README example: Sunshine, over HTTP to its emulator': ({ emulators }) =>
    readmeExample(
      createSunshineAdapter({ ...emulators.sunshine.credentials, baseUrl: emulators.sunshine.url }),
    ),
  'README example: Smooch v1.1, over HTTP to its emulator': ({ emulators }) =>
    readmeExample(createSmoochV1Adapter({ ...emulators.smooch.credentials, baseUrl: emulators.smooch.url })),
  'UltraCart history, over HTTP to its emulator': async ({ emulators }) => {
    const adapter = createUltraCartAdapter({
      ...emulators.ultracart.credentials,
      baseUrl: emulators.ultracart.url,
    })
    const [conversation] = await collect(paginate((cursor) => adapter.conversations.list({ cursor })))
    expect(conversation !== undefined, 'no conversation listed')
    const history = await collect(
      paginate((cursor) => adapter.messages.list({ conversationId: conversation.id, cursor })),
    )
    expect(history.length > 0, 'no message read')
    return `read ${history.length} messages`
  },
}

/** Where the runtime has `node:diagnostics_channel`, the transport must publish its requests there. */
const watchTransportChannel = () => {
  const diagnostics = globalThis.process?.getBuiltinModule?.('node:diagnostics_channel')
  if (!diagnostics) return () => 'no node:diagnostics_channel here: hooks and logger only'
  const seen = []
  const listener = (event) => seen.push(event.type)
  diagnostics.subscribe('colloquy:http', listener)
  return () => {
    diagnostics.unsubscribe('colloquy:http', listener)
    expect(seen.includes('request') && seen.includes('response'), `channel saw ${seen.length} events`)
    return `colloquy:http carried ${seen.length} transport events`
  }
}

const runtimeName = () => {
  if (globalThis.Bun) return `Bun ${globalThis.Bun.version}`
  if (globalThis.Deno) return `Deno ${globalThis.Deno.version.deno}`
  if (globalThis.process?.versions?.node) return `Node ${globalThis.process.versions.node}`
  return globalThis.navigator?.userAgent ?? 'unknown'
}

/**
 * Runs every check (and, with `emulators` — `{ sunshine, smooch, ultracart }` each `{ url,
 * credentials }` — the README example over HTTP); `smoochReadId` is the id node:crypto derives.
 * Resolves a report, never rejects: `{ runtime, checks: [{ name, ok, detail }] }`.
 */
export const runChecks = async (config) => {
  const checks = []
  const run = async (name, check) => {
    try {
      checks.push({ name, ok: true, detail: await check(config) })
    } catch (error) {
      checks.push({ name, ok: false, detail: String(error?.stack ?? error) })
    }
  }
  for (const [name, check] of Object.entries(checksEverywhere)) await run(name, check)
  if (config.emulators) {
    const channelVerdict = watchTransportChannel()
    for (const [name, check] of Object.entries(checksOverHttp)) await run(name, check)
    await run('diagnostics channel', channelVerdict)
  }
  return { runtime: runtimeName(), checks }
}

const cliConfig = globalThis.process?.env?.COLLOQUY_RUNTIME_CHECK
if (cliConfig !== undefined)
  runChecks(JSON.parse(cliConfig)).then((report) => console.log(JSON.stringify(report)))
