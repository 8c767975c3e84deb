/**
 * The shape checks Sunshine's and Smooch's content validation share (Sunshine's content model
 * descends from Smooch's).
 *
 * @module
 */
import { isRecord } from './json.js'

/** `{ lat, long }`, both numbers. */
export const hasCoordinates = (value: unknown): boolean =>
  isRecord(value) && typeof value.lat === 'number' && typeof value.long === 'number'

/** An array with at least one element. */
export const isNonEmptyArray = (value: unknown): value is unknown[] =>
  Array.isArray(value) && value.length > 0

/** A non-empty array of items that each have a `title` (and an `actions` array, where asked). */
export const hasTitledItems = (value: unknown, withActions: boolean): value is Record<string, unknown>[] =>
  isNonEmptyArray(value) &&
  value.every(
    (item) =>
      isRecord(item) && typeof item.title === 'string' && (!withActions || Array.isArray(item.actions)),
  )
