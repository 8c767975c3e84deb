import { fork } from 'node:child_process'

/**
 * A proxy in front of an emulator that records when each request arrived, so a test can count
 * the requests that fell into any window — the vendor's view of a rate limit. It runs in a process
 * of its own, as a vendor would, so a busy test process cannot bunch the arrival times.
 */
export const startCountingProxy = async (upstream: string) => {
  const target = new URL(upstream)
  const child = fork(new URL('./counting-proxy-process.mjs', import.meta.url), [upstream])
  const reply = <A>() =>
    new Promise<A>((resolve) => child.once('message', (message) => resolve(message as A)))
  const { port } = await reply<{ port: number }>()
  const arrivals = async () => {
    const answer = reply<{ arrivals: number[] }>()
    child.send('arrivals')
    return (await answer).arrivals
  }
  return {
    /** The emulator's URL with the proxy's host and port (same base path). */
    url: `http://127.0.0.1:${port}${target.pathname === '/' ? '' : target.pathname}`,
    /** Forgets the requests so far (e.g. the enqueuing run's own check of the target). */
    reset: () => {
      child.send('reset')
    },
    requests: async () => (await arrivals()).length,
    /** The most requests that arrived within any window of `ms` milliseconds. */
    maxInWindow: async (ms: number) => {
      const times = await arrivals()
      let most = 0
      let first = 0
      for (let last = 0; last < times.length; last++) {
        while ((times[last] as number) - (times[first] as number) >= ms) first++
        most = Math.max(most, last - first + 1)
      }
      return most
    },
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.disconnect()
      await exited
    },
  }
}
