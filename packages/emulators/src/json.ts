/**
 * @module
 */

/** A JSON object as the vendors send and the emulators store it. */
export type JsonObject = Record<string, unknown>

/** Whether a request field holds a JSON object (not `null`, not an array). */
export const isRecord = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
