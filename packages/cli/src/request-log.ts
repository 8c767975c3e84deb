/**
 * What `colloquy` notes about an adapter's requests: each one on stderr with `--verbose`, and the
 * last one that failed, so an error can name the URL.
 *
 * @module
 */
import type { SunshineAdapterConfig } from '@colloquy/sunshine-adapter'

type Hooks = NonNullable<SunshineAdapterConfig['hooks']>

/** An adapter's request log: the transport hooks to give it, and its last failure. */
export interface RequestLog {
  readonly hooks: Hooks
  /** `<status> at <METHOD> <url>` (or the error) of the last request that failed; URLs are redacted by the transport. */
  readonly lastFailure: () => string | undefined
  /** Requests answered or failed so far (a sync spends a vendor's budget by it). */
  readonly count: () => number
}

const pathOf = (url: string) => {
  try {
    const parsed = new URL(url)
    return `${parsed.pathname}${parsed.search}`
  } catch {
    return url
  }
}

/** Hooks that note failures and, when `verbose`, write one line per answered request to `err`. */
export const createRequestLog = (options: {
  readonly verbose: boolean
  readonly err: NodeJS.WritableStream
}): RequestLog => {
  let lastFailure: string | undefined
  let count = 0
  return {
    hooks: {
      onResponse: (event) => {
        count++
        if (options.verbose)
          options.err.write(
            `colloquy: ${event.provider} ${event.method} ${pathOf(event.url)} ${event.status} ${Math.round(event.durationMs)} ms\n`,
          )
        if (event.status >= 400) lastFailure = `${event.status} at ${event.method} ${event.url}`
      },
      onError: (event) => {
        if (options.verbose)
          options.err.write(
            `colloquy: ${event.provider} ${event.method} ${pathOf(event.url)} failed (${event.error._tag}) ${Math.round(event.durationMs)} ms\n`,
          )
        // A refusal was noted with its status already; only an unanswered request is new here.
        if (event.error._tag === 'Network') {
          count++
          lastFailure = `no answer from ${event.method} ${event.url}`
        }
      },
    },
    lastFailure: () => lastFailure,
    count: () => count,
  }
}
