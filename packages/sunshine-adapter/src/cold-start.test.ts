// What a fresh process loads from the built package (`npm test` builds first): parsing a webhook
// must not load the HTTP stack (ky, p-queue) nor jose, nor fp-ts/io-ts as separate files (they are
// inlined in dist); the first request loads ky and p-queue and maps ky's errors as before.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadedModules } from '../../../scripts/loaded-modules.mjs'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const webhook = readFileSync(
  new URL('./__fixtures__/webhook.conversation-message.json', import.meta.url),
  'utf8',
)
const dependencyOf = (url: string) =>
  /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?([^/]+)\//.exec(url)?.[1]
const dependencies = (modules: readonly string[]) =>
  [...new Set(modules.map(dependencyOf).filter((name) => name !== undefined))].sort()

describe('cold start of the built @colloquy/sunshine-adapter', () => {
  it('parses a webhook loading only the bundled colloquy files: no ky, p-queue, jose, fp-ts or io-ts', async () => {
    const { result, modules } = await loadedModules(
      packageDir,
      `const { createSunshineAdapter } = await import('@colloquy/sunshine-adapter')
      const adapter = createSunshineAdapter({ appId: 'app', keyId: 'key', keySecret: 'secret', webhookSecret: 'hook' })
      const parsed = await adapter.events.parse({ headers: { 'x-api-key': 'hook' }, body: ${JSON.stringify(webhook)} })()
      return parsed._tag === 'Right' ? parsed.right.map((event) => event.type) : parsed.left._tag`,
    )
    expect(result).toEqual(['message.created'])
    expect(modules.some((url) => url.endsWith('/packages/sunshine-adapter/dist/index.js'))).toBe(true)
    expect(modules.filter((url) => !url.includes('/packages/')).length).toBe(0)
    expect(dependencies(modules)).toEqual([])
  })

  it('loads ky and p-queue with the first request, which maps ky errors and then succeeds', async () => {
    const { result, modules } = await loadedModules(
      packageDir,
      `const { createServer } = await import('node:http')
      const answers = [
        [404, { errors: [{ code: 'conversation_not_found', title: 'Conversation not found' }] }],
        [200, { messages: [], meta: { hasMore: false } }],
      ]
      const server = createServer((request, response) => {
        const [status, body] = answers.shift()
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      })
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
      const { createSunshineAdapter } = await import('@colloquy/sunshine-adapter')
      const adapter = createSunshineAdapter({
        appId: 'app', keyId: 'key', keySecret: 'secret', retry: false, rateLimit: { maxConcurrent: 1 },
        baseUrl: 'http://127.0.0.1:' + server.address().port,
      })
      const missing = await adapter.messages.list({ conversationId: 'c1' })()
      const empty = await adapter.messages.list({ conversationId: 'c1' })()
      server.close()
      return [
        missing._tag === 'Left' ? [missing.left._tag, missing.left.status] : 'Right',
        empty._tag === 'Right' ? empty.right.items.length : empty.left._tag,
      ]`,
    )
    expect(result).toEqual([['NotFound', 404], 0])
    expect(dependencies(modules)).toEqual(expect.arrayContaining(['ky', 'p-queue']))
    expect(dependencies(modules)).not.toContain('jose')
  })
})
