/**
 * A plain-fetch client for emulator tests that validates every JSON answer against the vendor's
 * schema for that operation and status (errors the operation does not document are checked
 * against the vendor's generic error schema), so no answer escapes validation.
 */
import { expect } from 'vitest'
import type { SpecValidator } from './spec-validator.js'

export interface SpecCall {
  readonly status: number
  readonly headers: Headers
  readonly body: unknown
}

export const specClient = (options: {
  readonly baseUrl: string
  readonly validator: SpecValidator
  readonly authorization: () => Record<string, string>
  /** Validates an error answer that the operation does not document; empty when fine. */
  readonly validateUndocumentedError: (body: unknown) => string[]
}) => {
  const validated: string[] = []
  const call = async (
    method: string,
    template: string,
    params: Record<string, string> = {},
    init: { query?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<SpecCall> => {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''))
    const query = init.query ? `?${new URLSearchParams(init.query)}` : ''
    const response = await fetch(`${options.baseUrl}${path}${query}`, {
      method,
      headers: {
        ...options.authorization(),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    })
    const text = await response.text()
    const body = text === '' ? undefined : JSON.parse(text)
    if (body !== undefined) {
      let problems: string[]
      try {
        problems = options.validator.validate(method, template, response.status, body)
      } catch (error) {
        if (response.status < 400) throw error
        problems = options.validateUndocumentedError(body)
      }
      expect(problems, `${method} ${template} ${response.status} matches the vendor schema`).toEqual([])
      validated.push(`${method} ${template} ${response.status}`)
    }
    return { status: response.status, headers: response.headers, body }
  }
  return { call, validated: () => [...validated] }
}
