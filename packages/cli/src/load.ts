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
  const where = path === '-' ? 'stdin' : path
  if (trimmed.startsWith('[')) {
    let ids: unknown
    try {
      ids = JSON.parse(text)
    } catch (error) {
      throw new ConfigError(`--${what} ${where}: not valid JSON ${jsonPosition(text, error as Error)}`)
    }
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && id.trim() !== ''))
      throw new ConfigError(`--${what} ${where}: expected a JSON array of non-empty strings`)
    return ids
  }
  const ids = trimmed
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
  if (ids.length === 0) throw new ConfigError(`--${what} ${where}: no ids in it`)
  return ids
}

/**
 * `at line L, column C (<what the parser says>)`. The parser names the position (`at position N`),
 * or only the token (`Unexpected token '}', "…" is not valid JSON`), or the end of the input; its
 * message is not repeated whole, since it can quote the file.
 */
const jsonPosition = (text: string, error: Error): string => {
  const reported = /at position (\d+)/.exec(error.message)?.[1]
  const token = /^Unexpected token '(.)'/.exec(error.message)?.[1]
  const offset =
    reported !== undefined
      ? Number(reported)
      : token !== undefined && text.includes(token)
        ? text.indexOf(token)
        : text.trimEnd().length
  const lines = text.slice(0, offset).split('\n')
  const reason = (error.message.split(/ in JSON at position|, "/)[0] ?? '').trim()
  return `at line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}${reason ? ` (${reason})` : ''}`
}

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
