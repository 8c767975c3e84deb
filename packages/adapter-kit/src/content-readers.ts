/**
 * Lenient readers of the content shapes Sunshine v2 and Smooch v1 share (Sunshine's content model
 * descends from Smooch's): vendor action, item and form-field records into core values. They never
 * fail: entries that lack what core needs are left out.
 *
 * @module
 */
import { type Action, type ContentItem, type FormField, isRecord, type MessageContent } from '@colloquy/core'

type Json = Record<string, unknown>

/** A non-empty string, else `undefined` (vendors send `""` for "none", e.g. a postback's `uri`). */
export const optionalText = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined

/** A finite number, else `undefined`. */
export const optionalNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined

/** A copy without `undefined` fields, so models compare and print cleanly (a plain loop: this runs per message). */
export const withoutUndefined = <T extends object>(value: T): T => {
  const copy: Record<string, unknown> = {}
  for (const key in value) {
    const field = value[key]
    if (field !== undefined) copy[key] = field
  }
  return copy as T
}

const actionTypes = new Set<Action['type']>([
  'link',
  'postback',
  'reply',
  'buy',
  'webview',
  'locationRequest',
  'share',
])

/** Vendor actions → core actions; unknown action types are left out. `undefined` when none remain. */
export const readActions = (value: unknown): Action[] | undefined => {
  if (!Array.isArray(value)) return undefined
  const actions = value.filter(isRecord).flatMap((a): Action[] =>
    actionTypes.has(a.type as Action['type']) && typeof a.text === 'string'
      ? [
          withoutUndefined({
            type: a.type as Action['type'],
            text: a.text,
            uri: optionalText(a.uri),
            payload: optionalText(a.payload),
            amount: optionalNumber(a.amount),
            currency: optionalText(a.currency),
            iconUrl: optionalText(a.iconUrl),
            metadata: isRecord(a.metadata) ? a.metadata : undefined,
          }),
        ]
      : [],
  )
  return actions.length > 0 ? actions : undefined
}

/** Carousel or list items → core items; items without a title are left out. `undefined` when none remain. */
export const readContentItems = (value: unknown): ContentItem[] | undefined => {
  if (!Array.isArray(value)) return undefined
  const items = value.filter(isRecord).filter((item) => typeof item.title === 'string')
  return items.length === 0
    ? undefined
    : items.map((item) =>
        withoutUndefined({
          title: item.title as string,
          description: optionalText(item.description),
          mediaUrl: optionalText(item.mediaUrl),
          mediaType: optionalText(item.mediaType),
          actions: readActions(item.actions),
        }),
      )
}

const fieldTypes = new Set(['text', 'email', 'select'])

/** Form (or form response) fields → core fields, with a response's answer as `value`. */
export const readFormFields = (value: unknown): FormField[] | undefined => {
  if (!Array.isArray(value)) return undefined
  const fields = value
    .filter(isRecord)
    .filter(
      (f) => fieldTypes.has(f.type as string) && typeof f.name === 'string' && typeof f.label === 'string',
    )
  return fields.length === 0
    ? undefined
    : fields.map((f) =>
        withoutUndefined({
          type: f.type as FormField['type'],
          name: f.name as string,
          label: f.label as string,
          placeholder: optionalText(f.placeholder),
          options: Array.isArray(f.options)
            ? f.options
                .filter(isRecord)
                .map((o) => ({ name: String(o.name ?? ''), label: String(o.label ?? '') }))
            : undefined,
          // A form response carries the answer under the field's type (text / email / select).
          value:
            optionalText(f[f.type as string]) ??
            (Array.isArray(f.select) ? f.select.map(String).join(', ') : undefined),
        }),
      )
}

/**
 * The location, carousel, list, form and formResponse content the two vendors write alike, from a
 * message's (Smooch) or content's (Sunshine) fields; `undefined` when `type` is another one or a
 * field core needs is missing, so the adapter falls back to `unsupported`.
 */
export const readSharedContent = (type: string, fields: Json): MessageContent | undefined => {
  switch (type) {
    case 'location': {
      const coordinates = isRecord(fields.coordinates) ? fields.coordinates : {}
      const latitude = optionalNumber(coordinates.lat)
      const longitude = optionalNumber(coordinates.long)
      const place = isRecord(fields.location) ? fields.location : {}
      return latitude === undefined || longitude === undefined
        ? undefined
        : withoutUndefined<MessageContent>({
            type: 'location',
            latitude,
            longitude,
            name: optionalText(place.name),
            address: optionalText(place.address),
          })
    }
    case 'carousel':
    case 'list': {
      const items = readContentItems(fields.items)
      if (items === undefined) return undefined
      return type === 'carousel'
        ? { type, items }
        : withoutUndefined({ type, items, actions: readActions(fields.actions) })
    }
    case 'form':
    case 'formResponse': {
      const formFields = readFormFields(fields.fields)
      return formFields === undefined ? undefined : { type, fields: formFields }
    }
    default:
      return undefined
  }
}

/** A date from a vendor timestamp string, or `undefined` when absent or not a date. */
export const optionalDate = (value: string | null | undefined): Date | undefined => {
  if (!value) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}
