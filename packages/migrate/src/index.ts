/**
 * `@colloquy/migrate`: vendor-to-vendor chat history migration, exactly once across crashes,
 * re-runs and lost ledgers; delta runs and a live sync until the switch; and its verification.
 *
 * @packageDocumentation
 */

export type { DifferenceCounts, DifferenceKind, MessageDifference } from './compare-histories.js'
export { contentText, convertContent } from './content.js'
export { MigrationPlanError, type MigrationPlanProblem } from './errors.js'
export { type FileLedgerOptions, fileLedger } from './file-ledger.js'
export type { LagFigures } from './lag.js'
export {
  type Ledger,
  type LedgerEntry,
  LedgerError,
  type LedgerLease,
  type LedgerPosition,
  type LedgerScope,
  memoryLedger,
} from './ledger.js'
export { migrate } from './migrate.js'
export type { MigrateOptions, MigrationTransform } from './options.js'
export { maxConcurrency } from './plan.js'
export { planConversations } from './plan-conversations.js'
export type { ConversationReport, MigrationProgress, MigrationReport, RunError } from './report.js'
export { sourceKeys } from './source-keys.js'
export { settleMs } from './summary.js'
export { type Sync, type SyncOptions, startSync } from './sync.js'
export type { LiveTotals, SyncFailure, SyncReport, SyncStatus } from './sync-report.js'
export type {
  ConversationVerification,
  VerificationProgress,
  VerificationReport,
  VerifyOptions,
} from './verification-report.js'
export { verifyMigration } from './verify.js'
