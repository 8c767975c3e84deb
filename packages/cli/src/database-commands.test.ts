import { describe, expect, it } from 'vitest'
import { checkDatabase } from './database-commands.js'
import { UsageError } from './exit-codes.js'

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
