/**
 * The human reports printed at the end of `migrate` and `verify`.
 *
 * @module
 */
import type { MigrationReport, VerificationReport } from '@colloquy/migrate'

/** Conversations listed in detail; the JSON report (`--report`) has them all. */
const shownConversations = 20

/** The human report of a migration. */
export const formatReport = (report: MigrationReport, seconds: number): string => {
  const { totals } = report
  const created = report.conversations.filter((c) => c.target === 'created' || c.target === 'toCreate').length
  const lines = [
    `${report.dryRun ? 'Dry run: would migrate' : 'Migrated'} ${report.source} → ${report.target}${report.interrupted ? ' (interrupted; run again to continue)' : ''}`,
    `  conversations  ${totals.conversations} (${created} ${report.dryRun ? 'to create' : 'created'}, ${totals.conversationsFailed} failed${totals.conversationsResumed + totals.conversationsUnchanged > 0 ? `; ${totals.conversationsUnchanged} unchanged, ${totals.conversationsResumed} continued from where they stood` : ''})`,
    `  messages       ${totals.migrated} ${report.dryRun ? 'to copy' : 'copied'}, ${totals.skipped} already there, ${totals.degraded} degraded, ${totals.failed} failed`,
    `  time           ${seconds.toFixed(1)} s (${Math.round(totals.migrated / Math.max(seconds, 0.001))} messages/s)`,
  ]
  for (const error of report.errors)
    lines.push(
      `  the source's ${error.stage} broke off: ${error.tag}: ${error.message} (run again to continue)`,
    )
  const notable = report.conversations.filter((c) => c.status !== 'migrated' || c.degraded.length > 0)
  for (const conversation of notable.slice(0, shownConversations)) {
    lines.push(
      `  ${conversation.status.padEnd(11)} ${conversation.sourceConversationId} → ${conversation.targetConversationId ?? '(not created)'}`,
    )
    for (const error of conversation.errors)
      lines.push(
        `    ${error.tag}: ${error.message}${error.sourceMessageId ? ` (message ${error.sourceMessageId})` : ''}`,
      )
    for (const degraded of conversation.degraded.slice(0, 3))
      lines.push(`    degraded ${degraded.sourceMessageId}: ${degraded.reason}`)
  }
  if (notable.length > shownConversations)
    lines.push(`  … and ${notable.length - shownConversations} more conversations (see --report)`)
  return lines.join('\n')
}

/** The human report of a verification. */
export const formatVerification = (report: VerificationReport): string => {
  const { totals } = report
  const differences = [
    ['missing', totals.missing],
    ['duplicated', totals.duplicated],
    ['out of order', totals.outOfOrder],
    ['changed', totals.changed],
    ['unexpected', totals.unexpected],
  ] as const
  const clean = totals.differing === 0 && totals.failed === 0 && report.errors.length === 0
  const lines = [
    `${clean ? 'Verified' : 'Differences found:'} ${report.source} → ${report.target}${report.interrupted ? ' (interrupted)' : ''}`,
    `  conversations  ${totals.conversations} (${totals.verified} verified, ${totals.differing} differ, ${totals.failed} could not be read)`,
    `  messages       ${totals.messages} checked: ${differences.map(([name, count]) => `${count} ${name}`).join(', ')}`,
  ]
  for (const error of report.errors)
    lines.push(`  the source's ${error.stage} broke off: ${error.tag}: ${error.message}`)
  const notable = report.conversations.filter((c) => c.status !== 'verified')
  for (const conversation of notable.slice(0, shownConversations)) {
    lines.push(
      `  ${conversation.status.padEnd(8)} ${conversation.sourceConversationId} → ${conversation.targetConversationIds.join(', ') || '(no target conversation)'}`,
    )
    if (conversation.error) lines.push(`    ${conversation.error.tag}: ${conversation.error.message}`)
    for (const difference of conversation.details.slice(0, 5))
      lines.push(
        `    ${difference.kind} ${difference.sourceMessageId}${difference.targetMessageIds ? ` (target ${difference.targetMessageIds.join(', ')})` : ''}`,
      )
  }
  if (notable.length > shownConversations)
    lines.push(`  … and ${notable.length - shownConversations} more conversations (see --report)`)
  return lines.join('\n')
}
