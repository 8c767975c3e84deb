/**
 * ky and p-queue are loaded when the first request is sent, not when the package is imported: an
 * app (or a serverless function) that only parses webhooks never pays for the HTTP stack. Each
 * module is imported once per process; a failed import is not cached, so the next request retries.
 *
 * @module
 */

/** The ky module, as `import('ky')` gives it. */
export type KyModule = typeof import('ky')
/** p-queue's queue class. */
export type PQueueClass = typeof import('p-queue').default

const once = <A>(load: () => Promise<A>) => {
  let loading: Promise<A> | undefined
  let loaded: A | undefined
  return {
    load: (): Promise<A> =>
      (loading ??= load().then(
        (module) => {
          loaded = module
          return module
        },
        (error: unknown) => {
          loading = undefined
          throw error
        },
      )),
    /** The module once `load` has resolved; `undefined` before (nothing it defines exists yet then). */
    loaded: (): A | undefined => loaded,
  }
}

const kyModule = once((): Promise<KyModule> => import('ky'))
const pQueueModule = once(async (): Promise<PQueueClass> => (await import('p-queue')).default)

/** Imports ky (once). */
export const loadKy = kyModule.load
/** ky, if a request has loaded it: ky's error classes are only ever met after that. */
export const loadedKy = kyModule.loaded
/** Imports p-queue (once). */
export const loadPQueue = pQueueModule.load
