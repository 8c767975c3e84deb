/**
 * Fuzzing helpers for adapters (needs fast-check): vendor payloads mutated the ways real vendors
 * and broken proxies mangle them, and the check that a parse result is always a model or a tagged
 * error — never a throw.
 *
 * @module
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import type { ColloquyError } from '../errors.js'
import { isColloquyError } from '../errors.js'
import type { Message } from '../model.js'

type Path = readonly (string | number)[]

const pathsOf = (value: unknown, path: Path = []): Path[] => {
  if (typeof value !== 'object' || value === null) return [path]
  const children = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value)
  return [path, ...children.flatMap(([key, child]) => pathsOf(child, [...path, key]))]
}

const deep = (depth: number): unknown => (depth === 0 ? 'bottom' : [deep(depth - 1)])

/** An enum value the vendor added after this code was written. */
export const unknownEnumValue: fc.Arbitrary<string> = fc
  .string({ minLength: 1, maxLength: 12 })
  .map((value) => `new:${value}`)

/** The ways a field can go wrong. */
const damage = fc.oneof(
  fc.constant({ kind: 'remove' as const }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'replace' as const, value })),
  fc
    .constantFrom('x'.repeat(100_000), '', '\u0000', '🙂'.repeat(1_000))
    .map((value) => ({ kind: 'replace' as const, value })),
  fc
    .constantFrom(deep(100), -1, 0, 1e308, true, null, [], {})
    .map((value) => ({ kind: 'replace' as const, value })),
  // An enum value the vendor added after this code was written.
  fc
    .string({ minLength: 1, maxLength: 12 })
    .map((value) => ({ kind: 'replace' as const, value: `new:${value}` })),
)

const mutate = (
  fixture: unknown,
  path: Path,
  change: { kind: 'remove' } | { kind: 'replace'; value: unknown },
): unknown => {
  if (path.length === 0) return change.kind === 'remove' ? undefined : change.value
  if (typeof fixture !== 'object' || fixture === null) return fixture
  const copy = structuredClone(fixture) as Record<string | number, unknown>
  let parent = copy
  for (const key of path.slice(0, -1)) {
    const child = parent[key]
    // An earlier change replaced this branch: the path leads nowhere any more.
    if (typeof child !== 'object' || child === null) return copy
    parent = child as Record<string | number, unknown>
  }
  const last = path.at(-1) as string | number
  if (change.kind === 'remove') {
    if (Array.isArray(parent)) parent.splice(last as number, 1)
    else delete parent[last]
  } else parent[last] = change.value
  return copy
}

/**
 * Variants of `fixture` with one to three fields removed, retyped, made huge or deeply nested, or
 * given unknown enum values.
 */
export const mutatedJson = (fixture: unknown): fc.Arbitrary<unknown> => {
  const paths = pathsOf(fixture)
  return fc
    .array(fc.tuple(fc.nat({ max: paths.length - 1 }), damage), { minLength: 1, maxLength: 3 })
    .map((changes) =>
      changes.reduce((value, [index, change]) => mutate(value, paths[index] ?? [], change), fixture),
    )
}

/** Any JSON at all, as text or as a value. */
export const anyBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.json({ maxDepth: 4 }),
  fc.string(),
)

type EventsResult = { _tag: 'Left'; left: ColloquyError } | { _tag: 'Right'; right: readonly unknown[] }

/**
 * Checks what an `events.parse` (or decode) answered: a list of well-formed events, or a tagged
 * error; a `Decode` error names at least one path.
 */
export const expectSafeEvents = (result: EventsResult) => {
  if (result._tag === 'Left') {
    expect(isColloquyError(result.left)).toBe(true)
    expect(['Decode', 'InvalidRequest', 'Unauthorized']).toContain(result.left._tag)
    if (result.left._tag === 'Decode') expect(result.left.issues.length).toBeGreaterThan(0)
    return
  }
  for (const event of result.right as { id: unknown; type: unknown; occurredAt: unknown; raw: unknown }[]) {
    expect(typeof event.id).toBe('string')
    expect(typeof event.type).toBe('string')
    expect(event.occurredAt instanceof Date && !Number.isNaN(event.occurredAt.getTime())).toBe(true)
    expect(event.raw).toBeDefined()
  }
}

