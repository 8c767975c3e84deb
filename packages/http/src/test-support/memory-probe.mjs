// Run by response-limits.test.ts in a process of its own (node --expose-gc memory-probe.mjs URL
// PATH): one GET of PATH through the built transport, printing its result and how far the peak
// RSS of the process rose above the RSS before the request, as one JSON line.
import { createHttpClient } from '@colloquy/http'
import * as t from 'io-ts'

const [baseUrl, path] = process.argv.slice(2)
const client = createHttpClient({
  provider: 'probe',
  baseUrl,
  credentials: { key: 'probe-key-value' },
  authenticate: ({ key }) => ({ 'x-probe-key': key }),
  retry: false,
  rateLimit: false,
  timeoutMs: 120_000,
})
const get = (path) =>
  client.request({ operation: 'probe.get', method: 'GET', path: [path], codec: t.unknown })()

// Load everything a request touches before measuring.
await get('small')
globalThis.gc?.()
const before = process.memoryUsage().rss
const result = await get(path)
const peak = process.resourceUsage().maxRSS * 1024
const report = {
  grewMiB: Math.max(0, peak - before) / (1024 * 1024),
  ...(result._tag === 'Left'
    ? {
        tag: result.left._tag,
        status: result.left.status,
        message: result.left.message,
        body: result.left.body,
      }
    : { tag: 'Right' }),
}
process.stdout.write(`${JSON.stringify(report)}\n`)
