/**
 * `@colloquy/postgres`: PostgreSQL for colloquy — the migration ledger shared by every worker,
 * scale-out migration workers on graphile-worker, one vendor rate budget shared by every worker,
 * and a webhook dedupe store shared by every app instance.
 *
 * @packageDocumentation
 */
export type { PostgresConnection } from './connection.js'
export {
  type PostgresDedupeStore,
  type PostgresDedupeStoreOptions,
  postgresDedupeStore,
} from './dedupe-store.js'
export { type PostgresLedger, type PostgresLedgerOptions, postgresLedger } from './ledger.js'
export type { MigrationAdapters, MigrationRecord } from './migration-record.js'
export { type MigrationStatus, type MigrationStatusOptions, migrationStatus } from './migration-status.js'
export {
  type MigrationWorker,
  type MigrationWorkerEvent,
  type MigrationWorkerOptions,
  startMigrationWorker,
} from './migration-worker.js'
export {
  defaultMaxAttempts,
  type EnqueueMigrationOptions,
  type EnqueueResult,
  enqueueMigration,
  MigrationConflictError,
} from './migrations.js'
export { conversationTask } from './queue.js'
export {
  type AdaptiveBudget,
  type KnownBudget,
  type PostgresRateBudget,
  type PostgresRateBudgetOptions,
  postgresRateBudget,
  type RateBudget,
  type RateBudgetState,
} from './rate-budget.js'
export { defaultSchema, schemaVersion } from './schema.js'