/**
 * Runs `parse` (an adapter's `events.parse`, bound to its headers) `runs` times over any JSON and
 * `runs` times over mutations of each fixture, checking every answer with {@link expectSafeEvents}.
 */
export const checkEventsParse = async (
  parse: (body: unknown) => Promise<EventsResult>,
  fixtures: readonly unknown[],
  runs: number,
) => {
  await fc.assert(
    fc.asyncProperty(anyBody, async (body) => expectSafeEvents(await parse(body))),
    { numRuns: runs },
  )
  for (const fixture of fixtures) {
    await fc.assert(
      fc.asyncProperty(mutatedJson(fixture), async (body) => expectSafeEvents(await parse(body ?? {}))),
      { numRuns: runs },
    )
  }
}

/** `levels` objects nested one in the next (`{"a":{"a":…}}`) as text: 5,000 levels are about 30 KB. */
const nestedText = (levels: number) => `${'{"a":'.repeat(levels)}0${'}'.repeat(levels)}`

/**
 * Bodies made to crash a parser rather than to be read, each built on `fixture` (a valid body, as
 * a JSON object) so that only the hostile part is wrong: 5,000 levels of nesting under an unknown
 * key (30 KB of text, and the same pre-parsed), a circular pre-parsed body, a `BigInt`, and a
 * getter and a `toJSON` that throw. `events.parse` must answer each with a tagged error.
 */
export const hostileBodies = (
  fixture: Record<string, unknown>,
): readonly { name: string; body: unknown }[] => {
  const deepText = `${JSON.stringify(fixture).replace(/}$/, '')},"unknownKey":${nestedText(5_000)}}`
  const circular: Record<string, unknown> = structuredClone(fixture)
  circular.self = circular
  const trap = (key: string, property: PropertyDescriptor) =>
    Object.defineProperty(structuredClone(fixture), key, { enumerable: true, ...property })
  const thrower = () => {
    throw new Error('hostile body')
  }
  return [
    { name: '5,000 levels of nesting under an unknown key, as 30 KB of text', body: deepText },
    { name: 'the same, as bytes', body: new TextEncoder().encode(deepText) },
    { name: 'the same, pre-parsed', body: JSON.parse(deepText) },
    { name: 'a circular pre-parsed body', body: circular },
    { name: 'a pre-parsed body holding a BigInt', body: { ...fixture, unknownKey: 10n } },
    { name: 'a pre-parsed body with a getter that throws', body: trap('unknownKey', { get: thrower }) },
    { name: 'a pre-parsed body whose toJSON throws', body: trap('toJSON', { value: thrower }) },
  ]
}

/**
 * Runs `parse` over every {@link hostileBodies} variant of `fixture` and expects a tagged error
 * (`Left`) for each — not a throw, not a rejection, not events.
 */
export const expectHostileBodiesRejected = async (
  parse: (body: unknown) => Promise<EventsResult>,
  fixture: Record<string, unknown>,
) => {
  for (const { name, body } of hostileBodies(fixture)) {
    let result: EventsResult
    try {
      result = await parse(body)
    } catch (error) {
      throw new Error(`events.parse threw on ${name}: ${String(error)}`)
    }
    expect(result._tag, name).toBe('Left')
    expectSafeEvents(result)
  }
}

/**
 * Checks a page decode (`decodeWith(codec, body)`): a `Left` names at least one issue; a `Right`
 * maps, through `toMessages`, to messages with a valid `createdAt` and a content type.
 */
export const expectSafeMessages = <A>(
  decoded: { _tag: 'Left'; left: readonly string[] } | { _tag: 'Right'; right: A },
  toMessages: (page: A) => readonly Message[],
) => {
  if (decoded._tag === 'Left') {
    expect(decoded.left.length).toBeGreaterThan(0)
    return
  }
  for (const message of toMessages(decoded.right)) {
    expect(Number.isNaN(message.createdAt.getTime())).toBe(false)
    expect(message.content.type).toEqual(expect.any(String))
  }
}
