/**
 * What the transport reports about its requests, through hooks, a logger and a diagnostics channel.
 * Every event is already redacted.
 *
 * @module
 */
import type * as DiagnosticsChannel from 'node:diagnostics_channel'
import type { ColloquyError } from '@colloquy/core'

/**
 * The `node:diagnostics_channel` name every transport publishes its {@link TransportEvent}s on,
 * where the runtime has the module (Node ≥ 20.16, Bun, Deno); elsewhere (workerd, browsers) the
 * hooks and the logger still get every event.
 */
export const transportChannelName = 'colloquy:http'

/** The fields every {@link TransportEvent} has. */
export interface TransportEventBase {
  readonly provider: string
  readonly operation: string
  readonly method: string
  /** Full URL, with credentials redacted. */
  readonly url: string
  /** 1 for the first attempt. */
  readonly attempt: number
}

/** A request, response, retry or final error, with credentials redacted. */
export type TransportEvent =
  | (TransportEventBase & { readonly type: 'request'; readonly headers: Readonly<Record<string, string>> })
  | (TransportEventBase & { readonly type: 'response'; readonly status: number; readonly durationMs: number })
  | (TransportEventBase & { readonly type: 'retry'; readonly reason: string })
  | (TransportEventBase & {
      readonly type: 'error'
      readonly error: ColloquyError
      readonly durationMs: number
    })

/** Callbacks for each kind of {@link TransportEvent}. A hook that throws is ignored. */
export interface TransportHooks {
  readonly onRequest?: (event: Extract<TransportEvent, { type: 'request' }>) => void
  readonly onResponse?: (event: Extract<TransportEvent, { type: 'response' }>) => void
  readonly onRetry?: (event: Extract<TransportEvent, { type: 'retry' }>) => void
  readonly onError?: (event: Extract<TransportEvent, { type: 'error' }>) => void
}

/** A logger such as `console` or pino: requests and responses at debug, retries and errors at warn. */
export interface TransportLogger {
  readonly debug: (message: string, event: TransportEvent) => void
  readonly warn: (message: string, event: TransportEvent) => void
}

// `process.getBuiltinModule` rather than an import: a static import of `node:*` fails to load on
// runtimes without it, and bundlers for edge runtimes refuse it; a top-level `await import(…)` would
// make this module async, which `require(esm)` cannot load.
const diagnosticsChannel = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:diagnostics_channel') as typeof DiagnosticsChannel | undefined
const transportChannel: Pick<DiagnosticsChannel.Channel, 'hasSubscribers' | 'publish'> | undefined =
  diagnosticsChannel?.channel(transportChannelName)

const describe = (event: TransportEvent): string => {
  const prefix = `${event.provider} ${event.operation} ${event.method} ${event.url}`
  switch (event.type) {
    case 'request':
      return `${prefix} attempt ${event.attempt}`
    case 'response':
      return `${prefix} -> ${event.status} in ${Math.round(event.durationMs)} ms`
    case 'retry':
      return `${prefix} retrying (attempt ${event.attempt}) after ${event.reason}`
    case 'error':
      return `${prefix} failed: ${event.error.message}`
  }
}

/** Delivers events to the hooks, the logger and the channel; observers can never break a request. */
export interface Emitter {
  /** Whether anyone listens, so callers can skip building (and redacting) events nobody reads. */
  readonly listening: () => boolean
  readonly emit: (event: TransportEvent) => void
}

export const createEmitter = (hooks: TransportHooks = {}, logger?: TransportLogger): Emitter => {
  const hooked = Object.values(hooks).some((hook) => typeof hook === 'function') || logger !== undefined
  const listening = () => hooked || transportChannel?.hasSubscribers === true
  const emit = (event: TransportEvent): void => {
    try {
      switch (event.type) {
        case 'request':
          hooks.onRequest?.(event)
          break
        case 'response':
          hooks.onResponse?.(event)
          break
        case 'retry':
          hooks.onRetry?.(event)
          break
        case 'error':
          hooks.onError?.(event)
          break
      }
    } catch {
      // An observer's failure is not the request's failure.
    }
    try {
      if (logger) {
        if (event.type === 'retry' || event.type === 'error') logger.warn(describe(event), event)
        else logger.debug(describe(event), event)
      }
    } catch {
      // As above.
    }
    if (transportChannel?.hasSubscribers) transportChannel.publish(event)
  }
  return { listening, emit }
}
