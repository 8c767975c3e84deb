// `pnpm test:runtimes`: runs scripts/runtime-check.mjs, unchanged, on every server runtime colloquy
// supports — the Node running this script (20 here), Node 22 and 24, Bun, Deno and Cloudflare's
// workerd, all installed from the npm registry by the private packages/runtimes — against the
// vendor emulators this script starts on loopback. Needs `pnpm build` first (it uses dist/).
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSmoochV1Emulator, startSunshineEmulator, startUltraCartEmulator } from '@colloquy/emulators'
import { build } from 'esbuild'
import { smoochReadWebhook } from './runtime-check.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const checkScript = join(root, 'scripts/runtime-check.mjs')
const installed = join(root, 'packages/runtimes/node_modules')
// Runtime binaries are per platform; the project's machines (and CI) are linux-x64, where each
// one must be there. Elsewhere a missing one is reported and skipped.
const mustHaveAll = process.platform === 'linux' && process.arch === 'x64'
const runLimitMs = 120_000

/** Runs `command` to its end (or `runLimitMs`), collecting its output. */
const execute = (command, args, env) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    const limit = setTimeout(() => child.kill('SIGKILL'), runLimitMs)
    child.on('error', (error) => {
      stderr += String(error)
    })
    child.on('close', (code) => {
      clearTimeout(limit)
      resolve({ code, stdout, stderr })
    })
  })

/** The report line a runtime printed, or a failure that says what it printed instead. */
const reportOf = ({ code, stdout, stderr }) => {
  const line = stdout
    .split('\n')
    .reverse()
    .find((text) => text.startsWith('{"runtime"'))
  if (line !== undefined) return JSON.parse(line)
  return { checks: [{ name: 'run', ok: false, detail: `exit ${code}\n${stdout}${stderr}`.trim() }] }
}

const commandRuntime = (name, command, args) => ({
  name,
  available: () => existsSync(command),
  run: (config) =>
    execute(command, [...args, checkScript], { COLLOQUY_RUNTIME_CHECK: JSON.stringify(config) }),
})

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

/** workerd serving the check, bundled by esbuild as a module worker; fetch reaches loopback too. */
const workerdRuntime = () => {
  const binary = join(installed, 'workerd/bin/workerd')
  return {
    name: 'workerd',
    available: () => existsSync(binary),
    run: async (config) => {
      const scratch = mkdtempSync(join(tmpdir(), 'colloquy-workerd-'))
      try {
        await build({
          entryPoints: [join(root, 'scripts/runtime-check.worker.mjs')],
          outfile: join(scratch, 'worker.mjs'),
          bundle: true,
          format: 'esm',
          platform: 'browser',
          conditions: ['workerd', 'worker', 'browser'],
          logLevel: 'error',
        })
        const port = await freePort()
        writeFileSync(
          join(scratch, 'config.capnp'),
          `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "check", worker = .worker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "check")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed "worker.mjs")],
  compatibilityDate = "2025-09-01",
  globalOutbound = "loopback",
);
`,
        )
        const server = spawn(binary, ['serve', join(scratch, 'config.capnp')], {
          stdio: ['ignore', 'ignore', 'pipe'],
        })
        let stderr = ''
        server.stderr.on('data', (chunk) => {
          stderr += chunk
        })
        try {
          // workerd says nothing when it listens: ask until it answers (bounded, not timed).
          for (let attempt = 1; ; attempt++) {
            try {
              const response = await fetch(`http://127.0.0.1:${port}/`, {
                method: 'POST',
                body: JSON.stringify(config),
              })
              const text = await response.text()
              return { code: 0, stdout: text, stderr }
            } catch (error) {
              if (attempt >= 400 || server.exitCode !== null)
                return { code: server.exitCode, stdout: '', stderr: `${stderr}${error}` }
              await new Promise((resolve) => setTimeout(resolve, 25))
            }
          }
        } finally {
          server.kill()
        }
      } finally {
        rmSync(scratch, { recursive: true, force: true })
      }
    },
  }
}

const allRuntimes = [
  commandRuntime(`node${process.versions.node.split('.')[0]}`, process.execPath, []),
  commandRuntime('node22', join(installed, 'node22/bin/node'), []),
  commandRuntime('node24', join(installed, 'node24/bin/node'), []),
  commandRuntime('bun', join(installed, 'bun/bin/bun.exe'), []),
  // The npm package's own binary (linked by its install script); no lockfile written into the repo.
  commandRuntime('deno', join(installed, 'deno/deno'), [
    'run',
    '--allow-all',
    '--no-lock',
    '--node-modules-dir=manual',
  ]),
  workerdRuntime(),
]

// COLLOQUY_RUNTIMES=bun,deno runs only those.
const only = process.env.COLLOQUY_RUNTIMES?.split(',')
const runtimes = allRuntimes.filter((runtime) => only === undefined || only.includes(runtime.name))

if (!existsSync(join(root, 'packages/core/dist/index.js'))) {
  console.error('runtime matrix: no dist/ — run `pnpm build` first')
  process.exit(1)
}

const started = performance.now()
const [sunshine, smooch, ultracart] = await Promise.all([
  startSunshineEmulator(),
  startSmoochV1Emulator(),
  startUltraCartEmulator(),
])
let failures = 0
try {
  const customer = { arn: 'arn:ultracart:DEMO:participant/jane', name: 'Jane' }
  ultracart.seed({
    conversations: [
      {
        participants: [customer],
        messages: [
          { authorArn: customer.arn, body: 'Is the blue one in stock?', messageEpoch: 1_735_689_600_000 },
          { authorArn: ultracart.agent.arn, body: 'Yes, 4 left.', messageEpoch: 1_735_689_660_000 },
        ],
      },
    ],
  })
  const config = {
    emulators: Object.fromEntries(
      Object.entries({ sunshine, smooch, ultracart }).map(([name, { url, credentials }]) => [
        name,
        { url, credentials },
      ]),
    ),
    smoochReadId: `conversation:read:${createHash('sha256').update(JSON.stringify(smoochReadWebhook)).digest('hex').slice(0, 24)}`,
  }
  for (const runtime of runtimes) {
    if (!runtime.available()) {
      const line = `${runtime.name}: not installed (packages/runtimes, ${process.platform}-${process.arch})`
      if (mustHaveAll) {
        console.error(`FAIL ${line}`)
        failures++
      } else console.log(`skip ${line}`)
      continue
    }
    const runStarted = performance.now()
    const report = reportOf(await runtime.run(config))
    const seconds = ((performance.now() - runStarted) / 1000).toFixed(1)
    const failed = report.checks.filter((check) => !check.ok)
    const summary = `${runtime.name.padEnd(8)} ${String(report.runtime ?? '?').padEnd(14)} ${report.checks.length - failed.length}/${report.checks.length} checks in ${seconds} s`
    if (failed.length === 0) console.log(`ok   ${summary}`)
    else {
      failures++
      console.error(`FAIL ${summary}`)
      for (const check of failed) console.error(`     ${check.name}: ${check.detail}`)
    }
    if (process.env.COLLOQUY_RUNTIME_VERBOSE)
      for (const check of report.checks)
        console.log(`       ${check.ok ? 'ok' : 'FAIL'} ${check.name}: ${check.detail}`)
  }
} finally {
  await Promise.all([sunshine.close(), smooch.close(), ultracart.close()])
}
const total = ((performance.now() - started) / 1000).toFixed(1)
console.log(
  `runtime matrix: ${runtimes.length - failures} of ${runtimes.length} runtimes green in ${total} s`,
)
process.exitCode = failures === 0 ? 0 : 1
