// Child process of migrate.mjs: the plain copy someone would write by hand with fetch — no
// ledger, no checks, no retries — doing the same UltraCart → Sunshine copy: list the
// conversations, read each with its messages, create the customer and the conversation, post
// every message with its source id. Measured like colloquy-copy.mjs.
process.once('message', async ({ where, concurrency }) => {
  const { ultracart, sunshine } = where
  const ucHeaders = { 'X-UltraCart-Simple-Key': ultracart.simpleKey, 'X-UltraCart-Api-Version': '2017-03-01' }
  const basic = `Basic ${Buffer.from(`${sunshine.keyId}:${sunshine.keySecret}`).toString('base64')}`
  const app = `${sunshine.baseUrl}/v2/apps/${sunshine.appId}`
  const get = async (url) => {
    const response = await fetch(url, { headers: ucHeaders })
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`)
    return response.json()
  }
  const post = async (url, body) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (!response.ok && response.status !== 409) throw new Error(`POST ${url}: ${response.status}`)
    return response.json()
  }
  const cpu = process.cpuUsage()
  const started = performance.now()
  const uuids = []
  for (let offset = 0, more = true; more; ) {
    const page = await get(`${ultracart.baseUrl}/conversation/conversations?_limit=200&_offset=${offset}`)
    uuids.push(...page.conversations.map((c) => c.conversation_uuid))
    more = page.metadata.result_set.more
    offset = page.metadata.result_set.next_offset
  }
  let copied = 0
  const copy = async (uuid) => {
    const { conversation } = await get(`${ultracart.baseUrl}/conversation/conversations/${uuid}`)
    const customer = conversation.participants.find((p) => !p.conversation_participant_arn.includes('agent'))
    const externalId = `ultracart:${customer.conversation_participant_arn}`
    await post(`${app}/users`, { externalId, profile: { givenName: customer.conversation_participant_name } })
    const created = await post(`${app}/conversations`, {
      type: 'personal',
      participants: [{ userExternalId: externalId }],
      metadata: { sourceConversationId: uuid },
    })
    for (const message of conversation.messages) {
      const fromCustomer =
        message.author_conversation_participant_arn === customer.conversation_participant_arn
      await post(`${app}/conversations/${created.conversation.id}/messages`, {
        author: fromCustomer
          ? { type: 'user', userExternalId: externalId }
          : { type: 'business', displayName: message.author_conversation_participant_name },
        content: { type: 'text', text: message.body },
        metadata: { sourceMessageId: message.conversation_message_uuid },
      })
      copied++
    }
  }
  const queue = [...uuids]
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (queue.length > 0) await copy(queue.shift())
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  process.send({ copied, failed: 0, seconds, cpuMs: (used.user + used.system) / 1000 })
})
