/**
 * @module
 */

/**
 * A credential given as a value, or as a function returning one (sync or async) that is called for
 * every request attempt, so rotated or per-tenant credentials are picked up without a new adapter.
 */
export type Credential<C> = C | (() => C | Promise<C>)

/** Resolves a {@link Credential} to its current value. */
export const resolveCredential = async <C>(credential: Credential<C>): Promise<C> =>
  typeof credential === 'function' ? await (credential as () => C | Promise<C>)() : credential
