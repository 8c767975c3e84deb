/**
 * @module
 */
import { CredentialError } from './failure-mapping.js'
import type { Redactor } from './redact.js'

/**
 * A credential given as a value, or as a function returning one (sync or async) that is called for
 * every request attempt, so rotated or per-tenant credentials are picked up without a new adapter.
 */
export type Credential<C> = C | (() => C | Promise<C>)

/** Resolves a {@link Credential} to its current value. */
export const resolveCredential = async <C>(credential: Credential<C>): Promise<C> =>
  typeof credential === 'function' ? await (credential as () => C | Promise<C>)() : credential

/**
 * The credential headers of one attempt: the credentials resolved (per attempt, for rotation) and
 * turned into headers by `authenticate`; both are remembered by the redactor as secrets. A
 * credential source or `authenticate` that throws becomes a {@link CredentialError} naming only
 * the error's class: its own message may hold secrets this client never saw.
 */
export const createAuthenticator =
  <C>(
    credentials: Credential<C>,
    authenticate: (credentials: C) => Record<string, string> | Promise<Record<string, string>>,
    redactor: Redactor,
  ) =>
  async (): Promise<Record<string, string>> => {
    let headers: Record<string, string>
    try {
      const resolved = await resolveCredential(credentials)
      redactor.remember(resolved)
      headers = await authenticate(resolved)
    } catch (error) {
      const name = error instanceof Error ? error.name : typeof error
      throw new CredentialError(`could not resolve credentials (the credential source threw ${name})`)
    }
    redactor.remember(headers)
    return headers
  }
