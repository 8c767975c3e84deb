// `pnpm tour`: the README example, run unchanged against several adapters —
// the in-memory one, Sunshine Conversations v2 and Smooch v1.1 (each over HTTP to its local emulator),
// then reads history from UltraCart, which has no REST endpoint to send.
import { asPromises, collect, paginate } from '@colloquy/core'
import { createMemoryAdapter } from '@colloquy/core/memory'
import { startSmoochV1Emulator, startSunshineEmulator, startUltraCartEmulator } from '@colloquy/emulators'
import { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'
import { createSunshineAdapter } from '@colloquy/sunshine-adapter'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'

const log = (line) => console.log(`  ${line}`)

/** The same application code, whatever the vendor behind `adapter`. */
const tour = async (adapter) => {
  const chat = asPromises(adapter)
  const conversation = await chat.conversations.create({
    participants: [{ externalId: 'customer-42', displayName: 'Ada' }],
    title: 'Order #1001',
  })
  log(`created conversation ${conversation.id} "${conversation.title}"`)

  const customer = { role: 'customer', externalId: 'customer-42', displayName: 'Ada' }
  const agent = { role: 'agent', displayName: 'Grace (support)' }
  const send = (author, content, metadata) =>
    chat.messages.send({
      conversationId: conversation.id,
      message: { author, content, ...(metadata ? { metadata } : {}) },
    })
  await send(customer, { type: 'text', text: 'Where is my order?' })
  await send(
    agent,
    {
      type: 'text',
      text: 'It ships today.',
      actions: [{ type: 'link', text: 'Track it', uri: 'https://example.com/track/1001' }],
    },
    { ticket: 'T-1001' },
  )
  await send(customer, { type: 'location', latitude: 45.5017, longitude: -73.5673, name: 'Home' })
  log('sent 3 messages (text, text with a link action, location)')

  const history = await collect(
    paginate((cursor) =>
      adapter.messages.list({ conversationId: conversation.id, cursor, limit: 2, direction: 'forward' }),
    ),
  )
  log('read the history back, oldest first, 2 per page:')
  for (const message of history) {
    const body = message.content.type === 'text' ? message.content.text : `[${message.content.type}]`
    log(
      `  ${message.createdAt.toISOString()}  ${message.author.role.padEnd(8)} ${message.author.displayName}: ${body}`,
    )
  }
  await chat.conversations.markRead({ conversationId: conversation.id })
  try {
    await chat.conversations.get({ conversationId: 'no-such-conversation' })
  } catch (exception) {
    log(`errors are values with tags: ${exception.error._tag} — ${exception.error.message}`)
  }
}

console.log('colloquy demo: one model over several chat vendors\n')
console.log('1. the in-memory adapter')
const memory = createMemoryAdapter()
await tour(memory)
const events = await asPromises(memory).events.parse({ body: JSON.stringify(memory.memory.takeEvents()) })
log(`its writes produced ${events.length} webhook events: ${events.map((e) => e.type).join(', ')}`)

console.log('\n2. Sunshine Conversations v2, over HTTP to the local Sunshine emulator')
const emulator = await startSunshineEmulator()
try {
  await tour(createSunshineAdapter({ ...emulator.credentials, baseUrl: emulator.url }))
  log(`the emulator received ${emulator.requests().length} requests (credentials redacted in its log)`)
} finally {
  await emulator.close()
}
console.log('\n3. Smooch v1.1, over HTTP to the local Smooch emulator (a conversation is an appUser)')
const smooch = await startSmoochV1Emulator()
try {
  await tour(createSmoochV1Adapter({ ...smooch.credentials, baseUrl: smooch.url }))
  log(`the emulator received ${smooch.requests().length} requests`)
} finally {
  await smooch.close()
}
console.log('\n4. UltraCart, over HTTP to the local UltraCart emulator (read-only: no REST endpoint sends)')
const ultracart = await startUltraCartEmulator()
try {
  const jane = { arn: 'arn:ultracart:DEMO:participant/jane', name: 'Jane' }
  const start = Date.now() - 3_600_000
  ultracart.seed({
    conversations: [
      {
        participants: [jane],
        messages: [
          { authorArn: jane.arn, body: 'Is the blue one in stock?', messageEpoch: start },
          { authorArn: ultracart.agent.arn, body: 'Yes, 4 left.', messageEpoch: start + 60_000 },
          {
            authorArn: jane.arn,
            body: 'Here is the one I mean',
            messageEpoch: start + 90_000,
            mediaUrls: ['https://example.com/blue.png'],
          },
        ],
      },
    ],
  })
  const adapter = createUltraCartAdapter({ ...ultracart.credentials, baseUrl: ultracart.url })
  const [conversation] = await collect(paginate((cursor) => adapter.conversations.list({ cursor })))
  log(`listed conversation ${conversation.id} with ${conversation.participants.length} participants`)
  for (const message of await collect(
    paginate((cursor) => adapter.messages.list({ conversationId: conversation.id, cursor })),
  )) {
    const body =
      message.content.type === 'text'
        ? message.content.text
        : `[${message.content.type}] ${message.content.text ?? ''}`
    log(`  ${message.author.role.padEnd(8)} ${message.author.displayName}: ${body}`)
  }
  const refused = await adapter.messages.send({
    conversationId: conversation.id,
    message: { author: { role: 'agent' }, content: { type: 'text', text: 'hi' } },
  })()
  log(
    `sending: ${refused._tag === 'Left' ? refused.left._tag : 'sent?!'} (${adapter.capabilities.messages.send ? '' : 'capabilities.messages.send is false'})`,
  )
  log(
    `the vendor's budget applies by default: one request at a time, 1,000 an hour (${ultracart.requests().length} requests used)`,
  )
} finally {
  await ultracart.close()
}
console.log('\ndemo finished.')
