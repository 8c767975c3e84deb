// `pnpm footprint`: what each adapter costs an application, next to the official SDKs it replaces,
// measured side by side in one run.
//
// - Size: a one-import bundle (esbuild, minified, tree-shaken, Node built-ins external), raw and gzipped.
// - Cold import: median over fresh `node` processes of the time to `import()` the package.
// - First webhook: median over fresh processes of the time from process start (`performance.now()`,
//   whose origin is the process start) to the first parsed webhook: import, create the adapter,
//   `events.parse` a vendor fixture. The SDKs parse no webhooks: theirs is import + `JSON.parse`.
// - First request: the same, to the first answered `messages.list` against the vendor emulator on
//   loopback (for the SDKs: their own list-messages call against the same emulator).
// - Bare Node: the same measurement in a process that does nothing; "over bare" subtracts it.
// - fetch alone: the first request with the global fetch and nothing else, the floor of any client
//   built on fetch (Node loads undici on the first call).
//
// Processes are interleaved (every measurement once per round, each round starting one further
// along), so machine noise hits all alike. On a shared, busy machine wall times still swing; CPU
// time (user + system, every thread of the process) is printed beside them, as the steadier figure,
// and the time targets are judged on both.
// Targets (issue 14): the Sunshine adapter's gzipped bundle ≤ 25 % of sunshine-conversations-client's;
// its time to the first parsed webhook over bare Node ≤ smooch-core's import over bare Node; and the
// same for its first request. UltraCart has no official SDK installed here; its figures stand alone.
//
//   pnpm footprint            FOOTPRINT_PROCESSES=15 by default
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { startSmoochV1Emulator, startSunshineEmulator } from '@colloquy/emulators'
import { build } from 'esbuild'
import { median } from './bench-kit.mjs'

const processes = Number(process.env.FOOTPRINT_PROCESSES ?? 15)
const packageDir = (name) => new URL(`../packages/${name}/`, import.meta.url).pathname
const fixture = (dir, name) => readFileSync(`${packageDir(dir)}src/__fixtures__/${name}`, 'utf8')
const run = promisify(execFile)

// Loopback emulators, seeded with one conversation of 20 messages each.
const sunshine = await startSunshineEmulator()
const smooch = await startSmoochV1Emulator()
const start = Date.UTC(2026, 0, 1)
const { conversations } = sunshine.seed({
  users: [{ externalId: 'footprint' }],
  conversations: [
    {
      participants: [{ userExternalId: 'footprint' }],
      messages: Array.from({ length: 20 }, (_, i) => ({
        received: new Date(start + i * 1000),
        author: { type: 'user', userExternalId: 'footprint' },
        content: { type: 'text', text: `Message ${i}` },
      })),
    },
  ],
})
const [appUser] = smooch.seed({
  appUsers: [
    {
      userId: 'footprint',
      messages: Array.from({ length: 20 }, (_, i) => ({
        role: 'appUser',
        text: `Message ${i}`,
        received: start / 1000 + i,
      })),
    },
  ],
})
const sunshineWebhook = fixture('sunshine-adapter', 'webhook.conversation-message.json')
const smoochWebhook = fixture('smooch-v1-adapter', 'webhook.message-appuser.json')
const ultraCartFrame = JSON.stringify({
  type: 'event',
  conversation_uuid: '0f3c2a9e-6c1d-4b8e-9a51-2d7f5e0b8c11',
  event_type: 'typing',
  event_typing: { author_conversation_participant_arn: 'arn:example:participant/jane', value: true },
})

const sunshineKeys = { url: sunshine.url, ...sunshine.credentials, conversationId: conversations[0].id }
const smoochKeys = { url: smooch.url, ...smooch.credentials, userId: appUser._id }

// Each script runs as an ES module in a fresh process and ends by printing its wall time since the
// process started (`performance.now()`) and the CPU time the process has used (all its threads).
const done =
  'process.stdout.write(JSON.stringify({ wall: performance.now(), cpu: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }))'
const json = (value) => JSON.stringify(value)
const fail = (what) => `throw new Error(${json(what)} + ': ' + JSON.stringify(result).slice(0, 300))`

