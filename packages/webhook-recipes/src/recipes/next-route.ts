// app/webhooks/sunshine/route.ts: a Next.js App Router route handler is already a
// (request: Request) => Promise<Response>. Node.js or Edge runtime alike.
import { sunshineWebhooks } from './webhook-handler.js'

export const POST = sunshineWebhooks
