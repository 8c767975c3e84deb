// A child process of counting-proxy.ts: the proxy runs alone here, so that arrivals are stamped
// when they arrive rather than when a busy test process gets round to them.
import { createServer, request } from 'node:http'

const target = new URL(process.argv[2])
const arrivals = []
const server = createServer((incoming, outgoing) => {
  arrivals.push(performance.now())
  const forwarded = request(
    {
      hostname: target.hostname,
      port: target.port,
      path: incoming.url,
      method: incoming.method,
      headers: incoming.headers,
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(outgoing)
    },
  )
  forwarded.on('error', () => outgoing.destroy())
  incoming.pipe(forwarded)
})
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }))
process.on('message', (message) => {
  if (message === 'reset') arrivals.length = 0
  if (message === 'arrivals') process.send({ arrivals })
})
process.on('disconnect', () => process.exit(0))
