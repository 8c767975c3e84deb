#!/usr/bin/env node
/**
 * `colloquy-emulate` (`pnpm emulate`): starts the three emulators for local development, prints
 * their URLs and credentials, and runs until interrupted.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import { startSmoochV1Emulator } from './smooch-v1.js'
import { startSunshineEmulator } from './sunshine.js'
import { startUltraCartEmulator } from './ultracart.js'

const usage = `Usage: colloquy-emulate [--sunshine-port N] [--smooch-port N] [--ultracart-port N] [--empty] [--json]

Starts loopback emulators of Sunshine Conversations v2, Smooch v1/v1.1 and UltraCart's
Conversation API. Ports default to free ones. Unless --empty, each gets a small demo history.`

const { values } = parseArgs({
  options: {
    'sunshine-port': { type: 'string' },
    'smooch-port': { type: 'string' },
    'ultracart-port': { type: 'string' },
    empty: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (values.help) {
  console.log(usage)
  process.exit(0)
}
const port = (name: string, value: string | undefined) => {
  if (value === undefined) return {}
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    console.error(`--${name} must be a port number, got '${value}'\n\n${usage}`)
    process.exit(2)
  }
  return { port: parsed }
}

const sunshine = await startSunshineEmulator(port('sunshine-port', values['sunshine-port']))
const smooch = await startSmoochV1Emulator(port('smooch-port', values['smooch-port']))
const ultracart = await startUltraCartEmulator(port('ultracart-port', values['ultracart-port']))

if (!values.empty) {
  const minute = 60_000
  const start = Date.now() - 60 * minute
  sunshine.seed({
    users: [{ externalId: 'customer-42', profile: { givenName: 'Ada', email: 'ada@example.com' } }],
    conversations: [
      {
        displayName: 'Order #1001',
        participants: [{ userExternalId: 'customer-42' }],
        messages: [
          {
            received: new Date(start),
            author: { type: 'user', userExternalId: 'customer-42' },
            content: { type: 'text', text: 'Where is my order?' },
          },
          {
            received: new Date(start + minute),
            author: { type: 'business', displayName: 'Grace' },
            content: { type: 'text', text: 'It ships today.' },
          },
        ],
      },
    ],
  })
  smooch.seed({
    appUsers: [
      {
        userId: 'customer-7',
        givenName: 'Steve',
        messages: [
          { role: 'appUser', text: 'Do you have time to chat?', received: start / 1000 },
          { role: 'appMaker', text: 'Sure!', name: 'Support', received: (start + minute) / 1000 },
        ],
      },
    ],
  })
  const jane = { arn: 'arn:ultracart:DEMO:participant/jane', name: 'Jane' }
  ultracart.seed({
    conversations: [
      {
        participants: [jane],
        messages: [
          { authorArn: jane.arn, body: 'Is the blue one in stock?', messageEpoch: start },
          { authorArn: ultracart.agent.arn, body: 'Yes, 4 left.', messageEpoch: start + minute },
        ],
      },
    ],
  })
}

const summary = {
  sunshine: { url: sunshine.url, ...sunshine.credentials },
  'smooch-v1': { url: smooch.url, ...smooch.credentials },
  ultracart: { url: ultracart.url, ...ultracart.credentials, accessToken: ultracart.accessToken },
}
if (values.json) {
  console.log(JSON.stringify(summary))
} else {
  console.log('colloquy emulators (loopback only; these credentials work nowhere else)\n')
  for (const [name, fields] of Object.entries(summary)) {
    console.log(name)
    for (const [key, value] of Object.entries(fields)) console.log(`  ${key.padEnd(12)} ${value}`)
  }
  console.log('\nPress Ctrl+C to stop.')
}

const stop = async () => {
  await Promise.all([sunshine.close(), smooch.close(), ultracart.close()])
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
