/**
 * The `colloquy` command line: its commands and flags.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { maxConcurrency } from '@colloquy/migrate'
import { Command, InvalidArgumentError, Option } from 'commander'
import { parseProvider } from './config.js'
import { databaseUrl, runQueuedMigration, runStatus, runWorker } from './database-commands.js'
import { runDemo } from './demo.js'
import { parseDuration } from './duration.js'
import { runEmulators } from './emulate-command.js'
import { exitCodes, UsageError } from './exit-codes.js'
import { inspect } from './inspect.js'
import { listenForInterrupt } from './interrupt.js'
import { readIds } from './load.js'
import { migrationExitCode, runMigration } from './migrate-command.js'
import { type OpenedSides, openSide, refuseSameAccount, type Side } from './sides.js'
import { runSync, syncExitCode } from './sync-command.js'
import { runVerification, verificationExitCode } from './verify-command.js'
import { parseListen } from './webhook-server.js'

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string
}

const positive = (value: string) => {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('it must be a positive integer')
  return parsed
}
const concurrency = (value: string) => {
  const parsed = positive(value)
  if (parsed > maxConcurrency) throw new InvalidArgumentError(`it must be at most ${maxConcurrency}`)
  return parsed
}
const port = (value: string) => {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535)
    throw new InvalidArgumentError('it must be a port number (0 for any free one)')
  return parsed
}
const provider = (value: string) => {
  try {
    return parseProvider(value)
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message)
  }
}

const configOption = () =>
  new Option('--config <file>', 'adapter configs as JSON (default: COLLOQUY_* environment variables)')

/** The flags `migrate` and `verify` share: the two ends, the selection, output. */
const migrationFlags = (command: Command, to: string) =>
  command
    .requiredOption('--from <provider>', 'source: sunshine, smooch-v1, ultracart', provider)
    .requiredOption('--to <provider>', `target: ${to}`, provider)
    .option('--conversations <file>', "source conversation ids, one per line or a JSON array ('-' for stdin)")
    .option('--users <file>', 'source user ids whose conversations to take (needed for a Sunshine source)')
    .option('--concurrency <n>', `conversations at once (1 to ${maxConcurrency})`, concurrency, 4)
    .option('--json', 'JSON lines on stdout instead of text')
    .option('--quiet', 'no progress output')
    .option('--verbose', 'log each request on stderr (method, path, status, time; credentials never shown)')
    .option('--report <file>', 'also write the report as JSON (its folder is checked before the run)')
    .addOption(configOption())

interface MigrationFlags {
  readonly from: ReturnType<typeof parseProvider>
  readonly to: ReturnType<typeof parseProvider>
  readonly conversations?: string
  readonly users?: string
  readonly concurrency: number
  readonly json?: boolean
  readonly quiet?: boolean
  readonly verbose?: boolean
  readonly report?: string
  readonly config?: string
}

/** Opens both ends and reads the selection files: everything a mistake can be found in before a run. */
const prepare = async (flags: MigrationFlags, opened: OpenedSides) => {
  const options = {
    verbose: flags.verbose === true,
    ...(flags.config === undefined ? {} : { configFile: flags.config }),
  }
  opened.source = await openSide(flags.from, options)
  opened.target = await openSide(flags.to, options)
  refuseSameAccount(opened.source, opened.target)
  if (flags.conversations === '-' && flags.users === '-')
    throw new InvalidArgumentError('only one of --conversations and --users can read stdin')
  return {
    source: opened.source.adapter,
    target: opened.target.adapter,
    ...(flags.conversations === undefined
      ? {}
      : { conversations: await readIds(flags.conversations, 'conversations') }),
    ...(flags.users === undefined ? {} : { users: await readIds(flags.users, 'users') }),
    concurrency: flags.concurrency,
    json: flags.json === true,
    quiet: flags.quiet === true,
    ...(flags.report === undefined ? {} : { report: flags.report }),
  }
}

/** Runs `task` with Ctrl-C and SIGTERM turned into a clean stop. */
const interruptible = async <A>(task: (signal: AbortSignal) => Promise<A>): Promise<A> => {
  const interrupt = listenForInterrupt(process.stderr)
  try {
    return await task(interrupt.signal)
  } finally {
    interrupt.stop()
  }
}

