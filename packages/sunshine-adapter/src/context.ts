/**
 * What every port of the Sunshine adapter shares.
 *
 * @module
 */
import { type ColloquyError, invalidRequest } from '@colloquy/core'
import type { HttpClient } from '@colloquy/http'
import * as TE from 'fp-ts/lib/TaskEither.js'

export interface SunshineContext {
  readonly client: HttpClient
  /** Path segments below the app: `['v2', 'apps', appId, ...]`. */
  readonly path: (...segments: readonly string[]) => readonly string[]
}

export const createContext = (client: HttpClient, appId: string): SunshineContext => ({
  client,
  path: (...segments) => ['v2', 'apps', appId, ...segments],
})

/** A local refusal, before any request. */
export const refuse = (operation: string, message: string): TE.TaskEither<ColloquyError, never> =>
  TE.left(invalidRequest({ provider: 'sunshine', operation, message: `${operation}: ${message}` }))
