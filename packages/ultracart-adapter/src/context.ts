/**
 * What every port of the UltraCart adapter shares: the kit's adapter context, with paths below
 * `/conversation`, and the envelope check.
 *
 * @module
 */
import { type AdapterContext, createAdapterContext } from '@colloquy/adapter-kit'
import type { ColloquyError } from '@colloquy/core'
import type { HttpClient, HttpRequest, VendorFailure } from '@colloquy/http'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { ultraCartErrorDetails } from './client.js'
import type { UltraCartEnvelope } from './codecs.js'

export interface UltraCartContext extends AdapterContext {
  /**
   * A request whose answer is an UltraCart envelope: a 200 with `success: false` is an error, not
   * data (its `error_code`, when an HTTP status, picks the tag).
   */
  readonly enveloped: <A extends UltraCartEnvelope>(
    request: HttpRequest<A>,
  ) => TE.TaskEither<ColloquyError, A>
}

/**
 * The failure an envelope with `success: false` reports: its `error_code`, when an HTTP status,
 * picks the tag; otherwise it is `Http` with the answer's own status. The transport adds the
 * response's evidence and redacts the vendor's words.
 */
const envelopeFailure = (body: UltraCartEnvelope): VendorFailure | undefined => {
  if (body.success !== false) return undefined
  const details = ultraCartErrorDetails(body) ?? {}
  const status = Number(details.code)
  return Number.isInteger(status) && status >= 400 && status < 600 ? { status, details } : { details }
}

export const createContext = (provider: string, client: HttpClient): UltraCartContext => ({
  ...createAdapterContext({ provider, client, root: ['conversation'] }),
  enveloped: (request) => client.request({ ...request, vendorFailure: envelopeFailure }),
})
