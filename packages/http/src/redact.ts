/**
 * Keeps credentials out of everything the transport produces: error messages, causes, bodies,
 * hook events and log lines, in every form a server may echo them (see `secret-pattern.ts`).
 *
 * @module
 */
import { secretsPattern } from './secret-pattern.js'

/** What replaces a secret. */
export const REDACTED = '[REDACTED]'

/** Header names whose values are always secret, whatever they hold. */
const secretHeaderNames = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-ultracart-simple-key',
  'x-ultracart-browser-key',
  'x-auth-token',
  'x-access-token',
  'api-key',
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
  /** `text` with every remembered secret (in any encoding) and every JWT replaced by `[REDACTED]`. */
  readonly text: (text: string) => string
  /** A copy of a plain value (an error, an event) with every string in it passed through `text`. */
  readonly value: <A>(value: A) => A
  /** A copy of `headers` with secret header values and remembered secrets replaced. */
  readonly headers: (headers: Headers | Record<string, string>) => Record<string, string>
  /** A plain, credential-free description of an error, safe to serialise or inspect. */
  readonly cause: (error: unknown) => unknown
}

// Plain values nest shallowly (an error, its cause chain, an event); deeper ones are cut off.
const maximumDepth = 12

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

const decodeBasic = (token: string): string | undefined => {
  try {
    const pair = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(token), (character) => character.charCodeAt(0)),
    )
    return pair.includes(':') ? pair : undefined
  } catch {
    return undefined
  }
}

/** A redactor that knows no secret yet (JWTs are redacted from the start). */
export const createRedactor = (): Redactor => {
  const secrets = new Set<string>()
  let pattern = secretsPattern(secrets)

  const add = (secret: string) => {
    if (secret.length < minimumSecretLength || secrets.has(secret)) return
    secrets.add(secret)
    if (secrets.size > rememberedSecrets) secrets.delete(secrets.values().next().value as string)
    pattern = secretsPattern(secrets)
  }

  const remember = (value: unknown): void => {
    if (typeof value === 'string') {
      if (secrets.has(value)) return
      add(value)
      // "Bearer <token>" / "Basic <b64>": the bare token is secret too.
      const [, scheme, token] = /^\s*(\S+)\s+(\S+)\s*$/.exec(value) ?? []
      if (token) add(token)
      // The Basic pair itself, and its password, whichever way a server echoes them.
      if (token && scheme?.toLowerCase() === 'basic') {
        const pair = decodeBasic(token)
        if (pair !== undefined) {
          add(pair)
          add(pair.slice(pair.indexOf(':') + 1))
        }
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) remember(item)
    }
  }

  const text = (input: string) => input.replace(pattern, REDACTED)

  const deep = (input: unknown, depth: number): unknown => {
    if (typeof input === 'string') return text(input)
    if (depth >= maximumDepth) return undefined
    if (Array.isArray(input)) return input.map((item) => deep(item, depth + 1))
    if (!isPlainObject(input)) return input
    const copy: Record<string, unknown> = {}
    for (const key in input) copy[key] = deep(input[key], depth + 1)
    return copy
  }
  const value = <A>(input: A): A => deep(input, 0) as A

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

  return { remember, text, value, headers, cause }
}
