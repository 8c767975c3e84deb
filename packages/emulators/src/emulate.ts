#!/usr/bin/env node
/**
 * `colloquy-emulate` (`pnpm emulate`): starts the three emulators for local development, prints
 * their URLs and credentials, and runs until interrupted.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import { formatEmulatorSummary, startAllEmulators } from './all-emulators.js'

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
const port = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    console.error(`--${name} must be a port number, got '${value}'\n\n${usage}`)
    process.exit(2)
  }
  return parsed
}

const emulators = await startAllEmulators({
  ports: {
    sunshine: port('sunshine-port', values['sunshine-port']),
    smooch: port('smooch-port', values['smooch-port']),
    ultracart: port('ultracart-port', values['ultracart-port']),
  },
  empty: values.empty,
})
console.log(
  values.json
    ? JSON.stringify(emulators.summary())
    : `${formatEmulatorSummary(emulators.summary())}\n\nPress Ctrl+C to stop.`,
)

const stop = async () => {
  await emulators.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
