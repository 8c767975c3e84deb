// One migration process of `pnpm soak` (scripts/soak.mjs), which kills and restarts it. It prints
// a JSON line per transport retry, so the parent can count retries across processes, and the
// report's totals at the end. Configuration comes in SOAK_CONFIG (JSON).
import { fileLedger, migrate } from '@colloquy/migrate'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'

const { source, target, ledger, timeoutMs } = JSON.parse(process.env.SOAK_CONFIG)
const transport = {
  timeoutMs,
  rateLimit: false,
  hooks: {
    onRetry: (event) => process.stdout.write(`${JSON.stringify({ type: 'retry', reason: event.reason })}\n`),
  },
}
const fileBackedLedger = await fileLedger(ledger)
try {
  const report = await migrate({
    source: createUltraCartAdapter({ ...source, ...transport }),
    target: createSunshineAdapter({ ...target, ...transport }),
    ledger: fileBackedLedger,
    concurrency: 4,
  })
  const errors = report.conversations.flatMap((conversation) =>
    conversation.errors.map((error) => `${error.tag}: ${error.message}`),
  )
  process.stdout.write(`${JSON.stringify({ type: 'report', totals: report.totals, errors })}\n`)
} finally {
  await fileBackedLedger.close()
}
