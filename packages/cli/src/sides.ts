/**
 * The two ends of a command: each adapter with its provider, where its settings came from, and a
 * log of its requests.
 *
 * @module
 */
import type { ChatAdapter } from '@colloquy/core'
import { type AdapterConfig, createAdapter, type Provider } from './config.js'
import { UsageError } from './exit-codes.js'
import { loadAdapterConfig } from './load.js'
import { createRequestLog, type RequestLog } from './request-log.js'

/** One end of a command. */
export interface Side {
  readonly provider: Provider
  readonly configFile?: string
  readonly config: AdapterConfig
  readonly adapter: ChatAdapter
  readonly log: RequestLog
}

/** The ends a command opened, for naming what to fix when one fails. */
export interface OpenedSides {
  source?: Side
  target?: Side
  /** The one end of an inspection command. */
  only?: Side
}

/** Loads a provider's config (environment or `--config`) and makes its adapter with a request log. */
export const openSide = async (
  provider: Provider,
  options: {
    readonly configFile?: string
    readonly verbose?: boolean
    readonly err?: NodeJS.WritableStream
    /** Changes the loaded config before the adapter is made (e.g. a rate limit shared by workers). */
    readonly adjust?: (config: AdapterConfig) => AdapterConfig
  },
): Promise<Side> => {
  const loaded = await loadAdapterConfig(
    provider,
    options.configFile === undefined ? {} : { configFile: options.configFile },
  )
  const config = options.adjust ? options.adjust(loaded) : loaded
  const log = createRequestLog({ verbose: options.verbose === true, err: options.err ?? process.stderr })
  const adapter = createAdapter(
    config.provider === 'memory' ? config : ({ ...config, hooks: log.hooks } as AdapterConfig),
  )
  return {
    provider,
    config,
    adapter,
    log,
    ...(options.configFile === undefined ? {} : { configFile: options.configFile }),
  }
}

/** The account a config names: provider, app and host (the vendors' default host when none is set). */
export const accountOf = (config: AdapterConfig): string | undefined => {
  if (config.provider === 'memory') return undefined
  const fields = config as unknown as Record<string, unknown>
  const base = typeof fields.baseUrl === 'string' ? fields.baseUrl.replace(/\/+$/, '') : 'default'
  const app = typeof fields.appId === 'string' ? fields.appId : ''
  return `${config.provider} ${app} ${base}`
}

/** Refuses a migration from an account into itself, which would copy everything a second time. */
export const refuseSameAccount = (source: Side, target: Side): void => {
  const account = accountOf(source.config)
  if (account !== undefined && account === accountOf(target.config)) {
    const app = (source.config as { appId?: string }).appId
    throw new UsageError(
      `--from and --to are the same ${source.provider} account${app ? ` (app ${app})` : ''}: it would copy its history into itself`,
    )
  }
}
