/**
 * Adapters from configuration: the same loader the CLI uses, public so an application picks its
 * vendor by configuration too.
 *
 * @module
 */
import type { ChatAdapter } from '@colloquy/core'
import { createMemoryAdapter } from '@colloquy/core/memory'
import { createSmoochV1Adapter, type SmoochV1AdapterConfig } from '@colloquy/smooch-v1-adapter'
import { createSunshineAdapter, type SunshineAdapterConfig } from '@colloquy/sunshine-adapter'
import { createUltraCartAdapter, type UltraCartAdapterConfig } from '@colloquy/ultracart-adapter'

/** The providers the CLI and {@link createAdapter} know. */
export const providers = ['sunshine', 'smooch-v1', 'ultracart', 'memory'] as const
export type Provider = (typeof providers)[number]

/** A provider name with that provider's adapter config. */
export type AdapterConfig =
  | ({ readonly provider: 'sunshine' } & SunshineAdapterConfig)
  | ({ readonly provider: 'smooch-v1' } & SmoochV1AdapterConfig)
  | ({ readonly provider: 'ultracart' } & UltraCartAdapterConfig)
  | { readonly provider: 'memory' }

/** A missing or malformed setting; its message names the variable or field in one line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

type Env = Readonly<Record<string, string | undefined>>

const isProvider = (value: string): value is Provider => (providers as readonly string[]).includes(value)

/** Checks a provider name, naming the valid ones when it is wrong. */
export const parseProvider = (value: string, what = 'provider'): Provider => {
  if (!isProvider(value)) throw new ConfigError(`${what} '${value}' is not one of ${providers.join(', ')}`)
  return value
}

