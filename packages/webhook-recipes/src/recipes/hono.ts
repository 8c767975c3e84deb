// hono.ts: Hono (here on Node with @hono/node-server: serve({ fetch: app.fetch, port })).
// c.req.raw is the Web-standard Request, body unread.
import { Hono } from 'hono'
import { sunshineWebhooks } from './webhook-handler.js'

export const app = new Hono()
app.post('/webhooks/sunshine', (c) => sunshineWebhooks(c.req.raw))
