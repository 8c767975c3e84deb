// fastify.ts: Fastify 5. In their own plugin scope the webhook routes keep Fastify's body parsers
// away from the body, and hand the raw Node request and response to the handler.
import { getRequestListener } from '@hono/node-server'
import Fastify from 'fastify'
import { sunshineWebhooks } from './webhook-handler.js'

export const app = Fastify()
await app.register(async (webhooks) => {
  webhooks.removeAllContentTypeParsers()
  webhooks.addContentTypeParser('*', (_request, _body, done) => done(null))
  const listener = getRequestListener(sunshineWebhooks)
  webhooks.post('/webhooks/sunshine', async (request, reply) => {
    reply.hijack()
    await listener(request.raw, reply.raw)
  })
})
