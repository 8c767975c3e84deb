import { execFile } from 'node:child_process'
import type { ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createGzip } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from './test-support/loopback.js'

// The probe imports the built package (`pnpm run build` first, as `npm test` does).
const probe = fileURLToPath(new URL('./test-support/memory-probe.mjs', import.meta.url))
const gibibyte = 1024 * 1024 * 1024
const mebibyte = 1024 * 1024
const chunk = Buffer.alloc(64 * 1024, 0x20)

/** Writes `total` bytes of `chunk`s into `sink` as fast as it drains, stopping when the peer goes. */
const stream = (sink: NodeJS.WritableStream, total: number, end: () => void, gone: () => boolean) => {
  let sent = 0
  const pump = () => {
    while (sent < total && !gone()) {
      sent += chunk.length
      if (!sink.write(chunk)) return void sink.once('drain', pump)
    }
    end()
  }
  pump()
}

const serve = (response: ServerResponse, status: number, headers: Record<string, string>, total: number) => {
  let gone = false
  response.on('close', () => {
    gone = true
  })
  response.writeHead(status, headers)
  stream(
    response,
    total,
    () => response.end(),
    () => gone,
  )
}

describe('response size limits (memory measured in a child process)', () => {
  let server: Awaited<ReturnType<typeof startServer>>
  beforeAll(async () => {
    server = await startServer((request, response) => {
      switch (request.url) {
        case '/small':
          return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
        case '/gzip-bomb': {
          // 1 GiB of spaces, about 1 MB gzipped, compressed only as fast as the client reads.
          let gone = false
          response.on('close', () => {
            gone = true
          })
          response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
          const gzip = createGzip()
          gzip.pipe(response)
          return stream(
            gzip,
            gibibyte,
            () => gzip.end(),
            () => gone,
          )
        }
        case '/plain-gibibyte':
          return serve(response, 200, { 'content-type': 'application/json' }, gibibyte)
        case '/declared-gibibyte':
          return serve(
            response,
            200,
            { 'content-type': 'application/json', 'content-length': String(gibibyte) },
            gibibyte,
          )
        case '/html-error-page':
          return serve(response, 500, { 'content-type': 'text/html' }, 400 * mebibyte)
        default:
          response.writeHead(404).end()
      }
    })
  })
  afterAll(() => server.close())

  const measure = async (path: string) => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', probe, server.url, path], {
      timeout: 120_000,
    })
    return JSON.parse(stdout) as {
      grewMiB: number
      tag: string
      status?: number
      message: string
      body?: string
    }
  }

  // Default limit 8 MiB; what the process may add on top of it for buffers, strings and GC slack.
  const ceilingMiB = 96

  it.each([
    ['a gzip bomb (1 GiB decompressed)', 'gzip-bomb'],
    ['a plain 1 GiB body without Content-Length', 'plain-gibibyte'],
    ['a 1 GiB body with Content-Length', 'declared-gibibyte'],
  ])('stops reading %s at maxResponseBytes, within the memory ceiling', async (_, path) => {
    const result = await measure(path)
    expect(result).toMatchObject({ tag: 'Http', status: 200 })
    expect(result.message).toContain('larger than maxResponseBytes (8 MiB)')
    expect(result.grewMiB).toBeLessThan(ceilingMiB)
  })

  it('reads a 400 MB error page only as far as the error keeps', async () => {
    const result = await measure('html-error-page')
    expect(result).toMatchObject({ tag: 'Http', status: 500 })
    expect(result.body).toMatch(/^ {2000}… \(truncated\)$/)
    // Far below the limit for 2xx bodies: an error body is not read past its excerpt.
    expect(result.grewMiB).toBeLessThan(ceilingMiB / 2)
  })
})
