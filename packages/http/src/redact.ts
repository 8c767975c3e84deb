/**
 * Keeps credentials out of everything the transport produces: error messages, causes, bodies,
 * hook events and log lines.
 *
 * @module
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]'

/** Header names whose values are always secret, whatever they hold. */
const secretHeaderNames = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-ultracart-simple-key',
  'x-ultracart-browser-key',
  'cookie',
  'set-cookie',
])

// Short strings (an app id fragment, 'app') would redact ordinary words; real secrets are longer.
const minimumSecretLength = 6
// Rotating credentials add a secret per rotation; old ones stay redacted for a while, not forever.
const rememberedSecrets = 64

/** Collects secrets as they are resolved and scrubs them from strings and values. */
export interface Redactor {
  /** Remembers every string leaf of `value` (a credential object or a header value) as secret. */
  readonly remember: (value: unknown) => void
  /** `text` with every remembered secret replaced by `[REDACTED]`. */
  readonly text: (text: string) => string
  /** A copy of `headers` with secret header values and remembered secrets replaced. */
  readonly headers: (headers: Headers | Record<string, string>) => Record<string, string>
  /** A plain, credential-free description of an error, safe to serialise or inspect. */
  readonly cause: (error: unknown) => unknown
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export const createRedactor = (): Redactor => {
  const secrets = new Set<string>()
  let pattern: RegExp | undefined

  const add = (secret: string) => {
    if (secret.length < minimumSecretLength || secrets.has(secret)) return
    secrets.add(secret)
    if (secrets.size > rememberedSecrets) secrets.delete(secrets.values().next().value as string)
    // Longest first, so a secret containing another is replaced whole.
    const sorted = [...secrets].sort((a, b) => b.length - a.length).map(escapeRegExp)
    pattern = new RegExp(sorted.join('|'), 'g')
  }

  const remember = (value: unknown): void => {
    if (typeof value === 'string') {
      if (secrets.has(value)) return
      add(value)
      // "Bearer <token>" / "Basic <b64>": the bare token is secret too.
      const token = /^\s*\S+\s+(\S+)\s*$/.exec(value)?.[1]
      if (token) add(token)
    } else if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) remember(item)
    }
  }

  const text = (input: string) => (pattern === undefined ? input : input.replace(pattern, REDACTED))

  const headers = (input: Headers | Record<string, string>) => {
    const entries: [string, string][] = []
    if (input instanceof Headers) {
      input.forEach((value, name) => {
        entries.push([name, value])
      })
    } else entries.push(...Object.entries(input))
    return Object.fromEntries(
      entries.map(([name, value]) => [
        name,
        secretHeaderNames.has(name.toLowerCase()) ? REDACTED : text(value),
      ]),
    )
  }

  const cause = (error: unknown): unknown => {
    if (!(error instanceof Error)) {
      if (typeof error === 'string') return text(error)
      const code = (error as { code?: unknown } | null)?.code
      return typeof code === 'string' ? { code } : undefined
    }
    const code = (error as { code?: unknown }).code
    const inner = (error as { cause?: unknown }).cause
    return {
      name: error.name,
      message: text(error.message),
      ...(typeof code === 'string' ? { code } : {}),
      ...(inner === undefined ? {} : { cause: cause(inner) }),
    }
  }

  return { remember, text, headers, cause }
}