/** `entry` exports one name from `specifier`; the official SDKs are CommonJS and are bundled whole. */
const contenders = [
  {
    name: '@colloquy/sunshine-adapter',
    dir: 'sunshine-adapter',
    entry: "export { createSunshineAdapter } from '@colloquy/sunshine-adapter'",
    webhook: `const { createSunshineAdapter } = await import('@colloquy/sunshine-adapter')
      const adapter = createSunshineAdapter({ appId: 'app', keyId: 'key', keySecret: 'secret', webhookSecret: 'hook' })
      const result = await adapter.events.parse({ headers: { 'x-api-key': 'hook' }, body: ${json(sunshineWebhook)} })()
      if (result._tag !== 'Right' || result.right.length !== 1) ${fail('parse')}`,
    request: `const { createSunshineAdapter } = await import('@colloquy/sunshine-adapter')
      const { url, appId, keyId, keySecret, conversationId } = ${json(sunshineKeys)}
      const adapter = createSunshineAdapter({ appId, keyId, keySecret, baseUrl: url, retry: false })
      const result = await adapter.messages.list({ conversationId })()
      if (result._tag !== 'Right' || result.right.items.length !== 20) ${fail('messages.list')}`,
  },
  {
    name: 'sunshine-conversations-client',
    dir: 'sunshine-adapter',
    entry: "export { default } from 'sunshine-conversations-client'",
    sdkOf: '@colloquy/sunshine-adapter',
    webhook: `await import('sunshine-conversations-client')
      const result = JSON.parse(${json(sunshineWebhook)})
      if (result.events.length !== 1) ${fail('JSON.parse')}`,
    request: `const { default: Sunshine } = await import('sunshine-conversations-client')
      const { url, appId, keyId, keySecret, conversationId } = ${json(sunshineKeys)}
      const client = new Sunshine.ApiClient()
      client.basePath = url
      client.authentications.basicAuth.username = keyId
      client.authentications.basicAuth.password = keySecret
      const result = await new Sunshine.MessagesApi(client).listMessages(appId, conversationId, {})
      if (result.messages.length !== 20) ${fail('listMessages')}`,
  },
  {
    name: '@colloquy/smooch-v1-adapter',
    dir: 'smooch-v1-adapter',
    entry: "export { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'",
    webhook: `const { createSmoochV1Adapter } = await import('@colloquy/smooch-v1-adapter')
      const adapter = createSmoochV1Adapter({ appId: 'app', keyId: 'key', keySecret: 'secret', webhookSecret: 'hook' })
      const result = await adapter.events.parse({ headers: { 'x-api-key': 'hook' }, body: ${json(smoochWebhook)} })()
      if (result._tag !== 'Right' || result.right.length !== 1) ${fail('parse')}`,
    request: `const { createSmoochV1Adapter } = await import('@colloquy/smooch-v1-adapter')
      const { url, appId, keyId, keySecret, userId } = ${json(smoochKeys)}
      const adapter = createSmoochV1Adapter({ appId, keyId, keySecret, baseUrl: url, retry: false })
      const result = await adapter.messages.list({ conversationId: userId })()
      if (result._tag !== 'Right' || result.right.items.length !== 20) ${fail('messages.list')}`,
  },
  {
    name: 'smooch-core',
    dir: 'smooch-v1-adapter',
    entry: "export { default } from 'smooch-core'",
    sdkOf: '@colloquy/smooch-v1-adapter',
    webhook: `await import('smooch-core')
      const result = JSON.parse(${json(smoochWebhook)})
      if (result.messages.length !== 1) ${fail('JSON.parse')}`,
    request: `const { default: SmoochCore } = await import('smooch-core')
      const { url, keyId, keySecret, userId } = ${json(smoochKeys)}
      const client = new SmoochCore({ keyId, secret: keySecret, scope: 'app', serviceUrl: url })
      const result = await client.appUsers.getMessages({ userId })
      if (result.messages.length !== 20) ${fail('getMessages')}`,
  },
  {
    // The floor of every fetch-based client: Node loads its fetch (undici) on the first call.
    name: 'fetch alone (no library)',
    dir: 'core',
    request: `const { url, appId, keyId, keySecret, conversationId } = ${json(sunshineKeys)}
      const response = await fetch(url + '/v2/apps/' + appId + '/conversations/' + conversationId + '/messages', {
        headers: { authorization: 'Basic ' + btoa(keyId + ':' + keySecret) },
      })
      const result = await response.json()
      if (result.messages.length !== 20) ${fail('fetch')}`,
  },
  {
    name: '@colloquy/ultracart-adapter',
    dir: 'ultracart-adapter',
    entry: "export { createUltraCartAdapter } from '@colloquy/ultracart-adapter'",
    webhook: `const { createUltraCartAdapter } = await import('@colloquy/ultracart-adapter')
      const adapter = createUltraCartAdapter({ simpleKey: 'key', verification: 'none' })
      const result = await adapter.events.parse({ body: ${json(ultraCartFrame)} })()
      if (result._tag !== 'Right' || result.right.length !== 1) ${fail('parse')}`,
  },
]

const bundleSize = async ({ dir, entry }) => {
  const result = await build({
    stdin: { contents: entry, resolveDir: packageDir(dir), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0].contents
  return { bytes: code.length, gzipped: gzipSync(code, { level: 9 }).length }
}

/** What a fresh process printed. Resolved from the adapter's folder, where the SDK is installed too. */
const fresh = async (dir, script) => {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: packageDir(dir),
    encoding: 'utf8',
  })
  return JSON.parse(stdout)
}

