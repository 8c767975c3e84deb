import { describe, expect, it } from 'vitest'
import { checkDatabase, runQueuedMigration } from './database-commands.js'
import { UsageError } from './exit-codes.js'
import type { Side } from './sides.js'

describe('checkDatabase', () => {
  it.each([
    'postgres://colloquy:s3cret#pw@db.internal/colloquy',
    'postgres://colloquy:s3cret-pw@db.internal:99999/colloquy',
    'postgres://colloquy:s3cret-pw@[db/colloquy',
  ])('names a URL it cannot parse as a usage error, without the password: %s', async (url) => {
    const failure = await checkDatabase(url).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(UsageError)
    expect((failure as Error).message).toMatch(/not a valid URL; check --database or COLLOQUY_DATABASE_URL/)
    expect((failure as Error).message).not.toContain('s3cret')
  })
})

describe('runQueuedMigration', () => {
  it.each(['', 'tenant:1', 'two\nlines', 'x'.repeat(513)])(
    'refuses a migration id the queue cannot take before planning anything: %j',
    async (migrationId) => {
      // Ends that fail if touched: the id is refused before the plan reads either.
      const untouchable = new Proxy({} as Side, {
        get: () => {
          throw new Error('an end was used')
        },
      })
      await expect(
        runQueuedMigration({
          database: 'postgres://colloquy:s3cret-pw@127.0.0.1:1/nowhere',
          migrationId,
          source: untouchable,
          target: untouchable,
          concurrency: 1,
          work: false,
          signal: new AbortController().signal,
        }),
      ).rejects.toThrow(/--migration-id must be 1 to 512 printable characters without ':'/)
    },
  )
})
