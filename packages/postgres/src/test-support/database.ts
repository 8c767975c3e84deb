/** A fresh database for one test file, on the server the global setup started. */
import { inject } from 'vitest'
import { createTestDatabase } from '../../../../scripts/embedded-postgres.mjs'

export const freshDatabase = (): Promise<string> => createTestDatabase(inject('postgresUrl'))
