/**
 * Validates emulator answers against the vendor's own response schema for that operation and
 * status, straight from the spec files in `specs/` (OpenAPI 3.0 and Swagger 2.0), with ajv.
 */
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { generateSync } from 'json-schema-faker'
import { parse } from 'yaml'

type Json = Record<string, unknown>

export type SpecName = 'sunshine' | 'smooch-v1.1' | 'smooch-v1' | 'ultracart'

const files: Record<SpecName, string> = {
  sunshine: 'sunshine-v2.openapi.yaml',
  'smooch-v1.1': 'smooch-v1.1.swagger.json',
  'smooch-v1': 'smooch-v1.swagger.json',
  ultracart: 'ultracart-v2-conversation.reconstructed.openapi.json',
}

const load = (name: SpecName): Json => {
  const text = readFileSync(new URL(`../../specs/${files[name]}`, import.meta.url), 'utf8')
  return (files[name].endsWith('.yaml') ? parse(text) : JSON.parse(text)) as Json
}

const createAjv = () => {
  // OpenAPI schemas carry keywords JSON Schema does not know (example, discriminator, x-*): not strict.
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats.default(ajv)
  for (const format of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password'])
    ajv.addFormat(format, true)
  // UltraCart's own format name for its `*_dts` timestamps (ISO 8601 with an offset).
  ajv.addFormat('dateTime', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
  return ajv
}

/**
 * Nullability as ajv understands it: Swagger 2.0 `x-nullable` becomes OpenAPI's `nullable`, and a
 * `nullable` schema without `type` (a `$ref` or `allOf`, which ajv refuses) becomes `anyOf [it, null]`.
 */
const withNullable = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withNullable)
  if (typeof value !== 'object' || value === null) return value
  const copy: Json = {}
  for (const [key, inner] of Object.entries(value)) copy[key] = withNullable(inner)
  if (copy['x-nullable'] === true) copy.nullable = true
  const discriminator = copy.discriminator as
    | { propertyName?: string; mapping?: Record<string, string> }
    | undefined
  // Without a `mapping`, OpenAPI maps each `$ref`'s schema name to itself.
  const implicitMapping =
    discriminator?.propertyName && !discriminator.mapping && Array.isArray(copy.oneOf)
      ? Object.fromEntries(
          (copy.oneOf as Json[]).map((branch) => [
            String(branch.$ref).split('/').at(-1),
            String(branch.$ref),
          ]),
        )
      : undefined
  if (implicitMapping && (copy.oneOf as Json[]).every((branch) => typeof branch.$ref === 'string'))
    copy.discriminator = { ...discriminator, mapping: implicitMapping }
  if (
    discriminator?.propertyName &&
    (copy.discriminator as typeof discriminator).mapping &&
    Array.isArray(copy.oneOf)
  ) {
    // ajv cannot read a discriminator `mapping`; this is the same rule in plain JSON Schema.
    const { oneOf: _, discriminator: __, ...rest } = copy
    const name = discriminator.propertyName
    const mapping = (copy.discriminator as { mapping: Record<string, string> }).mapping
    return {
      ...rest,
      required: [name],
      properties: { [name]: { enum: Object.keys(mapping) } },
      allOf: Object.entries(mapping).map(([value, ref]) => ({
        if: { properties: { [name]: { const: value } }, required: [name] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's keyword, not a thenable
        then: { $ref: ref },
      })),
    }
  }
  if (copy.nullable === false) delete copy.nullable
  if (copy.nullable === true && copy.type === undefined) {
    const { nullable: _, ...schema } = copy
    return { anyOf: [schema, { type: 'null' }] }
  }
  return copy
}

/** How a sample fills in what the schema leaves open. */
export interface SampleOptions {
  /**
   * Fields a component schema (`components.schemas` / `definitions`, by name) should always
   * carry in the sample: what the vendor always sends though its schema marks nothing required
   * (ids, timestamps), and what the adapter therefore needs. Everything else stays optional.
   */
  readonly required?: Readonly<Record<string, readonly string[]>>
  /** Fields the answer itself should always carry (its schema may be inline, without a name). */
  readonly responseRequired?: readonly string[]
  /** Fields of a component schema fixed to one of the values the spec allows (e.g. `success: true`). */
  readonly constants?: Readonly<Record<string, Readonly<Record<string, unknown>>>>
}

export interface SpecValidator {
  /**
   * Validates `body` against the schema of `method path` (the spec's path template) for `status`.
   * Returns the ajv errors as readable lines; empty means valid. Throws when the spec has no JSON
   * schema for that answer, so a test can never validate against nothing by accident.
   */
  readonly validate: (method: string, path: string, status: number, body: unknown) => string[]
  /**
   * A body generated (json-schema-faker, seeded) from the schema of `method path` for `status`,
   * then checked with {@link SpecValidator.validate}: throws if it is not valid against the very
   * schema it came from, so a test can never decode something the spec does not describe.
   */
  readonly sample: (
    method: string,
    path: string,
    status: number,
    seed: number,
    options?: SampleOptions,
  ) => unknown
  /** The spec's `components.examples` (OpenAPI 3) by name. */
  readonly example: (name: string) => unknown
  /** A request-body example of an operation (inline or a `$ref` to `components.examples`). */
  readonly requestExample: (method: string, path: string, name: string) => unknown
}

/**
 * The spec as a sampler reads it: `nullable` beside a `type` becomes `anyOf [it, null]` too (ajv
 * reads OpenAPI's `nullable`, json-schema-faker does not), so samples hold the nulls the spec allows.
 */
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/
const forSampling = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(forSampling)
  if (typeof value !== 'object' || value === null) return value
  const copy: Json = {}
  for (const [key, inner] of Object.entries(value)) copy[key] = forSampling(inner)
  // A timestamp the spec describes only in prose and by example (Sunshine's `received`).
  if (
    copy.type === 'string' &&
    copy.format === undefined &&
    typeof copy.example === 'string' &&
    isoDateTime.test(copy.example)
  )
    copy.format = 'date-time'
  if (copy.nullable === true && typeof copy.type === 'string') {
    const { nullable: _, ...schema } = copy
    return { anyOf: [schema, { type: 'null' }] }
  }
  // A discriminator (made `if`/`then` by `withNullable`) as branches a sampler can pick from whole.
  const branches = copy.allOf as Json[] | undefined
  if (
    Array.isArray(branches) &&
    branches.length > 0 &&
    branches.every((branch) => branch.if && branch.then)
  ) {
    const { allOf: _, properties: __, ...rest } = copy
    return {
      ...rest,
      oneOf: branches.map((branch) => ({ allOf: [branch.then, branch.if] })),
    }
  }
  return copy
}

