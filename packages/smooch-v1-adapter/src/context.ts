/**
 * What every port of the Smooch adapter shares.
 *
 * @module
 */
import { type ColloquyError, invalidRequest } from '@colloquy/core'
import type { HttpClient } from '@colloquy/http'
import * as TE from 'fp-ts/lib/TaskEither.js'

export interface SmoochContext {
  readonly client: HttpClient
  /** Path segments below the app's appUsers: `[apiVersion, 'apps', appId, 'appusers', ...]`. */
  readonly appUsers: (...segments: readonly string[]) => readonly string[]
}

export const createContext = (
  client: HttpClient,
  apiVersion: 'v1' | 'v1.1',
  appId: string,
): SmoochContext => ({
  client,
  appUsers: (...segments) => [apiVersion, 'apps', appId, 'appusers', ...segments],
})

/** A local refusal, before any request. */
export const refuse = (operation: string, message: string): TE.TaskEither<ColloquyError, never> =>
  TE.left(invalidRequest({ provider: 'smooch-v1', operation, message: `${operation}: ${message}` }))
