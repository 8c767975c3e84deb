// Child process of migrate.mjs: colloquy's migration as the CLI runs it (file ledger, fsync per
// entry), measured from inside: wall time and this process's CPU time, imports excluded.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileLedger, migrate } from '@colloquy/migrate'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'

process.once('message', async ({ where, concurrency }) => {
  const source = createUltraCartAdapter({ ...where.ultracart, rateLimit: false })
  const target = createSunshineAdapter(where.sunshine)
  const ledger = await fileLedger(join(await mkdtemp(join(tmpdir(), 'colloquy-bench-')), 'ledger.jsonl'))
  const cpu = process.cpuUsage()
  const started = performance.now()
  const report = await migrate({ source, target, ledger, concurrency })
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  await ledger.close()
  process.send({
    copied: report.totals.migrated,
    failed: report.totals.failed + report.totals.conversationsFailed,
    seconds,
    cpuMs: (used.user + used.system) / 1000,
  })
})
