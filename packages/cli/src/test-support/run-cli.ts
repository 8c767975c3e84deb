import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The built command: tests run it as users do (`npm test` builds first). */
export const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url))

export interface CliResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Spawns the built command with only `PATH` and `env` in its environment. `line` resolves with
 * the first stdout line `until` accepts, written before the call or after it (or `undefined` once
 * the process ends without one); `output` is the stdout so far.
 */
export const runCli = (
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { readonly cwd?: string; readonly stdin?: string } = {},
) => {
  const child = spawn(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  })
  if (options.stdin !== undefined) child.stdin?.end(options.stdin)
  let stdout = ''
  let stderr = ''
  const watchers: { until: (line: string) => boolean; resolve: (line: string | undefined) => void }[] = []
  let partial = ''
  child.stdout?.on('data', (chunk) => {
    stdout += chunk
    partial += chunk
    const lines = partial.split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines)
      for (const watcher of [...watchers])
        if (watcher.until(line)) {
          watchers.splice(watchers.indexOf(watcher), 1)
          watcher.resolve(line)
        }
  })
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
  })
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => {
      for (const watcher of watchers.splice(0)) watcher.resolve(undefined)
      resolve({ code, signal, stdout, stderr })
    }),
  )
  let ended = false
  void done.then(() => {
    ended = true
  })
  const line = (until: (line: string) => boolean) => {
    const written = stdout.split('\n').slice(0, -1).find(until)
    if (written !== undefined || ended) return Promise.resolve(written)
    return new Promise<string | undefined>((resolve) => watchers.push({ until, resolve }))
  }
  return { child: child as ChildProcess, done, line, output: () => stdout }
}

/** A `--json` progress line that shows at least one message copied. */
export const copying = (line: string) => {
  try {
    const event = JSON.parse(line) as { type?: string; migrated?: number }
    return event.type === 'progress' && (event.migrated ?? 0) > 0
  } catch {
    return false
  }
}

/** The report of a `--json` run's last line. */
export const jsonReport = (stdout: string) =>
  JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}').report as {
    totals: Record<string, number>
    conversations: {
      sourceConversationId: string
      targetConversationId?: string
      status: string
      errors: { tag: string; message: string }[]
    }[]
    interrupted: boolean
  }
