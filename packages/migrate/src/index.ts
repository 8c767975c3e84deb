/**
 * `@colloquy/migrate`: vendor-to-vendor chat history migration, exactly once across crashes.
 *
 * @packageDocumentation
 */
export { contentText, convertContent } from './content.js'
export { fileLedger, type Ledger, type LedgerEntry, type LedgerScope, memoryLedger } from './ledger.js'
export { type MigrateOptions, type MigrationTransform, migrate, sourceKeys } from './migrate.js'
export { MigrationPlanError } from './plan.js'
export type { ConversationReport, MigrationProgress, MigrationReport } from './report.js'
