// Delta runs and live lag, through the built `colloquy` command against the emulators.
//
// 1. A history of 100,000 messages (UltraCart: 2,000 conversations of 50) is copied into Sunshine
//    once (the bulk copy). Then 1 % new messages arrive, and `colloquy migrate` runs again (the
//    delta) next to `colloquy migrate --full` (today's full re-run, which reads every history
//    again). Two shapes of the 1 %: "new chats" (most in new conversations, some in recent ones,
//    as a support desk's traffic is) and "spread" (one or two in each of 500 old conversations).
//    The full re-run runs after the delta, so it finds the new messages copied: its reads are
//    those of a full re-run, and a full re-run would have made the delta's writes (the same
//    messages sent) on top — both are shown.
// 2. Live lag: `colloquy sync --follow` from Smooch v1 (webhooks) and from UltraCart (polling
//    every second) into Sunshine, every emulator answering after 20 ms, while customers write;
//    p50 / p95 of the delay from a message's creation to its copy, from the sync's own report.
//
//   pnpm bench:delta [--conversations 2000] [--per-conversation 50] [--live 200]
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSmoochV1Emulator, startSunshineEmulator, startUltraCartEmulator } from '@colloquy/emulators'

const flag = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`)
  return index < 0 ? fallback : Number(process.argv[index + 1])
}
const conversations = flag('conversations', 2_000)
const perConversation = flag('per-conversation', 50)
const liveMessages = flag('live', 200)
const history = conversations * perConversation
const newMessages = Math.round(history / 100)
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url))
const folder = mkdtempSync(join(tmpdir(), 'colloquy-bench-delta-'))
const count = (n) => Math.round(n).toLocaleString('en')
const percent = (part, whole) => `${((100 * part) / whole).toFixed(1)} %`

/** Runs the built command; resolves with its exit code, output and wall time. */
const colloquy = (args, env, onLine) =>
  new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(process.execPath, [main, ...args], { env: { PATH: process.env.PATH, ...env } })
    let stdout = ''
    let stderr = ''
    let partial = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      partial += chunk
      const lines = partial.split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) onLine?.(line, child)
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('close', (code) =>
      resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }),
    )
  })
const lastJson = (stdout) => JSON.parse(stdout.trim().split('\n').at(-1))

const envOf = ({ ultracart, smooch, sunshine }) => ({
  ...(ultracart && {
    COLLOQUY_ULTRACART_SIMPLE_KEY: ultracart.credentials.simpleKey,
    COLLOQUY_ULTRACART_BASE_URL: ultracart.url,
    COLLOQUY_ULTRACART_RATE_LIMIT: 'off',
  }),
  ...(smooch && {
    COLLOQUY_SMOOCH_APP_ID: smooch.credentials.appId,
    COLLOQUY_SMOOCH_KEY_ID: smooch.credentials.keyId,
    COLLOQUY_SMOOCH_KEY_SECRET: smooch.credentials.keySecret,
    COLLOQUY_SMOOCH_BASE_URL: smooch.url,
    COLLOQUY_SMOOCH_WEBHOOK_SECRET: 'bench-secret',
  }),
  COLLOQUY_SUNSHINE_APP_ID: sunshine.credentials.appId,
  COLLOQUY_SUNSHINE_KEY_ID: sunshine.credentials.keyId,
  COLLOQUY_SUNSHINE_KEY_SECRET: sunshine.credentials.keySecret,
  COLLOQUY_SUNSHINE_BASE_URL: sunshine.url,
})

const old = Date.UTC(2025, 0, 1)
// Conversation c starts c × 2 hours after `old`: every history is over by the time it is copied.
const spacing = 7_200_000
let customers = 0
const seedConversation = (ultracart, messages, epoch) => {
  const customer = {
    arn: `arn:ultracart:DEMO:participant/bench-${++customers}`,
    name: `Customer ${customers}`,
  }
  return ultracart.seed({
    conversations: [
      {
        participants: [customer],
        messages: Array.from({ length: messages }, (_, i) => ({
          authorArn: i % 2 ? ultracart.agent.arn : customer.arn,
          body: `Message ${i}: where is my order? It was due yesterday.`,
          messageEpoch: epoch + i * 1000,
        })),
      },
    ],
  })[0].uuid
}

// ── 1. delta vs full re-run ─────────────────────────────────────────────────────────────────
const ultracart = await startUltraCartEmulator()
const sunshine = await startSunshineEmulator()
const ids = Array.from({ length: conversations }, (_, c) =>
  seedConversation(ultracart, perConversation, old + c * spacing),
)
const env = envOf({ ultracart, sunshine })
const ledger = join(folder, 'ledger.jsonl')
const migrate = (...extra) =>
  colloquy(
    [
      'migrate',
      '--from',
      'ultracart',
      '--to',
      'sunshine',
      '--ledger',
      ledger,
      '--concurrency',
      '8',
      '--json',
      '--quiet',
      ...extra,
    ],
    env,
  )
const requests = () => {
  const source = ultracart.requests().length
  const target = sunshine.requests()
  const writes = target.filter((r) => r.method !== 'GET').length
  ultracart.clearRequests()
  sunshine.clearRequests()
  return { source, targetReads: target.length - writes, targetWrites: writes, all: source + target.length }
}

console.log(
  `colloquy delta runs: UltraCart → Sunshine, ${count(history)} messages in ${count(conversations)} conversations; 1 % new = ${count(newMessages)} messages; through the built CLI`,
)
const bulk = await migrate()
if (bulk.code !== 0) throw new Error(`bulk copy failed: ${bulk.stderr}`)
requests()
console.log(
  `bulk copy: ${count(lastJson(bulk.stdout).report.totals.migrated)} messages in ${bulk.seconds.toFixed(1)} s`,
)

const shapes = {
  'new chats': async () => {
    // 80 % in 20 new conversations, 20 % in 20 recent ones.
    const fresh = Math.round(newMessages * 0.8)
    for (let c = 0; c < 20; c++)
      ids.push(seedConversation(ultracart, Math.round(fresh / 20), Date.now() - 3_600_000))
    const recent = ids.slice(conversations - 20, conversations)
    for (let i = 0; i < newMessages - fresh; i++)
      await ultracart.simulateCustomerMessage({
        conversationUuid: recent[i % recent.length],
        body: `new ${i}`,
      })
  },
  spread: async () => {
    const touched = ids.slice(0, 500)
    for (let i = 0; i < newMessages; i++)
      await ultracart.simulateCustomerMessage({
        conversationUuid: touched[i % touched.length],
        body: `new ${i}`,
      })
  },
}

const rows = []
for (const [shape, arrive] of Object.entries(shapes)) {
  await arrive()
  requests()
  const delta = await migrate()
  if (delta.code !== 0) throw new Error(`delta failed: ${delta.stderr}`)
  const deltaRequests = requests()
  const full = await migrate('--full')
  if (full.code !== 0) throw new Error(`full re-run failed: ${full.stderr}`)
  const fullRequests = requests()
  const copied = lastJson(delta.stdout).report.totals.migrated
  if (copied !== newMessages) throw new Error(`the delta copied ${copied}, expected ${newMessages}`)
  // The full re-run would have sent what the delta sent.
  const fullTotal = fullRequests.all + deltaRequests.targetWrites
  rows.push([
    shape,
    `${count(deltaRequests.source)} vs ${count(fullRequests.source)} (${percent(deltaRequests.source, fullRequests.source)})`,
    `${count(deltaRequests.source + deltaRequests.targetReads)} vs ${count(fullRequests.source + fullRequests.targetReads)} (${percent(deltaRequests.source + deltaRequests.targetReads, fullRequests.source + fullRequests.targetReads)})`,
    `${count(deltaRequests.all)} vs ${count(fullTotal)} (${percent(deltaRequests.all, fullTotal)})`,
    `${delta.seconds.toFixed(1)} s vs ${full.seconds.toFixed(1)} s + the sends`,
  ])
}
await Promise.all([ultracart.close(), sunshine.close()])
console.log(
  '\nshape      | source requests (the vendor budget) | all reads            | all requests, sends included | wall time',
)
for (const row of rows) console.log(row.join(' | '))
console.log(
  '(delta vs full re-run; the sends are the same new messages in both, so they bound the last ratio from below)',
)

// ── 2. live lag ─────────────────────────────────────────────────────────────────────────────
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

const faults = { latencyMs: 20 }
const live = async (from) => {
  const port = await freePort()
  const target = await startSunshineEmulator({ faults })
  const source =
    from === 'smooch-v1'
      ? await startSmoochV1Emulator({
          faults,
          webhooks: [{ target: `http://127.0.0.1:${port}/webhooks/smooch-v1`, secret: 'bench-secret' }],
        })
      : await startUltraCartEmulator({ faults })
  const chats = []
  const file = join(folder, `${from}-ids.txt`)
  for (let c = 0; c < 10; c++) {
    if (from === 'smooch-v1') {
      const [user] = source.seed({
        appUsers: [
          {
            userId: `live-${c}`,
            conversationStarted: true,
            messages: [{ role: 'appUser', text: 'hello', received: old / 1000 + c }],
          },
        ],
      })
      chats.push(user._id)
    } else chats.push(seedConversation(source, 1, old + c * 1000))
  }
  await import('node:fs/promises').then((fs) => fs.writeFile(file, chats.join('\n')))
  const say = (i) =>
    from === 'smooch-v1'
      ? source.simulateCustomerMessage({ userId: chats[i % chats.length], text: `live ${i}` })
      : source.simulateCustomerMessage({ conversationUuid: chats[i % chats.length], body: `live ${i}` })
  let writing
  const run = colloquy(
    [
      'sync',
      '--from',
      from,
      '--to',
      'sunshine',
      ...(from === 'smooch-v1' ? ['--conversations', file] : ['--poll-every', '1s']),
      '--ledger',
      join(folder, `${from}-ledger.jsonl`),
      '--follow',
      '--listen',
      `127.0.0.1:${port}`,
      '--json',
    ],
    envOf({ [from === 'smooch-v1' ? 'smooch' : 'ultracart']: source, sunshine: target }),
    (line, child) => {
      const status = JSON.parse(line)
      if (status.type === 'sync' && status.phase === 'following' && writing === undefined)
        writing = (async () => {
          // A customer message every 50 ms, spread over the conversations.
          for (let i = 0; i < liveMessages; i++) {
            await say(i)
            await new Promise((resolve) => setTimeout(resolve, 50))
          }
        })()
      if (status.type === 'sync' && status.live.migrated >= liveMessages) child.kill('SIGINT')
    },
  )
  const done = await run
  await writing
  await Promise.all([source.close(), target.close()])
  const report = lastJson(done.stdout).report
  if (report.live.migrated !== liveMessages) throw new Error(`${from}: copied ${report.live.migrated} live`)
  return report.lag
}

console.log(
  `\nlive lag, colloquy sync --follow into Sunshine, 20 ms emulator latency, ${liveMessages} messages at 20/s:`,
)
for (const [from, how] of [
  ['smooch-v1', 'webhooks'],
  ['ultracart', 'polling every 1 s'],
]) {
  const lag = await live(from)
  console.log(
    `  ${from.padEnd(10)} (${how}): p50 ${count(lag.p50Ms)} ms, p95 ${count(lag.p95Ms)} ms, max ${count(lag.maxMs)} ms (${lag.samples} measured)`,
  )
}