const coldImport = ({ name }) =>
  `const t = performance.now(); await import(${json(name)}); process.stdout.write(JSON.stringify({ wall: performance.now() - t }))`

const samples = new Map(contenders.map(({ name }) => [name, { imports: [], webhooks: [], requests: [] }]))
const bare = []
for (const contender of contenders.filter(({ entry }) => entry))
  Object.assign(samples.get(contender.name), await bundleSize(contender))
// One job per fresh process; each round runs them all, starting one further along each time.
const jobs = [[bare, 'core', done]]
for (const { name, dir, entry, webhook, request } of contenders) {
  const figures = samples.get(name)
  if (entry) jobs.push([figures.imports, dir, coldImport({ name })])
  if (webhook) jobs.push([figures.webhooks, dir, `${webhook}\n${done}`])
  if (request) jobs.push([figures.requests, dir, `${request}\n${done}`])
}
for (let round = 0; round < processes; round++)
  for (let i = 0; i < jobs.length; i++) {
    const [into, dir, script] = jobs[(i + round) % jobs.length]
    into.push(await fresh(dir, script))
  }
await Promise.all([sunshine.close(), smooch.close()])

/** The median of one figure (`wall` or `cpu`) over the processes. */
const medianOf = (values, figure) => median(values.map((value) => value[figure]))
/** Milliseconds over bare Node, of the medians. */
const overBare = (values, figure) => medianOf(values, figure) - medianOf(bare, figure)
const kb = (bytes) => (bytes === undefined ? '—' : `${(bytes / 1024).toFixed(1)} KiB`)
const ms = (values, figure = 'wall') =>
  values.length === 0 ? '—' : `${medianOf(values, figure).toFixed(1)} ms`
const both = (values) => (values.length === 0 ? '—' : `${ms(values)} / ${ms(values, 'cpu')}`)
const columns = [
  ['package', 32],
  ['minified', 11],
  ['gzipped', 10],
  ['cold import', 13],
  ['1st webhook (wall / cpu)', 27],
  ['1st request (wall / cpu)', 27],
]
const row = (cells) =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(32) : cell.padStart(columns[i][1]))).join('')
console.log(
  `footprint: one-import bundle (esbuild --minify); medians over ${processes} fresh processes, interleaved\n` +
    `1st webhook / 1st request: from process start, wall time / CPU time; the SDKs' webhook is import + JSON.parse\n`,
)
console.log(row(columns.map(([title]) => title)))
console.log(row(['bare node (-e, nothing)', '', '', '', both(bare), both(bare)]))
for (const { name } of contenders) {
  const { bytes, gzipped, imports, webhooks, requests } = samples.get(name)
  console.log(row([name, kb(bytes), kb(gzipped), ms(imports), both(webhooks), both(requests)]))
}

const smoochCore = samples.get('smooch-core').webhooks
const fetchAlone = samples.get('fetch alone (no library)').requests
const overBoth = (values) =>
  `${overBare(values, 'wall').toFixed(1)} / ${overBare(values, 'cpu').toFixed(1)} ms`
// smooch-core's import over bare Node: its webhook script is the import (and a JSON.parse).
console.log('\nover bare node (wall / cpu):')
console.log(`  smooch-core import: ${overBoth(smoochCore)}`)
console.log(`  fetch alone, 1st request: ${overBoth(fetchAlone)}`)
for (const { name } of contenders.filter((contender) => contender.name.startsWith('@colloquy/'))) {
  const { webhooks, requests } = samples.get(name)
  const request = requests.length ? `, 1st request ${overBoth(requests)}` : ''
  console.log(`  ${name}: 1st webhook ${overBoth(webhooks)}${request}`)
}

const adapter = samples.get('@colloquy/sunshine-adapter')
const sdk = samples.get('sunshine-conversations-client')
const versusSmoochCore = (values, figure) => overBare(values, figure) / overBare(smoochCore, figure)
const targets = [
  [`gzipped bundle / sunshine-conversations-client's`, adapter.gzipped / sdk.gzipped, 0.25],
  ...['wall', 'cpu'].flatMap((figure) => [
    [
      `1st webhook over bare / smooch-core import over bare (${figure})`,
      versusSmoochCore(adapter.webhooks, figure),
      1,
    ],
    [
      `1st request over bare / smooch-core import over bare (${figure})`,
      versusSmoochCore(adapter.requests, figure),
      1,
    ],
  ]),
]
console.log('\nissue 14 targets, @colloquy/sunshine-adapter:')
for (const [what, ratio, limit] of targets)
  console.log(`  ${what}: ${ratio.toFixed(2)} (target ≤ ${limit}: ${ratio <= limit ? 'met' : 'NOT met'})`)
const missed = targets.filter(([, ratio, limit]) => ratio > limit).length
console.log(missed === 0 ? '\nall footprint targets met' : `\n${missed} footprint target(s) NOT met`)
