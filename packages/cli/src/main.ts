#!/usr/bin/env node
/**
 * The `colloquy` command.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { ColloquyException } from '@colloquy/core'
import { formatEmulatorSummary, startAllEmulators } from '@colloquy/emulators'
import { MigrationPlanError } from '@colloquy/migrate'
import { Command, InvalidArgumentError } from 'commander'
import { ConfigError, createAdapter, type Provider, parseProvider } from './config.js'
import { runDemo } from './demo.js'
import { inspect } from './inspect.js'
import { loadAdapterConfig, readIds } from './load.js'
import { runMigration } from './migrate-command.js'

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string
}

const positive = (value: string) => {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a positive integer')
  return parsed
}
const provider = (value: string) => {
  try {
    return parseProvider(value)
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message)
  }
}
const adapterFor = async (name: Provider, configFile: string | undefined) =>
  createAdapter(await loadAdapterConfig(name, configFile === undefined ? {} : { configFile }))

/** The options every inspection command shares: which vendor, output form, where its config is. */
const inspection = (command: Command, providers = 'sunshine, smooch-v1, ultracart') =>
  command
    .requiredOption('--provider <provider>', providers, provider)
    .option('--json', 'JSON output')
    .option('--config <file>', 'adapter configs as JSON (default: COLLOQUY_* environment variables)')

const program = new Command('colloquy')
  .description('Chat vendors through one model: migrate history between them, inspect them, emulate them.')
  .version(version)
  .showHelpAfterError()

program
  .command('migrate')
  .description(
    'copy conversations and messages from one vendor to another, exactly once; safe to interrupt and re-run',
  )
  .requiredOption('--from <provider>', 'source: sunshine, smooch-v1, ultracart', provider)
  .requiredOption('--to <provider>', 'target: sunshine, smooch-v1', provider)
  .option('--conversations <file>', "source conversation ids, one per line or a JSON array ('-' for stdin)")
  .option('--users <file>', 'source user ids whose conversations to copy (Sunshine lists per user)')
  .option(
    '--ledger <path>',
    'the append-only ledger that makes re-runs skip what is done',
    './colloquy-ledger.jsonl',
  )
  .option('--concurrency <n>', 'conversations copied at once', positive, 4)
  .option('--dry-run', 'read everything, write nothing, report what would happen')
  .option('--json', 'JSON lines on stdout instead of a progress bar')
  .option('--report <file>', 'also write the final report as JSON')
  .option('--config <file>', 'adapter configs as JSON (default: COLLOQUY_* environment variables)')
  .action(async (options) => {
    const report = await runMigration({
      source: await adapterFor(options.from, options.config),
      target: await adapterFor(options.to, options.config),
      ...(options.conversations
        ? { conversations: await readIds(options.conversations, 'conversations') }
        : {}),
      ...(options.users ? { users: await readIds(options.users, 'users') } : {}),
      ledger: options.ledger,
      concurrency: options.concurrency,
      dryRun: options.dryRun === true,
      json: options.json === true,
      ...(options.report ? { report: options.report } : {}),
    })
    if (report.totals.failed > 0 || report.totals.conversationsFailed > 0) process.exitCode = 1
  })

const conversations = program.command('conversations').description('inspect conversations')
inspection(conversations.command('list'))
  .option('--user <id>', 'the user whose conversations to list (Sunshine)')
  .option('--cursor <cursor>')
  .option('--limit <n>', 'page size', positive)
  .action(async (options) => {
    const view = inspect(
      await adapterFor(options.provider, options.config),
      process.stdout,
      options.json === true,
    )
    await view.listConversations({
      ...(options.user ? { userId: options.user } : {}),
      ...(options.cursor ? { cursor: options.cursor } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    })
  })
inspection(conversations.command('get <conversationId>')).action(async (conversationId, options) => {
  await inspect(
    await adapterFor(options.provider, options.config),
    process.stdout,
    options.json === true,
  ).getConversation(conversationId)
})

const messages = program.command('messages').description('inspect and send messages')
inspection(messages.command('list <conversationId>'))
  .option('--direction <direction>', 'backward (newest page first) or forward')
  .option('--cursor <cursor>')
  .option('--limit <n>', 'page size', positive)
  .action(async (conversationId, options) => {
    await inspect(
      await adapterFor(options.provider, options.config),
      process.stdout,
      options.json === true,
    ).listMessages({
      conversationId,
      ...(options.direction ? { direction: options.direction } : {}),
      ...(options.cursor ? { cursor: options.cursor } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    })
  })
inspection(messages.command('send <conversationId>'), 'sunshine, smooch-v1')
  .requiredOption('--text <text>', 'the message text')
  .option('--role <role>', 'customer, agent or bot', 'agent')
  .option('--name <name>', 'the author name shown')
  .option('--user <id>', 'the customer user id (role customer)')
  .action(async (conversationId, options) => {
    await inspect(
      await adapterFor(options.provider, options.config),
      process.stdout,
      options.json === true,
    ).sendMessage({
      conversationId,
      text: options.text,
      role: options.role,
      ...(options.name ? { name: options.name } : {}),
      ...(options.user ? { userId: options.user } : {}),
    })
  })

program
  .command('emulate')
  .description('run the three vendor emulators on loopback until interrupted')
  .option('--empty', 'start without demo history')
  .option('--json', 'print URLs and credentials as JSON')
  .action(async (options) => {
    const emulators = await startAllEmulators({ empty: options.empty === true })
    process.stdout.write(
      `${options.json ? JSON.stringify(emulators.summary()) : formatEmulatorSummary(emulators.summary())}\n`,
    )
    const stop = () => void emulators.close().then(() => process.exit(0))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })

program
  .command('demo')
  .description('emulate UltraCart, Smooch v1 and Sunshine, migrate both into Sunshine, verify, report')
  .action(async () => {
    if (!(await runDemo())) process.exitCode = 1
  })

try {
  await program.parseAsync()
} catch (error) {
  // One line, no stack: these are the user's to fix (config, plan) or the vendor's answer.
  const known =
    error instanceof ConfigError || error instanceof MigrationPlanError || error instanceof ColloquyException
  process.stderr.write(`colloquy: ${(error as Error).message}\n`)
  if (!known) process.stderr.write(`${(error as Error).stack ?? ''}\n`)
  process.exitCode = error instanceof ConfigError || error instanceof MigrationPlanError ? 2 : 1
}
