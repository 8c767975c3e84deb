// Scale-out on PostgreSQL: 1, 2 and 4 `colloquy worker` processes copy UltraCart → Sunshine through
// one rate budget shared in the database, emulators (in their own process) at 20 ms latency.
// Prints the target's aggregate requests/s and messages/s against the budget ceiling; then the
// same with the budget unknown to the workers (the emulator enforces it with 429s and the shared
// budget adapts), with the share of 429s.
//
//   pnpm bench:scale [--budget 40] [--seconds 30] [--known-only | --unknown-only] [--trace]
//
// --trace: every second, the accepted rate and the shared budget's state (rate, ceiling, 429s).
import { fork, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { createTestDatabase, startTestPostgres } from '../../../scripts/embedded-postgres.mjs'

const flag = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`)
  return index < 0 ? fallback : Number(process.argv[index + 1])
}
const budget = flag('budget', 40)
const seconds = flag('seconds', 30)
const latencyMs = 20
const perConversation = 50
// Enough messages to keep the budget busy for about `seconds`.
const conversations = Math.ceil((budget * seconds) / perConversation)
const cli = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url))

const reply = (child) => new Promise((resolve) => child.once('message', resolve))
const exited = (child) => new Promise((resolve) => child.once('close', (code) => resolve(code)))

const run = async (server, workers, known) => {
  const emulators = fork(new URL('./emulators.mjs', import.meta.url), [
    JSON.stringify({
      conversations,
      perConversation,
      latencyMs,
      ...(known ? {} : { targetLimit: { requests: budget, intervalMs: 1_000 } }),
    }),
  ])
  const { ids, env: vendorEnv } = await reply(emulators)
  const database = await createTestDatabase(server.url)
  const env = {
    PATH: process.env.PATH,
    ...vendorEnv,
    COLLOQUY_DATABASE_URL: database,
    ...(known ? { COLLOQUY_SUNSHINE_RATE_LIMIT: `${budget}/1` } : {}),
  }
  const file = join(mkdtempSync(join(tmpdir(), 'colloquy-scale-')), 'ids.txt')
  writeFileSync(file, ids.join('\n'))
  const cliRun = (args) =>
    spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] })
  const id = `scale-${workers}`
  const enqueueArgs = ['migrate', '--from', 'ultracart', '--to', 'sunshine', '--conversations', file]
  if (
    (await exited(cliRun([...enqueueArgs, '--database', '--no-work', '--migration-id', id, '--quiet']))) !== 0
  )
    throw new Error('enqueueing failed')
  const stats = async () => {
    emulators.send('stats')
    return { at: performance.now(), ...(await reply(emulators)) }
  }
  const before = await stats()
  // The target's request count, sampled: the rate is taken over the time it was busy, from its
  // first request to its last, so worker processes starting and stopping do not count.
  const samples = [before]
  let working = true
  const trace = process.argv.includes('--trace') ? new pg.Client({ connectionString: database }) : undefined
  await trace?.connect()
  const sampling = (async () => {
    while (working) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      samples.push(await stats())
      if (trace && samples.length % 5 === 0) {
        const { rows } = await trace
          .query('select rate, ceiling, rate_limited from colloquy.rate_budgets')
          .catch(() => ({ rows: [] }))
        const last = samples.at(-1)
        const previous = samples.at(-6) ?? before
        console.log(
          `    ${((last.at - before.at) / 1000).toFixed(1)} s: ${((last.targetRequests - last.rateLimited - (previous.targetRequests - previous.rateLimited)) / ((last.at - previous.at) / 1000)).toFixed(1)} accepted/s; budget ${rows.map((r) => `rate ${r.rate.toFixed(1)} ceiling ${r.ceiling?.toFixed(1)} 429s ${r.rate_limited}`).join(', ')}`,
        )
      }
    }
  })()
  const codes = await Promise.all(
    Array.from({ length: workers }, () =>
      exited(cliRun(['worker', '--concurrency', '8', '--until-settled', id, '--quiet'])),
    ),
  )
  working = false
  await sampling
  await trace?.end()
  const after = await stats()
  emulators.disconnect()
  const firstBusy = samples.find((sample) => sample.targetRequests > before.targetRequests) ?? before
  const lastBusy = samples.find((sample) => sample.targetRequests === after.targetRequests) ?? after
  // Half a sampling interval on each side: the first and last requests fell somewhere within them.
  const elapsed = Math.max(0.2, (lastBusy.at - firstBusy.at) / 1000 + 0.2)
  if (codes.some((code) => code !== 0)) throw new Error(`a worker exited with ${codes}`)
  if (after.messages !== conversations * perConversation)
    throw new Error(`the target holds ${after.messages} of ${conversations * perConversation} messages`)
  const requests = after.targetRequests - before.targetRequests
  const rateLimited = after.rateLimited - before.rateLimited
  return {
    workers,
    requestsPerSecond: (requests - rateLimited) / elapsed,
    messagesPerSecond: after.messages / elapsed,
    share429: requests > 0 ? rateLimited / requests : 0,
    elapsed,
  }
}

const server = await startTestPostgres()
try {
  console.log(
    `UltraCart → Sunshine, ${(conversations * perConversation).toLocaleString('en')} messages, emulators at ${latencyMs} ms in their own process, budget ${budget} requests/s; each worker copies 8 conversations at once`,
  )
  const cases = process.argv.includes('--unknown-only')
    ? [false]
    : process.argv.includes('--known-only')
      ? [true]
      : [true, false]
  for (const known of cases) {
    console.log(
      known
        ? '\nbudget known to the workers (COLLOQUY_SUNSHINE_RATE_LIMIT), shared through PostgreSQL:'
        : '\nbudget unknown to the workers (the emulator answers 429 past it), shared adaptive budget:',
    )
    console.log('  workers  accepted requests/s  of budget  messages/s  429s      time')
    for (const workers of process.argv.includes('--four-only') ? [4] : [1, 2, 4]) {
      const result = await run(server, workers, known)
      console.log(
        `  ${String(workers).padStart(7)}  ${result.requestsPerSecond.toFixed(1).padStart(19)}  ${`${((100 * result.requestsPerSecond) / budget).toFixed(0)} %`.padStart(9)}  ${result.messagesPerSecond.toFixed(1).padStart(10)}  ${`${(100 * result.share429).toFixed(2)} %`.padStart(7)}  ${result.elapsed.toFixed(1).padStart(6)} s`,
      )
    }
  }
  console.log(
    '\nTargets: ≥ 90 % of the budget at 4 workers and never above it (known); ≥ 80 % with 429s under 2 % (unknown).',
  )
} finally {
  await server.stop()
}
