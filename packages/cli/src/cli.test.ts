import { existsSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collect, paginate } from '@colloquy/core'
import { sourceKeys } from '@colloquy/migrate'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newFolder, startWorld, type World } from './test-support/migration-world.js'
import { main, runCli } from './test-support/run-cli.js'

/** A small deterministic generator, so the kill moments are the same on every run. */
const moments = (seed: number) => {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}

describe('the colloquy command', () => {
  beforeAll(() => {
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (pnpm build)`)
  })

  it('fails with one line naming a missing variable, exit code 2', async () => {
    const { done } = runCli(
      ['migrate', '--from', 'ultracart', '--to', 'sunshine'],
      {},
      { cwd: await newFolder() },
    )
    const result = await done
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'colloquy: COLLOQUY_ULTRACART_SIMPLE_KEY (or COLLOQUY_ULTRACART_ACCESS_TOKEN) is not set\n',
    )
  })

  it('refuses an impossible plan with exit code 2', async () => {
    const { done } = runCli(
      ['migrate', '--from', 'sunshine', '--to', 'ultracart'],
      {
        COLLOQUY_SUNSHINE_APP_ID: 'a',
        COLLOQUY_SUNSHINE_KEY_ID: 'k',
        COLLOQUY_SUNSHINE_KEY_SECRET: 's',
        COLLOQUY_ULTRACART_SIMPLE_KEY: 'u',
      },
      { cwd: await newFolder() },
    )
    const result = await done
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^colloquy: cannot migrate sunshine → ultracart: ultracart cannot receive messages/,
    )
  })

  describe('migrating UltraCart → Sunshine between emulators', () => {
    let world: World
    let ultracart: World['ultracart']
    let sunshine: World['sunshine']
    let env: NodeJS.ProcessEnv
    let sourceIds: string[]

    beforeAll(async () => {
      world = await startWorld()
      ;({ ultracart, sunshine, env } = world)
      const start = Date.parse('2025-01-01T00:00:00Z')
      const seeded = ultracart.seed({
        conversations: Array.from({ length: 10 }, (_, c) => {
          const customer = { arn: `arn:ultracart:DEMO:participant/crash-${c}`, name: `Customer ${c}` }
          return {
            participants: [customer],
            messages: Array.from({ length: 300 }, (_, i) => ({
              authorArn: i % 2 ? ultracart.agent.arn : customer.arn,
              body: `conversation ${c} message ${i}`,
              messageEpoch: start + c * 10_000_000 + Math.floor(i / 3),
            })),
          }
        }),
      })
      sourceIds = seeded.flatMap((conversation) => conversation.messageUuids)
    })
    afterAll(() => world.close())

    it('survives SIGKILL at six random moments: nothing missing, nothing duplicated', async () => {
      const ledger = join(await mkdtemp(join(tmpdir(), 'colloquy-crash-')), 'ledger.jsonl')
      const args = [
        'migrate',
        '--from',
        'ultracart',
        '--to',
        'sunshine',
        '--ledger',
        ledger,
        '--json',
        '--concurrency',
        '4',
      ]
      const random = moments(20261121)
      let killed = 0
      for (let run = 0; run < 6; run++) {
        const { child, done } = runCli(args, env)
        await new Promise((resolve) => setTimeout(resolve, 150 + random() * 600))
        if (child.exitCode === null) {
          child.kill('SIGKILL')
          killed++
        }
        await done
      }
      expect(killed).toBeGreaterThanOrEqual(5)

      const final = await runCli(args, env).done
      expect(final.code, final.stderr).toBe(0)
      const report = JSON.parse(final.stdout.trim().split('\n').at(-1) ?? '{}').report
      expect(report.totals).toMatchObject({ conversations: 10, failed: 0, conversationsFailed: 0 })
      expect(report.totals.migrated + report.totals.skipped).toBe(3000)

      // Everything the target holds, across all its conversations (an interrupted create may have
      // left an empty one behind): each source message exactly once.
      const copied = sunshine
        .state()
        .conversations.flatMap((c) =>
          (c.messages as { metadata?: Record<string, unknown> }[]).map(
            (m) => m.metadata?.[sourceKeys.messageId],
          ),
        )
      expect(copied).toHaveLength(3000)
      expect(new Set(copied)).toEqual(new Set(sourceIds))
      // And in order within each conversation.
      const source = createUltraCartAdapter({
        ...ultracart.credentials,
        baseUrl: ultracart.url,
        rateLimit: false,
      })
      for (const conversation of report.conversations) {
        const original = await collect(
          paginate((cursor) =>
            source.messages.list({ conversationId: conversation.sourceConversationId, cursor, limit: 200 }),
          ),
        )
        const target = sunshine.state().conversations.find((c) => c.id === conversation.targetConversationId)
        expect(
          ((target?.messages ?? []) as { metadata: Record<string, unknown> }[]).map(
            (m) => m.metadata[sourceKeys.messageId],
          ),
        ).toEqual(original.map((m) => m.id))
      }
    }, 120_000)

    it('--verbose logs each request on stderr: method, path, status, time; never a credential', async () => {
      const listed = await runCli(
        ['conversations', 'list', '--provider', 'ultracart', '--limit', '1', '--verbose'],
        env,
      ).done
      expect(listed.code, listed.stderr).toBe(0)
      expect(listed.stderr).toMatch(
        /^colloquy: ultracart GET \/rest\/v2\/conversation\/conversations\?_limit=1&_offset=0 200 \d+ ms$/m,
      )
      expect(listed.stderr).not.toContain(ultracart.credentials.simpleKey)
      const quiet = await runCli(['conversations', 'list', '--provider', 'ultracart', '--limit', '1'], env)
        .done
      expect(quiet.stderr).toBe('')
    })

    it('lists conversations, sends and lists messages for inspection', async () => {
      const listed = await runCli(
        ['conversations', 'list', '--provider', 'ultracart', '--limit', '2', '--json'],
        env,
      ).done
      expect(listed.code, listed.stderr).toBe(0)
      const page = JSON.parse(listed.stdout)
      expect(page.items).toHaveLength(2)
      expect(page.nextCursor).toEqual(expect.any(String))
      const { users, conversations } = sunshine.seed({
        users: [{ externalId: 'inspect' }],
        conversations: [{ participants: [{ userExternalId: 'inspect' }] }],
      })
      const conversationId = conversations[0]?.id ?? ''
      const sent = await runCli(
        [
          'messages',
          'send',
          conversationId,
          '--provider',
          'sunshine',
          '--text',
          'Hello from the CLI',
          '--name',
          'Ops',
          '--json',
        ],
        env,
      ).done
      expect(sent.code, sent.stderr).toBe(0)
      expect(JSON.parse(sent.stdout)).toMatchObject({
        author: { role: 'agent', displayName: 'Ops' },
        content: { text: 'Hello from the CLI' },
      })
      const read = await runCli(['messages', 'list', conversationId, '--provider', 'sunshine'], env).done
      expect(read.stdout).toContain('agent    Ops: Hello from the CLI')
      const byUser = await runCli(
        ['conversations', 'list', '--provider', 'sunshine', '--user', users[0] ?? '', '--json'],
        env,
      ).done
      expect(JSON.parse(byUser.stdout).items.map((c: { id: string }) => c.id)).toEqual([conversationId])
    })

    it('exits 1 and reports the items when the target keeps failing', async () => {
      const [failing] = ultracart.seed({
        conversations: [
          {
            participants: [{ arn: 'arn:ultracart:DEMO:participant/unlucky', name: 'Unlucky' }],
            messages: [{ authorArn: 'arn:ultracart:DEMO:participant/unlucky', body: 'hello' }],
          },
        ],
      })
      sunshine.setFaults({ serverErrors: 1 })
      try {
        const conversations = join(await mkdtemp(join(tmpdir(), 'colloquy-ids-')), 'ids.txt')
        await writeFile(conversations, `${failing?.uuid}\n`)
        const failed = await runCli(
          [
            'migrate',
            '--from',
            'ultracart',
            '--to',
            'sunshine',
            '--conversations',
            conversations,
            '--ledger',
            join(tmpdir(), `unused-${Date.now()}.jsonl`),
          ],
          env,
        ).done
        expect(failed.code).toBe(1)
        // The lookup of an earlier run's conversation, or the creation, is what keeps failing.
        expect(failed.stdout).toMatch(
          /failed\s+\S+ → \(not created\)\n\s+Http: conversations\.(list|create): 50\d/,
        )
      } finally {
        sunshine.setFaults({})
      }
    })
  })
})
