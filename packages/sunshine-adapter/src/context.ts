/**
 * What every port of the Sunshine adapter shares: the kit's adapter context, with paths below
 * `/v2/apps/{appId}`.
 *
 * @module
 */
import { type AdapterContext, createAdapterContext } from '@colloquy/adapter-kit'
import type { HttpClient } from '@colloquy/http'

export type SunshineContext = AdapterContext

export const createContext = (provider: string, client: HttpClient, appId: string): SunshineContext =>
  createAdapterContext({ provider, client, root: ['v2', 'apps', appId] })
