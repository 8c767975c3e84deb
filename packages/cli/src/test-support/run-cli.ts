import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The built command: tests run it as users do (`npm test` builds first). */
export const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url))

/** Spawns the built command with only `PATH` and `env` in its environment. */
export const runCli = (args: readonly string[], env: NodeJS.ProcessEnv) => {
  const child = spawn(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const done = new Promise<{
    code: number | null
    signal: NodeJS.Signals | null
    stdout: string
    stderr: string
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
  return { child: child as ChildProcess, done }
}
