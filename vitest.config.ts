import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// Tests import packages by their public names; these aliases point them at the sources so a test
// run never depends on a stale build (the smoke test checks the built output separately).
const alias = {
  '@colloquy/core/memory': source('./packages/core/src/memory/index.ts'),
  '@colloquy/core/testing': source('./packages/core/src/testing/index.ts'),
  '@colloquy/core/fuzz': source('./packages/core/src/testing/fuzz.ts'),
  '@colloquy/core': source('./packages/core/src/index.ts'),
  '@colloquy/http': source('./packages/http/src/index.ts'),
  '@colloquy/adapter-kit': source('./packages/adapter-kit/src/index.ts'),
  '@colloquy/emulators': source('./packages/emulators/src/index.ts'),
  '@colloquy/sunshine-adapter': source('./packages/sunshine-adapter/src/index.ts'),
  '@colloquy/smooch-v1-adapter': source('./packages/smooch-v1-adapter/src/index.ts'),
  '@colloquy/ultracart-adapter': source('./packages/ultracart-adapter/src/index.ts'),
  '@colloquy/migrate': source('./packages/migrate/src/index.ts'),
  '@colloquy/cli': source('./packages/cli/src/index.ts'),
  '@colloquy/postgres': source('./packages/postgres/src/index.ts'),
}

// Projects whose tests need a real PostgreSQL server: one is started for the whole run.
const needsPostgres = new Set(['postgres', 'cli'])

export default defineConfig({
  test: {
    // One project per package folder with sources, so a new package is never left out
    // (packages/runtimes only holds runtime binaries).
    projects: readdirSync(source('./packages/'))
      .filter((name) => existsSync(source(`./packages/${name}/src`)))
      .map((name) => ({
        resolve: { alias },
        test: {
          name,
          root: `packages/${name}`,
          include: ['src/**/*.test.ts'],
          // A safety net, not a measure: tests that spawn CLIs and emulators take ~10 s on two busy
          // cores and must not time out on a busier one.
          testTimeout: 60_000,
          ...(needsPostgres.has(name)
            ? { globalSetup: [source('./packages/postgres/src/test-support/global-setup.ts')] }
            : {}),
        },
      })),
  },
})
