/**
 * vitest global setup for projects that need PostgreSQL: one server for the whole run, its URL
 * provided to tests as `inject('postgresUrl')`.
 */
import type { TestProject } from 'vitest/node'
import { startTestPostgres } from '../../../../scripts/embedded-postgres.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestPostgres()
  project.provide('postgresUrl', server.url)
  return () => server.stop()
}
