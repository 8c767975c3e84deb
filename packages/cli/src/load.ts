/**
 * Where the CLI gets adapter configs: a `--config` JSON file, else environment variables. Never argv.
 *
 * @module
 */
import { readFile } from 'node:fs/promises'
import { type AdapterConfig, adapterConfigFromEnv, ConfigError, type Provider } from './config.js'

/**
 * Where a JSON syntax error is, as line and column. The parser's own message is not repeated: it
 * quotes the text around the error, which in a config file is often a secret.
 */
const jsonErrorPlace = (text: string, error: unknown): string => {
  const position = Number(/at position (\d+)/.exec((error as Error).message)?.[1] ?? Number.NaN)
  if (!Number.isInteger(position)) return ''
  const before = text.slice(0, position).split('\n')
  return ` (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`
}

/**
 * The config of `provider`: from `configFile` (a JSON object keyed by provider name, each holding
 * that adapter's config) when given, else from `env`.
 */
export const loadAdapterConfig = async (
  provider: Provider,
  options: { readonly configFile?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<AdapterConfig> => {
  if (options.configFile === undefined) return adapterConfigFromEnv(provider, options.env ?? process.env)
  let text: string
  try {
    text = await readFile(options.configFile, 'utf8')
  } catch (error) {
    throw new ConfigError(`--config ${options.configFile}: ${(error as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(`--config ${options.configFile} is not valid JSON${jsonErrorPlace(text, error)}`)
  }
  const section = (parsed as Record<string, unknown> | null)?.[provider]
  if (provider === 'memory') return { provider }
  if (typeof section !== 'object' || section === null)
    throw new ConfigError(`--config ${options.configFile} has no "${provider}" object`)
  return { ...(section as object), provider } as AdapterConfig
}

/** Ids from a file or `-` (stdin): one per line, or a JSON array of strings. Blank lines and `#` comments are skipped. */
export const readIds = async (path: string, what: string): Promise<string[]> => {
  const text =
    path === '-'
      ? await readStdin()
      : await readFile(path, 'utf8').catch((error: Error) => {
          throw new ConfigError(`--${what} ${path}: ${error.message}`)
        })
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) {
    const ids = JSON.parse(trimmed) as unknown
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && id !== ''))
      throw new ConfigError(`--${what} ${path}: expected a JSON array of ids`)
    return ids
  }
  return trimmed
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
