import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
const body = readFileSync(new URL('./src/__fixtures__/webhook.conversation-message.json', 'file://' + process.cwd() + '/'), 'utf8')
const { createSunshineAdapter } = await import('@colloquy/sunshine-adapter')
const adapter = createSunshineAdapter({ appId: 'app', keyId: 'k', keySecret: 's', webhookSecret: 'secret' })
const r = await adapter.events.parse({ headers: { 'x-api-key': 'secret' }, body })()
const t = performance.now()
console.log(r._tag, r._tag==='Right' ? r.right.length : JSON.stringify(r.left).slice(0,300), t.toFixed(1))
