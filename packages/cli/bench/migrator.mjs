// Child process of migrate.mjs: migrates with a file ledger and reports its own peak RSS.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileLedger, migrate } from '@colloquy/migrate'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'

process.once('message', async ({ ultracart, sunshine }) => {
  const ledger = await fileLedger(join(await mkdtemp(join(tmpdir(), 'colloquy-bench-')), 'ledger.jsonl'))
  const report = await migrate({
    source: createUltraCartAdapter({ ...ultracart, rateLimit: false }),
    target: createSunshineAdapter(sunshine),
    ledger,
    concurrency: 8,
  })
  await ledger.close()
  process.send({
    migrated: report.totals.migrated,
    failed: report.totals.failed,
    maxRssKb: process.resourceUsage().maxRSS,
  })
})
