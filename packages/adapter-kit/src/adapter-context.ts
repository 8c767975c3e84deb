/**
 * What every port of a vendor adapter shares: the provider name (held here once), the transport,
 * the vendor's paths, local refusals and the cursors.
 *
 * @module
 */
import { type ColloquyError, invalidRequest, unsupported } from '@colloquy/core'
import type { HttpClient, HttpRequest } from '@colloquy/http'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { EmptyResponse } from './codecs.js'
import { createListCursor, createMessageCursor, type ListCursor, type MessageCursor } from './cursors.js'

/** The context a vendor adapter's ports are built with. */
export interface AdapterContext {
  /** The `provider` of every model and error the adapter makes. */
  readonly provider: string
  readonly client: HttpClient
  /**
   * A request whose answer is not read (a delete, an activity, a body-less 200): `void` on any
   * 2xx, the transport's errors otherwise.
   */
  readonly requestVoid: (request: Omit<HttpRequest<unknown>, 'codec'>) => TE.TaskEither<ColloquyError, void>
  /** Path segments below the vendor's root for this app, e.g. `path('conversations', id)`. */
  readonly path: (...segments: readonly string[]) => readonly string[]
  /** A refusal before any request: `InvalidRequest` with the message `<operation>: <message>`. */
  readonly refuse: (operation: string, message: string) => TE.TaskEither<ColloquyError, never>
  /**
   * What the vendor cannot do: `Unsupported` naming `operation` as the capability, with the
   * message `<operation>: <message>`.
   */
  readonly unsupported: (operation: string, message: string) => TE.TaskEither<ColloquyError, never>
  readonly messageCursor: MessageCursor
  readonly listCursor: ListCursor
}

/**
 * The context of an adapter named `provider` whose paths start with `root` (e.g.
 * `['v2', 'apps', appId]`).
 */
export const createAdapterContext = (options: {
  readonly provider: string
  readonly client: HttpClient
  readonly root: readonly string[]
}): AdapterContext => {
  const { provider, client, root } = options
  return {
    provider,
    client,
    requestVoid: (request) => pipe(client.request({ ...request, codec: EmptyResponse }), TE.asUnit),
    path: (...segments) => [...root, ...segments],
    refuse: (operation, message) =>
      TE.left(invalidRequest({ provider, operation, message: `${operation}: ${message}` })),
    unsupported: (operation, message) =>
      TE.left(
        unsupported({ provider, operation, capability: operation, message: `${operation}: ${message}` }),
      ),
    messageCursor: createMessageCursor(provider),
    listCursor: createListCursor(provider),
  }
}
