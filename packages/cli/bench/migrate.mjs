// Migration throughput between emulators with 2 ms latency at concurrency 1, 4 and 16, against
// the ideal (requests × latency ÷ concurrency), and the migrating process's peak RSS for 1,000 vs
// 100,000 messages. Emulators run in a child process; the RSS runs migrate in another.
//
//   pnpm bench:migrate [--skip-rss] [--skip-throughput]
import { fork } from 'node:child_process'
import { migrate } from '@colloquy/migrate'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'

const latencyMs = 2
const emulators = async (conversations, perConversation, latency) => {
  const child = fork(
    new URL('./emulators.mjs', import.meta.url),
    [conversations, perConversation, latency].map(String),
  )
  const where = await new Promise((resolve) => child.once('message', resolve))
  return { where, stop: () => child.disconnect() }
}

console.log(`migration UltraCart → Sunshine between emulators with ${latencyMs} ms latency per request`)
const runs = [
  [1, latencyMs],
  [4, latencyMs],
  [16, latencyMs],
  // The same without added latency: what one request costs the two processes by themselves.
  [1, 0],
]
for (const [concurrency, latency] of process.argv.includes('--skip-throughput') ? [] : runs) {
  const { where, stop } = await emulators(32, 100, latency)
  let requests = 0
  const hooks = { onRequest: () => void requests++ }
  const started = performance.now()
  const report = await migrate({
    source: createUltraCartAdapter({ ...where.ultracart, rateLimit: false, hooks }),
    target: createSunshineAdapter({ ...where.sunshine, hooks }),
    concurrency,
  })
  const seconds = (performance.now() - started) / 1000
  stop()
  const actual = report.totals.migrated / seconds
  if (latency === 0) {
    console.log(
      `  concurrency  1, no added latency: ${Math.round(actual)} messages/s, ${((seconds * 1000) / requests).toFixed(2)} ms per request of client + emulator work`,
    )
    continue
  }
  const ideal = report.totals.migrated / ((requests * latencyMs) / 1000 / concurrency)
  console.log(
    `  concurrency ${String(concurrency).padStart(2)}: ${Math.round(actual).toString().padStart(5)} messages/s, ideal ${Math.round(ideal).toString().padStart(5)} (${requests} requests) → ${((100 * actual) / ideal).toFixed(0)} % of ideal${concurrency === 4 ? ' (target ≥ 80 %)' : ''}`,
  )
}

if (!process.argv.includes('--skip-rss')) {
  const rss = {}
  // The same shape at both sizes (100 messages per conversation, same concurrency): only the
  // amount of history differs.
  for (const [messages, conversations] of [
    [1_000, 10],
    [100_000, 1_000],
  ]) {
    const { where, stop } = await emulators(conversations, messages / conversations, 0)
    const child = fork(new URL('./migrator.mjs', import.meta.url))
    const started = performance.now()
    child.send(where)
    const result = await new Promise((resolve) => child.once('message', resolve))
    child.kill()
    stop()
    rss[messages] = result.maxRssKb
    console.log(
      `  ${messages.toLocaleString('en')} messages: peak RSS ${(result.maxRssKb / 1024).toFixed(0)} MB (${result.migrated} migrated, ${result.failed} failed, ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    )
  }
  const ratio = rss[100_000] / rss[1_000]
  console.log(
    `  peak RSS 100,000 / 1,000: ${ratio.toFixed(2)} (target ≤ 1.3: ${ratio <= 1.3 ? 'met' : 'not met'})`,
  )
}
