// What a fresh process loads from the built package (`npm test` builds first): parsing a webhook
// must not load jose (nor ky or p-queue); the first request signs its JWT with jose, loaded then.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadedModules } from '../../../scripts/loaded-modules.mjs'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const webhook = readFileSync(new URL('./__fixtures__/webhook.message-appuser.json', import.meta.url), 'utf8')
const loads = (modules: readonly string[], name: string) =>
  modules.some((url) => url.includes(`/node_modules/${name}/`))

describe('cold start of the built @colloquy/smooch-v1-adapter', () => {
  it('parses a webhook without loading jose, ky or p-queue', async () => {
    const { result, modules } = await loadedModules(
      packageDir,
      `const { createSmoochV1Adapter } = await import('@colloquy/smooch-v1-adapter')
      const adapter = createSmoochV1Adapter({ appId: 'app', keyId: 'key', keySecret: 'secret', webhookSecret: 'hook' })
      const parsed = await adapter.events.parse({ headers: { 'x-api-key': 'hook' }, body: ${JSON.stringify(webhook)} })()
      return parsed._tag === 'Right' ? parsed.right.map((event) => event.type) : parsed.left._tag`,
    )
    expect(result).toEqual(['message.created'])
    expect(modules.some((url) => url.endsWith('/packages/smooch-v1-adapter/dist/index.js'))).toBe(true)
    expect(modules.filter((url) => !url.includes('/packages/'))).toEqual([])
  })

  it('signs the first request with jose, loaded then, and maps a 429 from ky as RateLimited', async () => {
    const { result, modules } = await loadedModules(
      packageDir,
      `const { createServer } = await import('node:http')
      let authorization
      const server = createServer((request, response) => {
        authorization = request.headers.authorization
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' })
          .end(JSON.stringify({ error: { code: 'too_many_requests', description: 'slow down' } }))
      })
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
      const { createSmoochV1Adapter } = await import('@colloquy/smooch-v1-adapter')
      const adapter = createSmoochV1Adapter({
        appId: 'app', keyId: 'key', keySecret: 'secret', retry: false,
        baseUrl: 'http://127.0.0.1:' + server.address().port,
      })
      const listed = await adapter.messages.list({ conversationId: 'user1' })()
      server.close()
      const [, token] = /^Bearer (.+)$/.exec(authorization ?? '') ?? []
      const header = token && JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())
      return {
        error: listed._tag === 'Left' ? [listed.left._tag, listed.left.retryAfterMs] : 'Right',
        header,
      }`,
    )
    expect(result).toEqual({
      error: ['RateLimited', 7000],
      header: { alg: 'HS256', typ: 'JWT', kid: 'key' },
    })
    expect(loads(modules, 'jose')).toBe(true)
    expect(loads(modules, 'ky')).toBe(true)
  })
})