/** UltraCart's and Smooch v1's own `dateTime` format: ISO 8601 with a zone. */
const isoDateTimeSample = (random: { int: (min: number, max: number) => number }) => {
  const two = (value: number) => String(value).padStart(2, '0')
  return `${random.int(2000, 2030)}-${two(random.int(1, 12))}-${two(random.int(1, 28))}T${two(random.int(0, 23))}:${two(random.int(0, 59))}:${two(random.int(0, 59))}Z`
}

const nodeAt = (document: Json, pointer: string): Json =>
  pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<Json>((node, part) => node[part] as Json, document)

export const specValidator = (name: SpecName): SpecValidator => {
  const spec = withNullable(load(name)) as Json
  const sampling = forSampling(spec) as Json
  const ajv = createAjv()
  ajv.addSchema(spec, name)
  const cache = new Map<string, ValidateFunction>()
  const paths = spec.paths as Record<string, Record<string, Json>>

  const schemaPointer = (method: string, path: string, status: number): string => {
    const operation = paths[path]?.[method.toLowerCase()]
    if (!operation) throw new Error(`${name}: no operation ${method} ${path}`)
    const responses = operation.responses as Record<string, Json>
    let answer = responses[String(status)] ?? responses.default
    if (!answer) throw new Error(`${name}: ${method} ${path} documents no ${status} answer`)
    const escaped = path.replaceAll('~', '~0').replaceAll('/', '~1')
    const key = responses[String(status)] ? String(status) : 'default'
    let base = `${name}#/paths/${escaped}/${method.toLowerCase()}/responses/${key}`
    // A shared answer (`#/components/responses/Error400`): follow it.
    if (typeof answer.$ref === 'string') {
      base = `${name}${answer.$ref}`
      answer = answer.$ref
        .slice(2)
        .split('/')
        .reduce<Json>((node, part) => node[part] as Json, spec)
    }
    if ('schema' in answer) return `${base}/schema`
    const content = answer.content as Record<string, unknown> | undefined
    if (content?.['application/json']) return `${base}/content/application~1json/schema`
    throw new Error(`${name}: ${method} ${path} ${status} has no JSON schema`)
  }

  const example = (exampleName: string) =>
    ((spec.components as Json | undefined)?.examples as Record<string, Json> | undefined)?.[exampleName]
      ?.value

  const validate = (method: string, path: string, status: number, body: unknown) => {
    const pointer = schemaPointer(method, path, status)
    let check = cache.get(pointer)
    if (!check) {
      check = ajv.compile({ $ref: pointer })
      cache.set(pointer, check)
    }
    return check(body)
      ? []
      : (check.errors ?? []).map(
          (e) => `${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`,
        )
  }

  const roots = new Map<string, Json>()
  /** The response schema with the spec's components beside it, so local `$ref`s resolve. */
  const samplingRoot = (method: string, path: string, status: number, options: SampleOptions): Json => {
    const answer = nodeAt(sampling, schemaPointer(method, path, status).slice(name.length + 1))
    // Beside a `$ref`, `required` would be lost: add it as a second constraint.
    const schema = options.responseRequired
      ? { allOf: [answer, { required: options.responseRequired }] }
      : answer
    const components = structuredClone(sampling.components ?? {}) as Json
    const definitions = structuredClone(sampling.definitions ?? {}) as Json
    const schemas = (components.schemas ?? definitions) as Record<string, Json>
    for (const [schemaName, fields] of Object.entries(options.required ?? {})) {
      const target = schemas[schemaName]
      if (!target) throw new Error(`${name}: no component schema '${schemaName}'`)
      target.required = [...new Set([...((target.required as string[] | undefined) ?? []), ...fields])]
      // Always sent means sent with a value: an id is never empty.
      const properties = (target.properties ?? {}) as Record<string, Json>
      for (const field of fields)
        if (properties[field]?.type === 'string') properties[field] = { ...properties[field], minLength: 1 }
    }
    for (const [schemaName, fields] of Object.entries(options.constants ?? {})) {
      const target = schemas[schemaName]
      if (!target) throw new Error(`${name}: no component schema '${schemaName}'`)
      target.properties = {
        ...(target.properties as Json),
        ...Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, { const: value }])),
      }
      target.required = [
        ...new Set([...((target.required as string[] | undefined) ?? []), ...Object.keys(fields)]),
      ]
    }
    return { ...schema, components, definitions }
  }

  return {
    validate,
    sample: (method, path, status, seed, options = {}) => {
      const key = `${method} ${path} ${status} ${JSON.stringify(options)}`
      const root = roots.get(key) ?? samplingRoot(method, path, status, options)
      roots.set(key, root)
      const body = generateSync(root, {
        formats: { dateTime: isoDateTimeSample },
        seed,
        optionalsProbability: 0.7,
        minItems: 1,
        maxItems: 3,
        maxDepth: 10,
        // Message → quotedMessage → message… nests without end; the adapters never read quotes.
        pruneProperties: ['quotedMessage'],
      })
      const problems = validate(method, path, status, body)
      if (problems.length > 0)
        throw new Error(
          `${name}: the sample of ${method} ${path} ${status} (seed ${seed}) breaks its own schema: ${problems.join('; ')}`,
        )
      return body
    },
    example,
    requestExample: (method, path, exampleName) => {
      const body = paths[path]?.[method.toLowerCase()]?.requestBody as Json | undefined
      const examples = ((body?.content as Json | undefined)?.['application/json'] as Json | undefined)
        ?.examples as Record<string, Json> | undefined
      const found = examples?.[exampleName]
      if (!found) throw new Error(`${name}: ${method} ${path} has no request example '${exampleName}'`)
      return typeof found.$ref === 'string' ? example(found.$ref.split('/').at(-1) ?? '') : found.value
    },
  }
}

/** Validates a component schema (`components.schemas` or `definitions`) by name. */
export const schemaValidator = (name: SpecName, schema: string) => {
  const spec = withNullable(load(name)) as Json
  const ajv = createAjv()
  ajv.addSchema(spec, name)
  const pointer =
    'definitions' in spec ? `${name}#/definitions/${schema}` : `${name}#/components/schemas/${schema}`
  const validate = ajv.compile({ $ref: pointer })
  return (body: unknown): string[] =>
    validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}`)
}
