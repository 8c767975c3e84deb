// `npm run demo` until the CLI exists: the README example, run against the in-memory adapter.
import { asPromises, collect, paginate } from '@colloquy/core'
import { createMemoryAdapter } from '@colloquy/core/memory'

const adapter = createMemoryAdapter()
const chat = asPromises(adapter)
const log = (line) => console.log(`  ${line}`)

console.log('colloquy demo: one model over any chat vendor (here: the in-memory adapter)\n')
const conversation = await chat.conversations.create({
  participants: [{ externalId: 'customer-42', displayName: 'Ada' }],
  title: 'Order #1001',
})
log(
  `created conversation ${conversation.id} "${conversation.title}" with ${conversation.participants.length} participant`,
)

const customer = { role: 'customer', externalId: 'customer-42', displayName: 'Ada' }
const agent = { role: 'agent', displayName: 'Grace (support)' }
await chat.messages.send({
  conversationId: conversation.id,
  message: { author: customer, content: { type: 'text', text: 'Where is my order?' } },
})
await chat.messages.send({
  conversationId: conversation.id,
  message: {
    author: agent,
    content: {
      type: 'text',
      text: 'It ships today.',
      actions: [{ type: 'link', text: 'Track it', uri: 'https://example.com/track/1001' }],
    },
    metadata: { ticket: 'T-1001' },
  },
})
await chat.messages.send({
  conversationId: conversation.id,
  message: {
    author: customer,
    content: { type: 'location', latitude: 45.5017, longitude: -73.5673, name: 'Home' },
  },
})
log('sent 3 messages (text, text with a link action, location)')

const history = await collect(
  paginate((cursor) =>
    adapter.messages.list({ conversationId: conversation.id, cursor, limit: 2, direction: 'forward' }),
  ),
)
log(`read the history back, oldest first, 2 per page:`)
for (const message of history) {
  const body = message.content.type === 'text' ? message.content.text : `[${message.content.type}]`
  log(
    `  ${message.createdAt.toISOString()}  ${message.author.role.padEnd(8)} ${message.author.displayName}: ${body}`,
  )
}

await chat.conversations.markRead({ conversationId: conversation.id })
const events = await chat.events.parse({ body: JSON.stringify(adapter.memory.takeEvents()) })
log(`the writes produced ${events.length} webhook events: ${events.map((e) => e.type).join(', ')}`)

try {
  await chat.conversations.get({ conversationId: 'no-such-conversation' })
} catch (exception) {
  log(`errors are values with tags: ${exception.error._tag} — ${exception.error.message}`)
}
console.log(
  '\ndemo finished. The Sunshine, Smooch v1 and UltraCart adapters will implement these same ports.',
)
