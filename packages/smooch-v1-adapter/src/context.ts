/**
 * What every port of the Smooch adapter shares: the kit's adapter context, with paths below
 * `/{apiVersion}/apps/{appId}`.
 *
 * @module
 */
import { type AdapterContext, createAdapterContext } from '@colloquy/adapter-kit'
import type { HttpClient } from '@colloquy/http'

export type SmoochV1Context = AdapterContext

export const createContext = (
  provider: string,
  client: HttpClient,
  apiVersion: 'v1' | 'v1.1',
  appId: string,
): SmoochV1Context => createAdapterContext({ provider, client, root: [apiVersion, 'apps', appId] })
