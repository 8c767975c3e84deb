import { inspect } from 'node:util'
import {
  ColloquyException,
  httpError,
  invalidRequest,
  isColloquyError,
  isRetryable,
  networkError,
  notFound,
  rateLimited,
  unsupported,
} from '@colloquy/core'
import { describe, expect, it } from 'vitest'

const at = { provider: 'memory', operation: 'messages.send' } as const

describe('errors', () => {
  it('builds tagged values with readable default messages', () => {
    expect(notFound({ ...at, resource: 'conversation', id: 'c1' })).toEqual({
      _tag: 'NotFound',
      ...at,
      resource: 'conversation',
      id: 'c1',
      message: "messages.send: conversation 'c1' not found",
    })
    expect(rateLimited({ ...at, retryAfterMs: 1500 }).message).toBe(
      'messages.send: rate limited, retry after 1500 ms',
    )
    expect(unsupported({ ...at, capability: 'messages.send' }).message).toContain('not supported by memory')
  })

  it('recognises its own errors only', () => {
    expect(isColloquyError(httpError({ ...at, status: 502 }))).toBe(true)
    expect(isColloquyError({ _tag: 'NotFound' })).toBe(false)
    expect(isColloquyError({ _tag: 'Other', operation: 'x', message: 'y' })).toBe(false)
    expect(isColloquyError(new Error('x'))).toBe(false)
  })

  it('calls transient failures retryable', () => {
    expect(isRetryable(rateLimited(at))).toBe(true)
    expect(isRetryable(networkError({ ...at, timedOut: true }))).toBe(true)
    expect(isRetryable(httpError({ ...at, status: 503 }))).toBe(true)
    expect(isRetryable(httpError({ ...at, status: 418 }))).toBe(false)
    expect(isRetryable(invalidRequest(at))).toBe(false)
  })

  it('wraps errors in a ColloquyException for Promise users', () => {
    const error = notFound({ ...at, id: 'x' })
    const exception = new ColloquyException(error)
    expect(exception).toBeInstanceOf(Error)
    expect(exception.error).toBe(error)
    expect(exception.message).toBe(error.message)
    expect(inspect(exception)).toContain('NotFound')
  })
})
