// express.ts: Express 5. The handler reads the raw body itself, so it is mounted before any body
// parser; @hono/node-server's getRequestListener turns it into a Node (req, res) listener.
import { getRequestListener } from '@hono/node-server'
import express from 'express'
import { sunshineWebhooks } from './webhook-handler.js'

export const app = express()
app.post('/webhooks/sunshine', getRequestListener(sunshineWebhooks))
app.use(express.json()) // the rest of the app