/** The `colloquy` program; `opened` collects the ends a command opens, for its error messages. */
export const createProgram = (opened: OpenedSides): Command => {
  const program = new Command('colloquy')
    .description(
      'Chat vendors through one model: migrate history between them, verify it, inspect them, emulate them.',
    )
    .version(version)
    // Usage errors are thrown, printed in one line and exit 2 (main.ts), not printed with the help.
    .exitOverride()
    .configureOutput({ outputError: () => undefined })

  migrationFlags(
    program
      .command('migrate')
      .description(
        'copy conversations and messages from one vendor to another, exactly once; safe to interrupt and re-run',
      ),
    'sunshine, smooch-v1',
  )
    .option(
      '--ledger <path>',
      'the append-only ledger that makes re-runs fast (one run at a time)',
      './colloquy-ledger.jsonl',
    )
    .option('--no-ledger', 'keep no ledger: a re-run finds what is done in the target alone')
    .option(
      '--dry-run',
      'plan, check both ends, read the ledger and the target; write nothing; report what a run would do',
    )
    .option('--full', 'read every conversation from its start, not from where the ledger says it stands')
    .option(
      '--database [url]',
      'scale out on PostgreSQL: enqueue the conversations as jobs (URL, or COLLOQUY_DATABASE_URL when none is given)',
    )
    .option('--no-work', 'with --database: only enqueue; `colloquy worker` processes do the work')
    .option('--migration-id <id>', "with --database: the migration's name (default <from>-to-<to>)")
    .action(
      async (
        flags: MigrationFlags & {
          ledger: string | false
          dryRun?: boolean
          full?: boolean
          database?: string | true
          work: boolean
          migrationId?: string
        },
      ) => {
        if (flags.database !== undefined) {
          if (flags.dryRun) throw new UsageError('--dry-run runs locally: leave out --database')
          const prepared = await prepare(flags, opened)
          if (!opened.source || !opened.target) throw new UsageError('both ends must be opened')
          process.exitCode = await interruptible((signal) =>
            runQueuedMigration({
              database: databaseUrl(flags.database === true ? undefined : flags.database),
              migrationId: flags.migrationId ?? `${flags.from}-to-${flags.to}`,
              source: opened.source as Side,
              target: opened.target as Side,
              ...(prepared.conversations ? { conversations: prepared.conversations } : {}),
              ...(prepared.users ? { users: prepared.users } : {}),
              concurrency: flags.concurrency,
              work: flags.work,
              signal,
              ...(flags.config === undefined ? {} : { configFile: flags.config }),
              ...(flags.verbose ? { verbose: true } : {}),
              ...(flags.json ? { json: true } : {}),
              ...(flags.quiet ? { quiet: true } : {}),
            }),
          )
          return
        }
        const prepared = await prepare(flags, opened)
        const report = await interruptible((signal) =>
          runMigration({
            ...prepared,
            ...(flags.ledger === false ? {} : { ledger: flags.ledger }),
            dryRun: flags.dryRun === true,
            full: flags.full === true,
            signal,
          }),
        )
        process.exitCode = migrationExitCode(report)
      },
    )

  migrationFlags(
    program
      .command('sync')
      .description(
        'keep the target current until the switch: a delta pass, then (--follow, --until-idle) new messages as they arrive, from webhooks or polling',
      ),
    'sunshine, smooch-v1',
  )
    .option(
      '--ledger <path>',
      'the ledger (shared with migrate; one run at a time)',
      './colloquy-ledger.jsonl',
    )
    .option('--no-ledger', 'keep no ledger (every pass then reads each conversation from its start)')
    .option('--full', 'read every conversation from its start in the first pass')
    .option('--follow', 'after the first pass, keep copying what arrives until interrupted (Ctrl-C)')
    .option(
      '--until-idle <duration>',
      "like --follow, but end once nothing new arrived for this long (e.g. '10m') and print the cutover report",
      parseDuration,
    )
    .option(
      '--listen <[host:]port>',
      'where the webhook endpoint listens, for a source with webhooks (Sunshine, Smooch v1)',
      '127.0.0.1:8787',
    )
    .option(
      '--public-url <url>',
      'the public base URL that reaches the endpoint (printed as the URL to register)',
    )
    .option(
      '--poll-every <duration>',
      'poll at this interval instead (default for a source without webhooks: within half its request budget)',
      parseDuration,
    )
    .action(
      async (
        flags: MigrationFlags & {
          ledger: string | false
          full?: boolean
          follow?: boolean
          untilIdle?: number
          listen: string
          publicUrl?: string
          pollEvery?: number
        },
      ) => {
        const listen = parseListen(flags.listen)
        if (flags.publicUrl !== undefined && !URL.canParse(flags.publicUrl))
          throw new InvalidArgumentError(`--public-url ${flags.publicUrl}: not an absolute URL`)
        const { source: _adapter, ...prepared } = await prepare(flags, opened)
        const report = await interruptible((signal) =>
          runSync({
            ...prepared,
            source: opened.source as NonNullable<OpenedSides['source']>,
            ...(flags.ledger === false ? {} : { ledger: flags.ledger }),
            full: flags.full === true,
            follow: flags.follow === true,
            ...(flags.untilIdle === undefined ? {} : { untilIdleMs: flags.untilIdle }),
            ...(flags.pollEvery === undefined ? {} : { pollEveryMs: flags.pollEvery }),
            listen,
            ...(flags.publicUrl === undefined ? {} : { publicUrl: flags.publicUrl }),
            signal,
          }),
        )
        process.exitCode = syncExitCode(report)
      },
    )

  migrationFlags(
    program
      .command('verify')
      .description(
        'prove a migration: every source message in the target exactly once, in order, with its text; exit 1 on any difference',
      ),
    'sunshine, smooch-v1, memory',
  )
    .option(
      '--ledger <path>',
      'a ledger to read target conversations from, when it exists',
      './colloquy-ledger.jsonl',
    )
    .action(async (flags: MigrationFlags & { ledger: string }) => {
      const prepared = await prepare(flags, opened)
      const report = await interruptible((signal) =>
        runVerification({ ...prepared, ledger: flags.ledger, signal }),
      )
      process.exitCode = verificationExitCode(report)
    })

  const inspection = (command: Command, providers = 'sunshine, smooch-v1, ultracart') =>
    command
      .requiredOption('--provider <provider>', providers, provider)
      .option('--json', 'JSON output')
      .option('--verbose', 'log each request on stderr')
      .addOption(configOption())
  const view = async (flags: {
    provider: ReturnType<typeof parseProvider>
    config?: string
    verbose?: boolean
    json?: boolean
  }) => {
    opened.only = await openSide(flags.provider, {
      verbose: flags.verbose === true,
      ...(flags.config === undefined ? {} : { configFile: flags.config }),
    })
    return inspect(opened.only.adapter, process.stdout, flags.json === true)
  }

  const conversations = program.command('conversations').description('inspect conversations')
  inspection(conversations.command('list'))
    .option('--user <id>', 'the user whose conversations to list (Sunshine)')
    .option('--cursor <cursor>')
    .option('--limit <n>', 'page size', positive)
    .action(async (flags) => {
      await (await view(flags)).listConversations({
        ...(flags.user ? { userId: flags.user } : {}),
        ...(flags.cursor ? { cursor: flags.cursor } : {}),
        ...(flags.limit ? { limit: flags.limit } : {}),
      })
    })
  inspection(conversations.command('get <conversationId>')).action(async (conversationId: string, flags) => {
    await (await view(flags)).getConversation(conversationId)
  })

  const messages = program.command('messages').description('inspect and send messages')
  inspection(messages.command('list <conversationId>'))
    .addOption(
      new Option('--direction <direction>', 'newest page first, or oldest').choices(['backward', 'forward']),
    )
    .option('--cursor <cursor>')
    .option('--limit <n>', 'page size', positive)
    .action(async (conversationId: string, flags) => {
      await (await view(flags)).listMessages({
        conversationId,
        ...(flags.direction ? { direction: flags.direction } : {}),
        ...(flags.cursor ? { cursor: flags.cursor } : {}),
        ...(flags.limit ? { limit: flags.limit } : {}),
      })
    })
  inspection(messages.command('send <conversationId>'), 'sunshine, smooch-v1')
    .requiredOption('--text <text>', 'the message text')
    .addOption(
      new Option('--role <role>', 'the author').choices(['customer', 'agent', 'bot']).default('agent'),
    )
    .option('--name <name>', 'the author name shown')
    .option('--user <id>', 'the customer user id (role customer)')
    .action(async (conversationId: string, flags) => {
      await (await view(flags)).sendMessage({
        conversationId,
        text: flags.text,
        role: flags.role,
        ...(flags.name ? { name: flags.name } : {}),
        ...(flags.user ? { userId: flags.user } : {}),
      })
    })

  program
    .command('emulate')
    .description(
      'run the three vendor emulators on loopback until interrupted; prints export lines and the seeded ids',
    )
    .option('--empty', 'start without demo history')
    .option('--json', 'print URLs, credentials and seeded ids as JSON')
    .option('--sunshine-port <port>', 'fixed port (default: any free one)', port)
    .option('--smooch-port <port>', 'fixed port', port)
    .option('--ultracart-port <port>', 'fixed port', port)
    .action(async (flags) => {
      await runEmulators({
        empty: flags.empty === true,
        json: flags.json === true,
        ports: { sunshine: flags.sunshinePort, smooch: flags.smoochPort, ultracart: flags.ultracartPort },
      })
    })

  program
    .command('demo')
    .description('emulate UltraCart, Smooch v1 and Sunshine, migrate both into Sunshine, verify, report')
    .action(async () => {
      if (!(await runDemo())) process.exitCode = exitCodes.failed
    })

  program
    .command('worker')
    .description(
      "work migration jobs from PostgreSQL on this machine, with this machine's credentials, until stopped",
    )
    .option('--database [url]', 'the PostgreSQL database (default COLLOQUY_DATABASE_URL)')
    .option('--concurrency <n>', `conversations at once (1 to ${maxConcurrency})`, concurrency, 4)
    .option('--until-settled <migration>', 'stop once this migration has nothing left to do')
    .addOption(
      new Option(
        '--budget <mode>',
        "each vendor's rate limit: one budget for every worker, or each process's own",
      )
        .choices(['shared', 'per-process'])
        .default('shared'),
    )
    .option(
      '--stale-after <ms>',
      "after how long without a heartbeat a worker's conversations go to another (default 15000)",
      positive,
    )
    .option('--json', 'JSON lines on stdout instead of text')
    .option('--quiet', 'no output but errors')
    .option('--verbose', 'log each request on stderr')
    .addOption(configOption())
    .action(async (flags) => {
      process.exitCode = await interruptible((signal) =>
        runWorker({
          database: databaseUrl(flags.database === true ? undefined : flags.database),
          concurrency: flags.concurrency,
          budget: flags.budget,
          signal,
          ...(flags.staleAfter === undefined ? {} : { staleAfterMs: flags.staleAfter }),
          ...(flags.untilSettled === undefined ? {} : { untilSettled: flags.untilSettled }),
          ...(flags.config === undefined ? {} : { configFile: flags.config }),
          ...(flags.verbose ? { verbose: true } : {}),
          ...(flags.json ? { json: true } : {}),
          ...(flags.quiet ? { quiet: true } : {}),
        }),
      )
    })

  program
    .command('status')
    .description('show each migration in PostgreSQL: progress, failures and ETA (no credentials needed)')
    .option('--database [url]', 'the PostgreSQL database (default COLLOQUY_DATABASE_URL)')
    .option('--migration <id>', 'only this migration')
    .option('--json', 'JSON on stdout')
    .action(async (flags) => {
      process.exitCode = await runStatus({
        database: databaseUrl(flags.database === true ? undefined : flags.database),
        ...(flags.migration === undefined ? {} : { migrationId: flags.migration }),
        ...(flags.json ? { json: true } : {}),
      })
    })

  return program
}
