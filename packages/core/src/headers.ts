/**
 * @module
 */
import type { InboundHeaders } from './ports.js'

/**
 * One header of an inbound request, matched case-insensitively, whether the headers come as a
 * plain object (Node, Express) or a `Headers` instance (fetch). Repeated headers give the first value.
 */
export const headerValue = (headers: InboundHeaders | undefined, name: string): string | undefined => {
  if (headers === undefined) return undefined
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined
  }
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(
    headers as Record<string, string | readonly string[] | undefined>,
  )) {
    if (key.toLowerCase() === wanted) return typeof value === 'string' ? value : value?.[0]
  }
  return undefined
}
