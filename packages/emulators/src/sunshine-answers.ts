/**
 * How Sunshine answers: its error body, and list answers paged by `page[size]` and
 * `page[after]` / `page[before]` with `meta` and `links`.
 *
 * @module
 */
import { cursorPage } from './cursor-page.js'
import type { EmulatorRequest, EmulatorResponse } from './server.js'

/** Sunshine's error answer: `{ errors: [{ code, title }] }`. */
export const sunshineError = (status: number, code: string, title: string): EmulatorResponse => ({
  status,
  body: { errors: [{ code, title }] },
})
export const ok = (body: unknown, status = 200): EmulatorResponse => ({ status, body })
const error = sunshineError

const pageSize = (request: EmulatorRequest): number | string => {
  const raw = request.query.get('page[size]')
  if (raw === null) return 25
  const size = Number(raw)
  return Number.isInteger(size) && size >= 1 && size <= 100 ? size : 'page[size] must be between 1 and 100'
}
const pageCursors = (request: EmulatorRequest): { after?: string; before?: string } | string => {
  const after = request.query.get('page[after]') ?? undefined
  const before = request.query.get('page[before]') ?? undefined
  if (after !== undefined && before !== undefined)
    return 'page[after] and page[before] cannot be used together'
  for (const cursor of [after, before])
    if (cursor !== undefined && cursor.length !== 24) return 'Invalid cursor'
  return { ...(after === undefined ? {} : { after }), ...(before === undefined ? {} : { before }) }
}
const listUrl = (request: EmulatorRequest) =>
  `${request.baseUrl}/${request.segments.map(encodeURIComponent).join('/')}`
/**
 * A list answer `{ [name]: items, meta, links }` for the page the request asks for (`page[size]`
 * unless the size is fixed, `page[after]` / `page[before]`), or the vendor's 400 for bad ones.
 */
export const listAnswer = <T>(
  request: EmulatorRequest,
  name: string,
  items: readonly T[],
  idOf: (item: T) => string,
  toJson: (item: T) => unknown,
  fixed: { readonly size?: number; readonly startAtEnd?: boolean } = {},
): EmulatorResponse => {
  const size = fixed.size ?? pageSize(request)
  const cursors = pageCursors(request)
  if (typeof size === 'string') return error(400, 'bad_request', size)
  if (typeof cursors === 'string') return error(400, 'bad_request', cursors)
  const page = cursorPage({
    items,
    idOf,
    size,
    startAtEnd: fixed.startAtEnd ?? false,
    url: listUrl(request),
    ...cursors,
  })
  return ok({ [name]: page.items.map(toJson), meta: page.meta, links: page.links })
}
