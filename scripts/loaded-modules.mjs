// For tests of the built packages: runs an ES module script in a fresh `node` and lists every
// module file it loaded, through a module loader hook (`module.register`, Node ≥ 20.6). Used to
// check what a cold start loads — e.g. that parsing a webhook never loads the HTTP stack.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const hooks = `
let port
export const initialize = (data) => { port = data.port }
export const load = (url, context, next) => { port.postMessage(url); return next(url, context) }
`

// The hook posts each URL before the module it loads is returned, so by the time the script's
// imports have resolved, every URL is already queued on the port: draining it is synchronous.
const harness = (script) => `
import { register } from 'node:module'
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads'
const { port1, port2 } = new MessageChannel()
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)}, import.meta.url, {
  data: { port: port2 },
  transferList: [port2],
})
const result = await (async () => {
${script}
})()
const modules = []
for (let message = receiveMessageOnPort(port1); message; message = receiveMessageOnPort(port1))
  if (message.message.startsWith('file:')) modules.push(message.message)
port1.close()
process.stdout.write(JSON.stringify({ result, modules }))
`

/**
 * Runs `script` (the body of an async function; its return value must be JSON) with `cwd` as the
 * folder packages resolve from. Resolves with what it returned and the `file:` URLs it loaded.
 */
export const loadedModules = async (cwd, script) => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', harness(script)],
    { cwd, encoding: 'utf8' },
  )
  return JSON.parse(stdout)
}
