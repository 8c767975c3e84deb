/**
 * `@colloquy/postgres`: PostgreSQL for colloquy — a webhook dedupe store shared by every app
 * instance, and one vendor rate budget shared by every migration worker.
 *
 * @packageDocumentation
 */
export type { PostgresConnection } from './connection.js'
export {
  type PostgresDedupeStore,
  type PostgresDedupeStoreOptions,
  postgresDedupeStore,
} from './dedupe-store.js'
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
