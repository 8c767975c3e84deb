import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { collect, paginate } from '@colloquy/core'
import { sourceKeys } from '@colloquy/migrate'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCyclingProxy } from './test-support/hostile-proxy.js'
import { newFolder, seedUltraCart, startWorld, type World } from './test-support/migration-world.js'
import { jsonReport, main, runCli } from './test-support/run-cli.js'

let world: World
beforeAll(async () => {
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (pnpm build)`)
  world = await startWorld()
})
afterAll(() => world.close())

describe('colloquy verify', () => {
  it('proves a migration, then catches a deleted and a duplicated target message (exit 1, JSON diff)', async () => {
    const source = await seedUltraCart(world, 2, 25)
    const folder = await newFolder()
    const selection = ['--from', 'ultracart', '--to', 'sunshine', '--conversations', source.file]
    const migrated = await runCli(['migrate', ...selection, '--quiet'], world.env, { cwd: folder }).done
    expect(migrated.code, migrated.stderr).toBe(0)
    const clean = await runCli(['verify', ...selection, '--quiet'], world.env, { cwd: folder }).done
    expect(clean.code, clean.stderr).toBe(0)
    expect(clean.stdout).toContain('Verified ultracart → sunshine')
    expect(clean.stdout).toContain(
      '50 checked: 0 missing, 0 duplicated, 0 out of order, 0 changed, 0 unexpected',
    )

    const sunshine = createSunshineAdapter({ ...world.sunshine.credentials, baseUrl: world.sunshine.url })
    const [copy] = world.sunshine.state().conversations
    const conversationId = String(copy?.id)
    const messages = await collect(
      paginate((cursor) => sunshine.messages.list({ conversationId, cursor, direction: 'forward' })),
    )
    const [deleted, duplicated] = [messages[3], messages[9]]
    await sunshine.messages.delete({ conversationId, messageId: deleted?.id ?? '' })()
    await sunshine.messages.send({
      conversationId,
      message: {
        author: { role: 'agent' },
        content: duplicated?.content ?? { type: 'text', text: '' },
        metadata: duplicated?.metadata ?? {},
      },
    })()
    const diff = join(folder, 'diff.json')
    const caught = await runCli(['verify', ...selection, '--quiet', '--report', diff], world.env, {
      cwd: folder,
    }).done
    expect(caught.code, caught.stderr).toBe(1)
    expect(caught.stdout).toContain('Differences found: ultracart → sunshine')
    expect(caught.stdout).toContain('1 missing, 1 duplicated, 0 out of order, 0 changed, 0 unexpected')
    const report = JSON.parse(await readFile(diff, 'utf8'))
    expect(report.conversations.flatMap((c: { details: unknown[] }) => c.details)).toEqual([
      { kind: 'missing', sourceMessageId: deleted?.metadata[sourceKeys.messageId] },
      {
        kind: 'duplicated',
        sourceMessageId: duplicated?.metadata[sourceKeys.messageId],
        targetMessageIds: [duplicated?.id, expect.any(String)],
      },
    ])
  })
})

describe('bounded walks', () => {
  it('a source whose cursors cycle fails that conversation in the report; the others complete', async () => {
    const customer = { externalId: 'cycling-customer' }
    const seeded = world.sunshine.seed({
      users: [customer, { externalId: 'calm-customer' }],
      conversations: ['cycling-customer', 'calm-customer'].map((externalId) => ({
        participants: [{ userExternalId: externalId }],
        // More than one vendor page, so a forward walk continues with page[after].
        messages: Array.from({ length: 150 }, (_, i) => ({
          received: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
          author: { type: 'user' as const, userExternalId: externalId },
          content: { type: 'text', text: `message ${i}` },
        })),
      })),
    })
    const [cycling, calm] = seeded.conversations.map((c) => c.id)
    const proxy = await startCyclingProxy(world.sunshine.url, cycling ?? '')
    try {
      const ids = join(await newFolder(), 'ids.txt')
      await writeFile(ids, `${cycling}\n${calm}\n`)
      const run = await runCli(
        [
          'migrate',
          '--from',
          'sunshine',
          '--to',
          'smooch-v1',
          '--conversations',
          ids,
          '--json',
          '--no-ledger',
        ],
        { ...world.env, COLLOQUY_SUNSHINE_BASE_URL: proxy.url },
      ).done
      expect(run.code, run.stderr).toBe(1)
      const report = jsonReport(run.stdout)
      expect(report.conversations.find((c) => c.sourceConversationId === cycling)).toMatchObject({
        status: 'failed',
        errors: [
          {
            tag: 'Decode',
            message: expect.stringMatching(/^messages\.list: paging repeated cursor '.+' after 3 pages/),
          },
        ],
      })
      expect(report.conversations.find((c) => c.sourceConversationId === calm)).toMatchObject({
        status: 'migrated',
      })
      expect(report.totals).toMatchObject({ conversations: 2, conversationsFailed: 1, migrated: 300 })
      // Two cycles were enough to notice: no endless requests.
      expect(proxy.cycled()).toBe(1)
    } finally {
      await proxy.close()
    }
  })
})
