/**
 * A child server of `npm run bench:http`: the compiled endpoint (dist/, built by the script) with
 * the options given as JSON in argv[2], or (`{"bare": true}`) a bare node:http server answering a
 * fixed JSON body — the HTTP stack's own limit. Prints `ready <port>` once listening, after
 * creating `preload` keys (64 at a time, so a state database commits them in groups). On SIGUSR2 a
 * server prints `loop <p99 ms> <max ms>`, its event loop's delay since the previous reading
 * (`perf_hooks.monitorEventLoopDelay`, 1 ms resolution), and starts a new reading.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { monitorEventLoopDelay } from 'node:perf_hooks'

interface ChildOptions {
  readonly bare?: boolean
  readonly stateFile?: string
  readonly profile?: string
  readonly preload?: number
  readonly poolSize?: number
}

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions
if (options.bare === true) {
  const body = JSON.stringify({ KeyMetadata: { KeyId: '00000000-0000-4000-8000-000000000000', KeyState: 'Enabled' } })
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': Buffer.byteLength(body) })
      res.end(body)
    })
  })
  server.listen(0, '127.0.0.1', () => process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`))
} else {
  // the compiled build, by path (a clean clone type-checks without one)
  const built: string = new URL('../dist/http.js', import.meta.url).href
  const { serve } = (await import(built)) as typeof import('../src/http.js')
  const server = await serve({
    port: 0, quiet: true,
    ...(options.stateFile !== undefined ? { stateFile: options.stateFile } : {}),
    ...(options.profile !== undefined ? { profile: options.profile as 'classic' } : {}),
    // no background generation competing with the load (bench:http measures the request path)
    poolSize: options.poolSize ?? 0,
  })
  const preload = options.preload ?? 0
  // 64 calls in flight at a time, as 64 connections would make them: with thousands at once, every
  // one of them keeps its objects until its commit, they outlive young-generation collections, and
  // the old generation the reads are then measured on is full of the preload's garbage (which
  // slows each later scavenge by ≈0.4 ms, the whole of a p99 gap, until a full collection)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < preload) {
      next++
      await server.emulator.invoke('CreateKey', {})
    }
  }
  await Promise.all(Array.from({ length: 64 }, worker))
  // SIGUSR2: print the event loop's delay since the last reading (p99 and max, ms) and reset
  const loop = monitorEventLoopDelay({ resolution: 1 })
  loop.enable()
  process.on('SIGUSR2', () => {
    process.stdout.write(`loop ${loop.percentile(99) / 1e6} ${loop.max / 1e6}\n`)
    loop.reset()
  })
  process.stdout.write(`ready ${server.port}\n`)
  const stop = (): void => void server.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
