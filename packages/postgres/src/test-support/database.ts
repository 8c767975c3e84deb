/** A fresh database for one test file, on the server the global setup started. */
import { inject } from 'vitest'
import { createTestDatabase } from './server.js'

export const freshDatabase = (): Promise<string> => createTestDatabase(inject('postgresUrl'))
