/**
 * `expectRight` / `expectLeft`: run a `TaskEither` inside a vitest test and unwrap the side you
 * expect, failing the test with a readable message otherwise. Each counts as an assertion.
 *
 * @module
 */
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { expect } from 'vitest'

/** A failure in one line: a `ColloquyError`'s tag and message, or the value as JSON. */
const describeFailure = (error: unknown): string => {
  if (typeof error === 'object' && error !== null && '_tag' in error) {
    const { _tag, message } = error as { _tag: unknown; message?: unknown }
    return `${String(_tag)}${typeof message === 'string' ? `: ${message}` : ''}`
  }
  try {
    return JSON.stringify(error) ?? String(error)
  } catch {
    return String(error)
  }
}

/**
 * Runs `task` and returns its value. A `Left` fails the test with the error's tag and message
 * (`expected a Right, got NotFound: conversations.get: 404 …`).
 *
 * @example
 * const page = await expectRight(adapter.messages.list({ conversationId }))
 */
export const expectRight = async <E, A>(task: TaskEither<E, A>): Promise<A> => {
  const result = await task()
  expect(
    result._tag,
    result._tag === 'Left' ? `expected a Right, got ${describeFailure(result.left)}` : undefined,
  ).toBe('Right')
  return (result as { readonly right: A }).right
}

/**
 * Runs `task` and returns its error. A `Right` fails the test; with `tag`, so does an error of
 * another tag (the message names both).
 *
 * @example
 * const error = await expectLeft(adapter.conversations.get({ conversationId: 'nope' }), 'NotFound')
 * expect(error).toMatchObject({ resource: 'conversation' })
 */
export const expectLeft = async <E, A>(
  task: TaskEither<E, A>,
  tag?: E extends { readonly _tag: infer T } ? T : never,
): Promise<E> => {
  const result = await task()
  expect(result._tag, 'expected a Left, got a Right').toBe('Left')
  const error = (result as { readonly left: E }).left
  if (tag !== undefined)
    expect(
      (error as { readonly _tag?: unknown })._tag,
      `expected ${String(tag)}, got ${describeFailure(error)}`,
    ).toBe(tag)
  return error
}
