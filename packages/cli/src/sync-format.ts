/**
 * What `colloquy sync` prints: a progress line with the lag, and the cutover report.
 *
 * @module
 */
import type { SyncReport, SyncStatus } from '@colloquy/migrate'
import { formatDuration } from './duration.js'

const count = (n: number) => n.toLocaleString('en')

/** `ultracart → sunshine: following; 12 copied live, 0 failed; lag 0.4 s (oldest uncopied at ultracart)`. */
export const syncLine = (status: SyncStatus, extra = ''): string => {
  const ends = `${status.source} → ${status.target}`
  const lag = `lag ${formatDuration(status.lag.currentMs)} (oldest uncopied at ${status.source})`
  if (status.phase === 'first pass') {
    const { firstPass } = status
    const total =
      firstPass.conversationsTotal === undefined
        ? `${firstPass.conversations}+`
        : count(firstPass.conversationsTotal)
    return `${ends}: first pass ${count(firstPass.migrated)} copied, ${count(firstPass.skipped)} already there, ${firstPass.conversationsDone}/${total} conversations${firstPass.failed > 0 ? `, ${count(firstPass.failed)} failed` : ''}; ${lag}`
  }
  const { live } = status
  return `${ends}: ${status.phase}; ${count(live.migrated)} copied live${live.failed > 0 ? `, ${count(live.failed)} failed` : ''}, ${status.copying} copying; ${lag}${extra}`
}

/** The cutover report for people. */
export const formatSyncReport = (report: SyncReport): string => {
  const { firstPass, live, lag } = report
  const seconds = (report.finishedAt.getTime() - report.startedAt.getTime()) / 1000
  const ending =
    report.ended === 'idle'
      ? 'idle: nothing new arrived, and a last pass found nothing either'
      : report.ended === 'interrupted'
        ? 'stopped'
        : 'one pass'
  const created = firstPass.conversations.filter((c) => c.target === 'created').length
  const lines = [
    `Synced ${report.source} → ${report.target} (${ending}; ${formatDuration(seconds * 1000)})`,
    `  first pass     ${count(firstPass.totals.conversations)} conversations (${created} created, ${firstPass.totals.conversationsUnchanged} unchanged, ${firstPass.totals.conversationsResumed} continued, ${firstPass.totals.conversationsFailed} failed): ${count(firstPass.totals.migrated)} messages copied, ${count(firstPass.totals.skipped)} already there`,
    `  live           ${count(live.migrated)} messages copied live (${live.passes} passes, ${live.events} webhook events), ${count(live.failed)} failed`,
    `  lag            ${formatDuration(lag.currentMs)} at the end${
      lag.samples > 0
        ? `; live copies p50 ${formatDuration(lag.p50Ms ?? 0)}, p95 ${formatDuration(lag.p95Ms ?? 0)}, max ${formatDuration(lag.maxMs ?? 0)} (${count(lag.samples)} measured)`
        : ''
    }`,
  ]
  if (report.discoveredCount > 0)
    lines.push(
      `  discovered     ${count(report.discoveredCount)} conversations only webhooks named (${report.discovered.slice(0, 5).join(', ')}${report.discoveredCount > 5 ? ', …' : ''}); add them to --conversations for later runs and for verify`,
    )
  if (report.unresolved.length === 0 && report.failureCount === 0) lines.push('  failures       none')
  else {
    lines.push(
      `  failures       ${count(report.failureCount)} along the way, ${report.unresolved.length} unresolved at the end${report.unresolved.length > 0 ? ' (run again to continue them)' : ''}`,
    )
    for (const failure of (report.unresolved.length > 0 ? report.unresolved : report.failures).slice(0, 10))
      lines.push(
        `    ${failure.stage} ${failure.sourceConversationId ?? ''}${failure.sourceMessageId ? ` message ${failure.sourceMessageId}` : ''}: ${failure.tag}: ${failure.message}`,
      )
  }
  if (report.ended === 'idle' && report.unresolved.length === 0)
    lines.push(
      `Ready to switch: \`colloquy verify --from ${report.source} --to ${report.target} …\` proves the target complete.`,
    )
  return lines.join('\n')
}
