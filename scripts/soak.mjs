// `pnpm soak`: a bounded soak under faults. Thousands of messages are migrated from the UltraCart
// emulator to the Sunshine emulator while both inject latency, 5xx, 429, connection resets, lost
// responses, stalls and cut-off bodies at once; the migrating process (scripts/soak-worker.mjs) is
// SIGKILLed twice and resumed from its ledger. Prints the counts and fails unless every source
// message is in the target exactly once, in order.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSunshineEmulator, startUltraCartEmulator } from '@colloquy/emulators'
import { sourceKeys } from '@colloquy/migrate'

const conversations = Number(process.env.SOAK_CONVERSATIONS ?? 30)
const messagesPerConversation = Number(process.env.SOAK_MESSAGES ?? 100)
const kills = 2
const maxRuns = 12
const shared = {
  latencyMs: { min: 0, max: 8 },
  serverErrors: 0.03,
  resets: 0.02,
  malformed: 0.02,
  stalls: 0.003,
  stallMs: 3_000,
}
const ultracart = await startUltraCartEmulator({ faults: { seed: 11, ...shared } })
const sunshine = await startSunshineEmulator({
  // Lost responses only on the target: there a retried write could duplicate a message.
  faults: { seed: 12, ...shared, lostResponses: 0.02, rateLimit: { requests: 300, intervalMs: 1_000 } },
})
const directory = mkdtempSync(join(tmpdir(), 'colloquy-soak-'))

/** Deterministic kill moments, so two soaks on one machine kill at the same points. */
let state = 20_261_121
const random = () => {
  state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
  return state / 2_147_483_648
}

const startedAt = performance.now()
try {
  const start = Date.parse('2025-01-01T00:00:00Z')
  const seeded = ultracart.seed({
    conversations: Array.from({ length: conversations }, (_, c) => {
      const customer = { arn: `arn:ultracart:DEMO:participant/soak-${c}`, name: `Customer ${c}` }
      return {
        participants: [customer],
        messages: Array.from({ length: messagesPerConversation }, (_, i) => ({
          authorArn: i % 2 ? ultracart.agent.arn : customer.arn,
          body: `conversation ${c} message ${i}`,
          // Some epochs repeat, as UltraCart's do.
          messageEpoch: start + c * 10_000_000 + Math.floor(i / 3),
        })),
      }
    }),
  })
  const sourceOrder = new Map(seeded.map((conversation) => [conversation.uuid, conversation.messageUuids]))
  const total = seeded.reduce((sum, conversation) => sum + conversation.messageUuids.length, 0)
  console.log(
    `soak: ${total} messages in ${conversations} conversations, UltraCart → Sunshine, both emulators faulty`,
  )

  const config = JSON.stringify({
    source: { ...ultracart.credentials, baseUrl: ultracart.url },
    target: { ...sunshine.credentials, baseUrl: sunshine.url },
    ledger: join(directory, 'ledger.jsonl'),
    timeoutMs: 1_000,
  })
  let retries = 0
  let killed = 0
  let finalTotals
  const finished = () => finalTotals?.failed === 0 && finalTotals.conversationsFailed === 0
  for (let run = 1; run <= maxRuns && !finished(); run++) {
    const child = spawn(process.execPath, [new URL('./soak-worker.mjs', import.meta.url).pathname], {
      env: { ...process.env, SOAK_CONFIG: config },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let buffered = ''
    child.stdout.on('data', (chunk) => {
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        const event = JSON.parse(line)
        if (event.type === 'retry') retries++
        else if (event.type === 'report') {
          finalTotals = event.totals
          for (const error of event.errors) console.log(`    stopped a conversation: ${error}`)
        }
      }
    })
    const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })))
    let timer
    if (killed < kills) {
      timer = setTimeout(() => child.kill('SIGKILL'), 1_500 + random() * 3_000)
    }
    const { code, signal } = await exited
    clearTimeout(timer)
    if (signal === 'SIGKILL') {
      killed++
      finalTotals = undefined
    }
    console.log(
      `  run ${run}: ${signal ? `killed (${signal})` : `exit ${code}`}${finalTotals ? `, copied ${finalTotals.migrated}, already there ${finalTotals.skipped}, conversations stopped by a fault ${finalTotals.conversationsFailed} (re-run continues them)` : ''}`,
    )
  }

  const targetConversations = sunshine.state().conversations
  const copied = targetConversations.flatMap((conversation) =>
    conversation.messages.map((message) => message.metadata?.[sourceKeys.messageId]),
  )
  const unique = new Set(copied)
  const lost = [...sourceOrder.values()].flat().filter((id) => !unique.has(id)).length
  const duplicates = copied.length - unique.size
  const outOfOrder = targetConversations.filter((conversation) => {
    const ids = conversation.messages.map((message) => message.metadata?.[sourceKeys.messageId])
    const original = sourceOrder.get(conversation.metadata?.[sourceKeys.conversationId]) ?? []
    return ids.length > 0 && ids.join() !== original.join()
  }).length
  const faults = [ultracart, sunshine].map((emulator) => emulator.faultCounts())
  const byKind = Object.fromEntries(
    Object.keys(faults[0]).map((kind) => [kind, faults[0][kind] + faults[1][kind]]),
  )
  const injected = Object.values(byKind).reduce((sum, count) => sum + count, 0)
  const requests = ultracart.requests().length + sunshine.requests().length
  console.log(`
faults injected: ${injected} of ${requests} requests (${Object.entries(byKind)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ')})
retries:         ${retries} (transport, across all runs)
processes:       ${killed} killed with SIGKILL, resumed from the ledger
messages:        ${total} in the source, ${copied.length} in the target
duplicates:      ${duplicates}
lost:            ${lost}
out of order:    ${outOfOrder} conversations
elapsed:         ${((performance.now() - startedAt) / 1000).toFixed(1)} s`)
  const exactlyOnce = duplicates === 0 && lost === 0 && outOfOrder === 0 && killed === kills
  console.log(exactlyOnce ? '\nsoak passed: every message exactly once, in order' : '\nsoak FAILED')
  process.exitCode = exactlyOnce ? 0 : 1
} finally {
  await Promise.all([ultracart.close(), sunshine.close()])
  rmSync(directory, { recursive: true, force: true })
}
