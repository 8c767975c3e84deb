import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { beforeAll, describe, expect, it } from 'vitest'
import { main, runCli } from './test-support/run-cli.js'

/** A port nothing listens on right now. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

beforeAll(() => {
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (pnpm build)`)
})

describe('colloquy emulate', () => {
  it('takes fixed ports and prints export lines and seeded ids that the other commands use as pasted', async () => {
    const [sunshine, smooch, ultracart] = [await freePort(), await freePort(), await freePort()]
    const emulate = runCli(
      [
        'emulate',
        '--sunshine-port',
        String(sunshine),
        '--smooch-port',
        String(smooch),
        '--ultracart-port',
        String(ultracart),
      ],
      {},
    )
    try {
      expect(await emulate.line((line) => line.includes('Ctrl+C stops the emulators'))).toBeDefined()
      const stdout = emulate.output()
      const exports = Object.fromEntries(
        [...stdout.matchAll(/^export (COLLOQUY_\w+)=(\S+)$/gm)].map((match) => [match[1], match[2]]),
      )
      expect(exports).toMatchObject({
        COLLOQUY_SUNSHINE_BASE_URL: `http://127.0.0.1:${sunshine}`,
        COLLOQUY_SMOOCH_BASE_URL: `http://127.0.0.1:${smooch}`,
        COLLOQUY_ULTRACART_BASE_URL: `http://127.0.0.1:${ultracart}/rest/v2`,
        COLLOQUY_ULTRACART_RATE_LIMIT: 'off',
      })
      const conversation = /^# {3}ultracart {2}conversation (\S+)$/m.exec(stdout)?.[1]
      const user = /^# {3}sunshine {3}user (\S+) \(externalId customer-42\)$/m.exec(stdout)?.[1]
      expect(conversation).toBeDefined()
      const listed = await runCli(['conversations', 'list', '--provider', 'ultracart', '--json'], exports)
        .done
      expect(listed.code, listed.stderr).toBe(0)
      expect(JSON.parse(listed.stdout).items.map((c: { id: string }) => c.id)).toEqual([conversation])
      const byUser = await runCli(
        ['conversations', 'list', '--provider', 'sunshine', '--user', user ?? '', '--json'],
        exports,
      ).done
      expect(JSON.parse(byUser.stdout).items).toHaveLength(1)
    } finally {
      emulate.child.kill('SIGINT')
    }
    expect((await emulate.done).code).toBe(0)
  })
})
