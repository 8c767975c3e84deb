/** A PostgreSQL server for tests and benchmarks (see embedded-postgres.mjs). */
export interface TestPostgres {
  /** A URL to the server's maintenance database (`postgres`), for creating test databases. */
  readonly url: string
  readonly stop: () => Promise<void>
}
export declare const startTestPostgres: () => Promise<TestPostgres>
export declare const createTestDatabase: (serverUrl: string) => Promise<string>