const reader = (env: Env) => {
  const required = (name: string): string => {
    const value = env[name]
    if (value === undefined || value.trim() === '') throw new ConfigError(`${name} is not set`)
    return value.trim()
  }
  const optional = (name: string): string | undefined => {
    const value = env[name]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = optional(name)
    if (value !== undefined && !allowed.includes(value as T))
      throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got '${value}'`)
    return value as T | undefined
  }
  // A base URL may carry a password or a key: its problems are named, the value never repeated.
  const url = (name: string): string | undefined => {
    const value = optional(name)
    if (value === undefined) return undefined
    const refuse = (problem: string): never => {
      throw new ConfigError(`${name} ${problem} (its value is not shown: it may hold a secret)`)
    }
    let parsed: URL | undefined
    try {
      parsed = new URL(value)
    } catch {
      refuse('is not an absolute URL')
    }
    if (parsed === undefined) return refuse('is not an absolute URL')
    if (parsed.username !== '' || parsed.password !== '')
      refuse('must not contain user info (user:password@); set the key variables instead')
    if (parsed.search !== '' || value.includes('?')) refuse('must not contain a query (?…)')
    if (parsed.hash !== '' || value.includes('#')) refuse('must not contain a fragment (#…)')
    return value
  }
  return { required, optional, oneOf, url }
}

/**
 * The adapter config of `provider` from environment variables (`COLLOQUY_<VENDOR>_…`; the package
 * README lists them). Throws {@link ConfigError} naming the first missing or malformed variable.
 */
export const adapterConfigFromEnv = (provider: Provider, env: Env = process.env): AdapterConfig => {
  const read = reader(env)
  /** `<PREFIX>_BASE_URL`, `_TIMEOUT_MS` and `_RATE_LIMIT` (`off` or `<requests>/<seconds>`). */
  const transport = (prefix: string) => {
    const baseUrl = read.url(`${prefix}_BASE_URL`)
    const timeout = read.optional(`${prefix}_TIMEOUT_MS`)
    const rate = read.optional(`${prefix}_RATE_LIMIT`)
    const timeoutMs = timeout === undefined ? undefined : Number(timeout)
    if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 1))
      throw new ConfigError(`${prefix}_TIMEOUT_MS must be a positive integer, got '${timeout}'`)
    const budget = rate === undefined || rate === 'off' ? undefined : /^(\d+)\/(\d+)$/.exec(rate)
    if (rate !== undefined && rate !== 'off' && !budget)
      throw new ConfigError(`${prefix}_RATE_LIMIT must be 'off' or '<requests>/<seconds>', got '${rate}'`)
    return {
      ...(baseUrl === undefined ? {} : { baseUrl }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(rate === 'off' ? { rateLimit: false as const } : {}),
      ...(budget ? { rateLimit: { requests: Number(budget[1]), intervalMs: Number(budget[2]) * 1000 } } : {}),
    }
  }
  switch (provider) {
    case 'sunshine': {
      const auth = read.oneOf('COLLOQUY_SUNSHINE_AUTH', ['basic', 'jwt'] as const)
      const webhookSecret = read.optional('COLLOQUY_SUNSHINE_WEBHOOK_SECRET')
      return {
        provider,
        appId: read.required('COLLOQUY_SUNSHINE_APP_ID'),
        keyId: read.required('COLLOQUY_SUNSHINE_KEY_ID'),
        keySecret: read.required('COLLOQUY_SUNSHINE_KEY_SECRET'),
        ...(auth ? { auth } : {}),
        ...(webhookSecret ? { webhookSecret } : {}),
        ...transport('COLLOQUY_SUNSHINE'),
      }
    }
    case 'smooch-v1': {
      const scope = read.oneOf('COLLOQUY_SMOOCH_SCOPE', ['app', 'account'] as const)
      const apiVersion = read.oneOf('COLLOQUY_SMOOCH_API_VERSION', ['v1', 'v1.1'] as const)
      const webhookSecret = read.optional('COLLOQUY_SMOOCH_WEBHOOK_SECRET')
      return {
        provider,
        appId: read.required('COLLOQUY_SMOOCH_APP_ID'),
        keyId: read.required('COLLOQUY_SMOOCH_KEY_ID'),
        keySecret: read.required('COLLOQUY_SMOOCH_KEY_SECRET'),
        ...(scope ? { scope } : {}),
        ...(apiVersion ? { apiVersion } : {}),
        ...(webhookSecret ? { webhookSecret } : {}),
        ...transport('COLLOQUY_SMOOCH'),
      }
    }
    case 'ultracart': {
      const simpleKey = read.optional('COLLOQUY_ULTRACART_SIMPLE_KEY')
      const accessToken = read.optional('COLLOQUY_ULTRACART_ACCESS_TOKEN')
      if (simpleKey === undefined && accessToken === undefined) {
        throw new ConfigError('COLLOQUY_ULTRACART_SIMPLE_KEY (or COLLOQUY_ULTRACART_ACCESS_TOKEN) is not set')
      }
      const medium = read.oneOf('COLLOQUY_ULTRACART_MEDIUM', ['websocket', 'sms'] as const)
      const agentArns = read.optional('COLLOQUY_ULTRACART_AGENT_ARNS')
      const common = {
        ...(medium ? { medium } : {}),
        ...(agentArns
          ? {
              agentArns: agentArns
                .split(',')
                .map((arn) => arn.trim())
                .filter(Boolean),
            }
          : {}),
        ...transport('COLLOQUY_ULTRACART'),
      }
      return simpleKey !== undefined
        ? { provider, simpleKey, ...common }
        : { provider, accessToken: accessToken as string, ...common }
    }
    case 'memory':
      return { provider }
  }
}

const requireFields = (config: Record<string, unknown>, provider: string, fields: readonly string[]) => {
  for (const field of fields) {
    const value = config[field]
    if (typeof value !== 'function' && (typeof value !== 'string' || value.trim() === '')) {
      throw new ConfigError(`${provider}.${field} is required`)
    }
  }
}

/**
 * The adapter a config names, validated first (a {@link ConfigError} names the missing field).
 *
 * @example
 * const chat = createAdapter(adapterConfigFromEnv(process.env.CHAT_VENDOR as Provider))
 */
export const createAdapter = (config: AdapterConfig): ChatAdapter => {
  const fields = config as unknown as Record<string, unknown>
  switch (config.provider) {
    case 'sunshine':
      requireFields(fields, 'sunshine', ['appId', 'keyId', 'keySecret'])
      return createSunshineAdapter(config)
    case 'smooch-v1':
      requireFields(fields, 'smooch-v1', ['appId', 'keyId', 'keySecret'])
      return createSmoochV1Adapter(config)
    case 'ultracart':
      if (fields.simpleKey === undefined && fields.accessToken === undefined)
        throw new ConfigError('ultracart.simpleKey or ultracart.accessToken is required')
      return createUltraCartAdapter(config)
    case 'memory':
      return createMemoryAdapter()
    default:
      throw new ConfigError(
        `provider '${(config as { provider: unknown }).provider}' is not one of ${providers.join(', ')}`,
      )
  }
}
