import { ColloquyException, collect, notFound, type Page, paginate, walkPages } from '@colloquy/core'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, it } from 'vitest'

/** A list whose page at cursor `k` holds item `k` and points at `next(k)`. */
const pagesFrom =
  (next: (page: number) => number | undefined) =>
  (cursor?: string): TE.TaskEither<never, Page<number>> => {
    const page = cursor === undefined ? 0 : Number(cursor)
    const following = next(page)
    return TE.right(
      following === undefined ? { items: [page] } : { items: [page], nextCursor: String(following) },
    )
  }

const walk = async <A>(iterable: AsyncIterable<E.Either<unknown, Page<A>>>) => {
  const results: E.Either<unknown, Page<A>>[] = []
  for await (const result of iterable) results.push(result)
  return results
}

describe('walkPages', () => {
  it('yields every page in order and ends after the last', async () => {
    const results = await walk(walkPages(pagesFrom((page) => (page < 3 ? page + 1 : undefined))))
    expect(results).toEqual([0, 1, 2, 3].map((item) => E.right(expect.objectContaining({ items: [item] }))))
  })

  it('ends with the failed page as a value, without throwing', async () => {
    const error = notFound({ provider: 'memory', operation: 'messages.list', id: 'c' })
    const results = await walk(walkPages(() => TE.left(error)))
    expect(results).toEqual([E.left(error)])
  })

  it('ends a cycle of cursors with a Decode error naming the repeat and the page count', async () => {
    let requests = 0
    const cycling = (cursor?: string) => {
      requests++
      return pagesFrom((page) => (page + 1) % 3)(cursor)
    }
    const results = await walk(walkPages(cycling, { provider: 'hostile', operation: 'messages.list' }))
    // '0' is a cursor of its own (the first page had none); the walk stops when '1' comes back.
    expect(requests).toBe(4)
    expect(results.at(-1)).toEqual(
      E.left(
        expect.objectContaining({
          _tag: 'Decode',
          provider: 'hostile',
          operation: 'messages.list',
          message: "messages.list: paging repeated cursor '1' after 4 pages; the list would never end",
        }),
      ),
    )
    expect(results.slice(0, -1).every(E.isRight)).toBe(true)
  })

  it('ends a page that points at itself', async () => {
    const results = await walk(walkPages(pagesFrom((page) => (page === 0 ? 1 : page))))
    expect(results.at(-1)).toMatchObject({
      left: { _tag: 'Decode', message: expect.stringContaining("'1' after 2 pages") },
    })
  })

  it('ends a walk that never repeats but never ends, at maxPages', async () => {
    let requests = 0
    const endless = (cursor?: string) => {
      requests++
      return pagesFrom((page) => page + 1)(cursor)
    }
    const results = await walk(walkPages(endless, { maxPages: 50 }))
    expect(requests).toBe(50)
    expect(results.at(-1)).toMatchObject({
      left: {
        _tag: 'Decode',
        operation: 'paginate',
        message: 'paginate: paging went past 50 pages without reaching the end',
      },
    })
  })

  it('shortens a long cursor in the message', async () => {
    const long = 'x'.repeat(500)
    const results = await walk(walkPages(() => TE.right({ items: [], nextCursor: long })))
    const last = results.at(-1)
    expect(last && E.isLeft(last) && (last.left as { message: string }).message.length).toBeLessThan(150)
  })
})

describe('paginate', () => {
  it('throws the ColloquyException of a failed page', async () => {
    const failing = () => TE.left(notFound({ provider: 'memory', operation: 'messages.list', id: 'c' }))
    await expect(collect(paginate(failing))).rejects.toBeInstanceOf(ColloquyException)
  })

  it('throws a tagged Decode error, not a plain Error, for an adapter that hands back its cursor', async () => {
    const stuck = (cursor?: string): TE.TaskEither<never, Page<number>> =>
      TE.right({ items: [1], nextCursor: cursor ?? 'same' })
    const thrown = await collect(paginate(stuck)).catch((error: unknown) => error)
    expect(thrown).toBeInstanceOf(ColloquyException)
    expect((thrown as ColloquyException).error).toMatchObject({
      _tag: 'Decode',
      message: "paginate: paging repeated cursor 'same' after 2 pages; the list would never end",
    })
  })
})
