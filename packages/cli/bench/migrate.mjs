// colloquy's migration next to a plain hand-written fetch copy (no ledger, no checks) doing the
// same UltraCart → Sunshine copy, at concurrency 1 and 4, with 0 ms and 20 ms emulator latency.
// Emulators run in a child process; each copy runs in a child of its own, which measures its wall
// time and its own CPU time. Rounds alternate who goes first; figures are medians of rounds, and
// ratios are taken within a round. Also: bytes stored per target message, requests per message.
//
//   pnpm bench:migrate [--rounds 2] [--messages 2000] [--profile] [--rss]
//
// --profile: a colloquy run under --cpu-prof (concurrency 4, no latency), its self time by
//            package. --rss: peak RSS of the migrating process for 1,000 vs 100,000 messages.
import { fork } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { median } from '../../../scripts/bench-kit.mjs'

const flag = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`)
  return index < 0 ? fallback : Number(process.argv[index + 1])
}
const rounds = flag('rounds', 2)
const messages = flag('messages', 2_000)
const perConversation = 100
const conversations = Math.max(1, Math.round(messages / perConversation))

const child = (script, args = [], execArgv = []) => fork(new URL(script, import.meta.url), args, { execArgv })
const reply = (process_) => new Promise((resolve) => process_.once('message', resolve))

const emulators = async (count, latency) => {
  const process_ = child('./emulators.mjs', [count, perConversation, latency].map(String))
  const where = await reply(process_)
  return {
    where,
    stats: async () => {
      process_.send('stats')
      return reply(process_)
    },
    stop: () => process_.disconnect(),
  }
}

/** One copy by `script` into fresh emulators: its own figures, and what the target then holds. */
const copy = async (script, concurrency, latency, execArgv = []) => {
  const ends = await emulators(conversations, latency)
  const copier = child(script, [], execArgv)
  copier.send({ where: ends.where, concurrency })
  const result = await reply(copier)
  await new Promise((resolve) => {
    copier.once('exit', resolve)
    copier.disconnect()
  })
  const stats = await ends.stats()
  ends.stop()
  if (result.copied !== messages || result.failed > 0 || stats.messages !== messages)
    throw new Error(
      `${script}: copied ${result.copied}, failed ${result.failed}, target holds ${stats.messages}`,
    )
  return { ...result, ...stats }
}

const fixed = (value, digits = 2) => value.toFixed(digits)
console.log(
  `UltraCart → Sunshine, ${messages.toLocaleString('en')} messages (${conversations} conversations), emulators in their own process, ${rounds} rounds; medians`,
)
console.log(
  '  latency  conc  naive msg/s  colloquy msg/s  throughput ×  naive CPU ms/msg  colloquy CPU ms/msg  CPU ×',
)
const summary = {}
for (const latency of [0, 20]) {
  for (const concurrency of [1, 4]) {
    const runs = { naive: [], colloquy: [] }
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? ['colloquy', 'naive'] : ['naive', 'colloquy']
      for (const who of order)
        runs[who].push(
          await copy(who === 'naive' ? './naive-copy.mjs' : './colloquy-copy.mjs', concurrency, latency),
        )
    }
    const rate = (run) => run.copied / run.seconds
    const cpu = (run) => run.cpuMs / run.copied
    const throughput = median(runs.colloquy.map((run, i) => rate(run) / rate(runs.naive[i])))
    const cpuRatio = median(runs.colloquy.map((run, i) => cpu(run) / cpu(runs.naive[i])))
    summary[`${latency}/${concurrency}`] = { runs }
    console.log(
      `  ${String(latency).padStart(4)} ms  ${String(concurrency).padStart(4)}  ${fixed(median(runs.naive.map(rate)), 0).padStart(11)}  ${fixed(median(runs.colloquy.map(rate)), 0).padStart(14)}  ${fixed(throughput).padStart(12)}  ${fixed(median(runs.naive.map(cpu)), 3).padStart(16)}  ${fixed(median(runs.colloquy.map(cpu)), 3).padStart(19)}  ${fixed(cpuRatio).padStart(5)}`,
    )
  }
}
const sample = summary['20/4'].runs
const per = (runs, field) => median(runs.map((run) => run[field]))
console.log(`  targets at 20 ms: throughput ≥ 0.95 × naive (concurrency 1 and 4), CPU per message ≤ 1.3 ×`)
console.log(
  `  stored per target message: naive ${fixed(per(sample.naive, 'storedBytesPerMessage'), 0)} bytes (metadata ${fixed(per(sample.naive, 'metadataBytesPerMessage'), 0)}), colloquy ${fixed(per(sample.colloquy, 'storedBytesPerMessage'), 0)} bytes (metadata ${fixed(per(sample.colloquy, 'metadataBytesPerMessage'), 0)})`,
)
const requests = (runs) => median(runs.map((run) => (run.sourceRequests + run.targetRequests) / run.copied))
const sourceReads = (runs) => median(runs.map((run) => run.sourceRequests))
console.log(
  `  requests per message: naive ${fixed(requests(sample.naive), 3)}, colloquy ${fixed(requests(sample.colloquy), 3)}; source requests: naive ${sourceReads(sample.naive)}, colloquy ${sourceReads(sample.colloquy)} (${conversations} conversations)`,
)

{
  // The engine alone: memory → memory, no transport; what exactly-once costs by itself.
  const { createMemoryAdapter } = await import('@colloquy/core/memory')
  const { migrate } = await import('@colloquy/migrate')
  const source = createMemoryAdapter()
  const ids = Array.from(
    { length: conversations },
    (_, c) =>
      source.memory.seed({
        participants: [{ userId: `customer-${c}` }],
        messages: Array.from({ length: perConversation }, (_, i) => ({
          author: i % 2 ? { role: 'agent' } : { role: 'customer', userId: `customer-${c}` },
          content: { type: 'text', text: `Message ${i} of conversation ${c}: where is my order?` },
          createdAt: new Date(Date.UTC(2025, 0, 1) + c * 10_000_000 + i * 1000),
        })),
      }).conversationId,
  )
  const samples = []
  for (let round = 0; round < 3; round++) {
    const cpu = process.cpuUsage()
    const report = await migrate({
      source,
      target: createMemoryAdapter(),
      conversations: ids,
      concurrency: 4,
    })
    const used = process.cpuUsage(cpu)
    samples.push((used.user + used.system) / 1000 / report.totals.migrated)
  }
  console.log(
    `  the engine alone (memory → memory, no transport): ${fixed(median(samples), 3)} ms CPU per message`,
  )
}

if (process.argv.includes('--profile')) {
  const directory = mkdtempSync(join(tmpdir(), 'colloquy-profile-'))
  await copy('./colloquy-copy.mjs', 4, 0, ['--cpu-prof', `--cpu-prof-dir=${directory}`])
  const file = readdirSync(directory).find((name) => name.endsWith('.cpuprofile'))
  const profile = JSON.parse(readFileSync(join(directory, file), 'utf8'))
  const byCategory = new Map()
  const interval = (profile.endTime - profile.startTime) / Math.max(profile.samples.length, 1)
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const categoryOf = ({ callFrame: { url, functionName } }) => {
    if (!url)
      return functionName === '(garbage collector)'
        ? 'GC'
        : functionName === '(idle)'
          ? 'idle'
          : `(${functionName || 'native'})`
    const inModules = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)
    if (inModules) return inModules[1]
    const ours = /packages\/([^/]+)\//.exec(url)
    if (ours) return `@colloquy/${ours[1]}`
    if (url.startsWith('node:internal/deps/undici')) return 'undici (fetch)'
    if (url.startsWith('node:internal/webstreams')) return 'web streams'
    if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[1] ?? url.slice(5)}`
    return url
  }
  for (const sampleId of profile.samples) {
    const category = categoryOf(nodes.get(sampleId))
    byCategory.set(category, (byCategory.get(category) ?? 0) + interval / 1000)
  }
  const busy = [...byCategory].filter(([name]) => name !== 'idle')
  const total = busy.reduce((sum, [, ms]) => sum + ms, 0)
  console.log(
    `  profile of a colloquy run (concurrency 4, no latency), self time by package, ${fixed(total, 0)} ms busy:`,
  )
  for (const [name, ms] of busy.sort((a, b) => b[1] - a[1]).slice(0, 14))
    console.log(
      `    ${name.padEnd(34)} ${fixed(ms, 0).padStart(6)} ms  ${fixed((100 * ms) / total, 1).padStart(5)} %`,
    )
}

if (process.argv.includes('--rss')) {
  const rss = {}
  // The same shape at both sizes (100 messages per conversation, same concurrency): only the
  // amount of history differs.
  for (const [count, size] of [
    [1_000, 10],
    [100_000, 1_000],
  ]) {
    const ends = await emulators(size, 0)
    const migrator = child('./migrator.mjs')
    const started = performance.now()
    migrator.send(ends.where)
    const result = await reply(migrator)
    migrator.kill()
    ends.stop()
    rss[count] = result.maxRssKb
    console.log(
      `  ${count.toLocaleString('en')} messages: peak RSS ${(result.maxRssKb / 1024).toFixed(0)} MB (${result.migrated} migrated, ${result.failed} failed, ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    )
  }
  const ratio = rss[100_000] / rss[1_000]
  console.log(
    `  peak RSS 100,000 / 1,000: ${ratio.toFixed(2)} (target ≤ 1.3: ${ratio <= 1.3 ? 'met' : 'not met'})`,
  )
}
