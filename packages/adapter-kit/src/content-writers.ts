/**
 * Core content into the shapes Sunshine v2 and Smooch v1 both take (the counterpart of
 * `content-readers.ts`): location and form fields.
 *
 * @module
 */
import type { FormField, LocationContent } from '@colloquy/core'
import { withoutUndefined } from './content-readers.js'

/** A location as the vendors take it: `coordinates {lat, long}` and an optional `location {name, address}`. */
export const writeLocation = (content: LocationContent) =>
  withoutUndefined({
    type: 'location' as const,
    coordinates: { lat: content.latitude, long: content.longitude },
    location:
      content.name === undefined && content.address === undefined
        ? undefined
        : withoutUndefined({ name: content.name, address: content.address }),
  })

/** Form fields as the vendors take them (a response's `value` is not sent: forms are asked, not answered). */
export const writeFormFields = (fields: readonly FormField[]) =>
  fields.map((field) =>
    withoutUndefined({
      type: field.type,
      name: field.name,
      label: field.label,
      placeholder: field.placeholder,
      options: field.options,
    }),
  )
