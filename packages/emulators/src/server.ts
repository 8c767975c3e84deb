/**
 * The loopback HTTP server every emulator runs on: routing, JSON bodies with a size limit, the
 * vendor's auth and error shapes (supplied by each emulator), a redacted request log, latency and
 * deterministic faults.
 *
 * @module
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createFaultInjector, type FaultCounts, type Faults } from './faults.js'

/** A request as a route handler sees it. */
export interface EmulatorRequest {
  readonly method: string
  /** Path below the emulator's base path, decoded segment by segment. */
  readonly segments: readonly string[]
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  readonly headers: IncomingHttpHeaders
  /** Parsed JSON body, `undefined` when there was none. */
  readonly body: unknown
  /** `http://127.0.0.1:port` + base path, for links in answers. */
  readonly baseUrl: string
}

/** What a handler answers. `body: undefined` sends an empty body. */
export interface EmulatorResponse {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

export type Handler = (request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>

/** One route: `'GET /v2/apps/:appId/conversations'`. */
export type Routes = Readonly<Record<string, Handler>>

/** One request as it arrived, credentials redacted. */
export interface LoggedRequest {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
  /** The status answered, or `'reset'` / `'stalled'` when no answer was sent. */
  readonly outcome: number | 'reset' | 'stalled'
  readonly receivedAt: Date
}

/** The vendor-specific parts of a server. */
export interface ServerSpec {
  readonly port?: number | undefined
  /** Path prefix of every route, e.g. `/rest/v2`; part of `url`. Default ''. */
  readonly basePath?: string
  readonly routes: Routes
  /** Returns the vendor's 401 answer when the request's credentials are not accepted. */
  readonly authenticate: (
    request: EmulatorRequest,
  ) => EmulatorResponse | undefined | Promise<EmulatorResponse | undefined>
  /** The vendor's error answer. */
  readonly error: (status: number, code: string, message: string) => EmulatorResponse
  /** Largest JSON body accepted; larger ones get 413. */
  readonly maxBodyBytes: number
  readonly faults?: Faults | undefined
  /** Requests kept in the log, oldest dropped first. Default 10,000. */
  readonly logCapacity?: number
}

/** A running server. */
export interface RunningServer {
  readonly url: string
  readonly requests: () => readonly LoggedRequest[]
  readonly clearRequests: () => void
  readonly setFaults: (faults: Faults) => void
  readonly faultCounts: () => FaultCounts
  readonly close: () => Promise<void>
}

const secretHeaders = new Set(['authorization', 'x-api-key', 'x-ultracart-simple-key', 'cookie'])
const maxLoggedBody = 4_096

const redactHeaders = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      secretHeaders.has(name) ? '[REDACTED]' : Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  )

const compile = (routes: Routes) =>
  Object.entries(routes).map(([key, handler]) => {
    const [method, pattern = ''] = key.split(' ')
    return { method, parts: pattern.split('/').filter(Boolean), handler }
  })

const match = (parts: readonly string[], segments: readonly string[]): Record<string, string> | undefined => {
  if (parts.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? ''
    if (part.startsWith(':')) params[part.slice(1)] = segment
    else if (part !== segment) return undefined
  }
  return params
}

const readBody = (request: IncomingMessage, limit: number): Promise<{ text: string; tooLarge: boolean }> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
    })
    request.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > limit }))
    request.on('error', reject)
  })

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Starts a server on 127.0.0.1 (port 0 unless given) that serves `spec.routes`. */
export const startServer = async (spec: ServerSpec): Promise<RunningServer> => {
  const basePath = spec.basePath ?? ''
  const baseParts = basePath.split('/').filter(Boolean)
  const routes = compile(spec.routes)
  const injector = createFaultInjector(spec.faults)
  const capacity = spec.logCapacity ?? 10_000
  let log: LoggedRequest[] = []
  const sockets = new Set<Socket>()
  const stalls = new Set<ReturnType<typeof setTimeout>>()
  let baseUrl = ''

  const send = (response: ServerResponse, answer: EmulatorResponse, truncate = false) => {
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body)
    const body = truncate ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : text
    response.writeHead(answer.status, {
      ...(answer.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'content-length': Buffer.byteLength(body),
      ...answer.headers,
    })
    response.end(body)
  }

  const handle = async (incoming: IncomingMessage, response: ServerResponse) => {
    const url = new URL(incoming.url ?? '/', 'http://emulator')
    const { text, tooLarge } = await readBody(incoming, spec.maxBodyBytes)
    let body: unknown
    let invalidJson = false
    if (text !== '' && !tooLarge) {
      try {
        body = JSON.parse(text)
      } catch {
        invalidJson = true
      }
    }
    const entry = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: redactHeaders(incoming.headers),
      body: body ?? (text.length > maxLoggedBody ? `${text.slice(0, maxLoggedBody)}…` : text || undefined),
      receivedAt: new Date(),
    }
    const record = (outcome: LoggedRequest['outcome']) => {
      log.push({ ...entry, outcome })
      // Trim in batches: copying the log on every request past capacity would dominate a load test.
      if (log.length > capacity + Math.ceil(capacity / 10)) log = log.slice(-capacity)
    }
    const answer = async (result: EmulatorResponse, truncate = false) => {
      const latency = injector.latency()
      if (latency > 0) await delay(latency)
      record(result.status)
      send(response, result, truncate)
    }

    const decision = injector.decide(Date.now())
    switch (decision.kind) {
      case 'reset':
        record('reset')
        incoming.socket.destroy()
        return
      case 'stall': {
        record('stalled')
        const timer = setTimeout(() => {
          stalls.delete(timer)
          incoming.socket.destroy()
        }, decision.ms)
        stalls.add(timer)
        return
      }
      case 'rateLimited':
        return answer({
          ...spec.error(429, 'too_many_requests', 'Rate limit exceeded'),
          headers: { 'retry-after': String(decision.retryAfterSeconds) },
        })
      case 'serverError':
        return answer(spec.error(decision.status, 'internal_server_error', 'Emulated server error'))
    }

    let segments: string[]
    try {
      segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
    } catch {
      return answer(spec.error(400, 'bad_request', 'Malformed path'))
    }
    const prefixMatches = baseParts.every((part, index) => segments[index] === part)
    const routeSegments = segments.slice(baseParts.length)
    const found = prefixMatches
      ? routes
          .filter((route) => route.method === entry.method)
          .map((route) => ({ route, params: match(route.parts, routeSegments) }))
          .find((candidate) => candidate.params !== undefined)
      : undefined
    const request: EmulatorRequest = {
      method: entry.method,
      segments: routeSegments,
      params: found?.params ?? {},
      query: url.searchParams,
      headers: incoming.headers,
      body,
      baseUrl,
    }
    const rejected = await spec.authenticate(request)
    if (rejected) return answer(rejected)
    if (!found) return answer(spec.error(404, 'not_found', `No route for ${entry.method} ${url.pathname}`))
    if (tooLarge)
      return answer(spec.error(413, 'payload_too_large', `Body exceeds ${spec.maxBodyBytes} bytes`))
    if (invalidJson) return answer(spec.error(400, 'bad_request', 'Body is not valid JSON'))

    const result = await found.route.handler(request)
    if (decision.kind === 'lostResponse') {
      record('reset')
      incoming.socket.destroy()
      return
    }
    return answer(result, decision.kind === 'malformed' && result.status < 300 && result.body !== undefined)
  }

  const server = createServer((incoming, response) => {
    handle(incoming, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, spec.error(500, 'internal_server_error', String(error)))
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(spec.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  baseUrl = `http://127.0.0.1:${port}${basePath}`

  return {
    url: baseUrl,
    requests: () => log.slice(-capacity),
    clearRequests: () => {
      log = []
    },
    setFaults: injector.set,
    faultCounts: injector.counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of stalls) clearTimeout(timer)
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
