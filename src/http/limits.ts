/**
 * The endpoint's bounds, so that no client — slow, idle or many — can take its memory, its file
 * descriptors or its time: a limit on connections open at once, and timeouts of seconds for a
 * request's headers, for the whole request (its body included) and for an idle keep-alive
 * connection. Every refusal is an AWS-shaped answer (`./refusals.ts`): a connection over the limit
 * gets `ThrottlingException` and is closed, and none of its requests is run (SDKs retry the
 * throttling: a request that ran anyway would run twice, e.g. make two keys), a request that does not arrive in time gets
 * `RequestTimeoutException` (408, from the listener's `clientError`), and `CONNECT`, which Node
 * would otherwise close without a word, gets `UnknownOperationException` (405). The cap on body
 * bytes held across requests is the listener's (`maxBufferedBytes`).
 *
 * @module
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, Server } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { AMZ_JSON_1_1 } from '../protocol/wire.js'
import { refusal, type RenderedRefusal } from './refusals.js'

/**
 * Bounds of {@link serve}; all optional, defaults in {@link DEFAULT_LIMITS}.
 * @since 0.2.0
 */
export interface ServerLimits {
  /** Connections open at once; one more is answered `ThrottlingException` and closed. */
  readonly maxConnections?: number
  /** Milliseconds to receive a request's headers. */
  readonly headersTimeoutMs?: number
  /** Milliseconds to receive a whole request, body included. */
  readonly requestTimeoutMs?: number
  /** Milliseconds a keep-alive connection may stay idle between requests. */
  readonly idleTimeoutMs?: number
}

/**
 * The default bounds: 1,024 connections, 10 s for headers, 30 s for a whole request, 5 s idle.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { DEFAULT_LIMITS } from 'kms-key-import/http'
 * assert.deepEqual(DEFAULT_LIMITS, { maxConnections: 1024, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, idleTimeoutMs: 5_000 })
 * ```
 * @since 0.2.0
 */
export const DEFAULT_LIMITS: Required<ServerLimits> = Object.freeze({ maxConnections: 1024, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, idleTimeoutMs: 5_000 })

/**
 * The options of `http.createServer` that enforce the timeouts (checked every 250 ms, so a
 * timeout fires within a quarter second of its due time, not Node's default 30 s).
 * @param limits - the bounds
 * @returns server options
 * @since 0.2.0
 */
export const serverOptionsFor = (limits: ServerLimits): {
  /** See `http.createServer`. */
  readonly headersTimeout: number
  /** See `http.createServer`. */
  readonly requestTimeout: number
  /** See `http.createServer`. */
  readonly keepAliveTimeout: number
  /** See `http.createServer`. */
  readonly connectionsCheckingInterval: number
  /** See `http.createServer`: the listener answers a missing `Host` itself, in AWS's shape. */
  readonly requireHostHeader: boolean
} => {
  const l: Required<ServerLimits> = {
    maxConnections: limits.maxConnections ?? DEFAULT_LIMITS.maxConnections,
    headersTimeoutMs: limits.headersTimeoutMs ?? DEFAULT_LIMITS.headersTimeoutMs,
    requestTimeoutMs: limits.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs,
    idleTimeoutMs: limits.idleTimeoutMs ?? DEFAULT_LIMITS.idleTimeoutMs,
  }
  for (const [name, v] of Object.entries(l)) if (!Number.isSafeInteger(v) || v <= 0) throw new RangeError(`${name} must be a positive integer`)
  return {
    headersTimeout: Math.min(l.headersTimeoutMs, l.requestTimeoutMs),
    requestTimeout: l.requestTimeoutMs,
    keepAliveTimeout: l.idleTimeoutMs,
    connectionsCheckingInterval: 250,
    requireHostHeader: false,
  }
}

const rawAnswer = (socket: Duplex, r: RenderedRefusal, extra: readonly string[] = []): void => {
  const body = JSON.stringify({ __type: r.type, message: r.message })
  const head = [
    `HTTP/1.1 ${r.status} ${r.status === 405 ? 'Method Not Allowed' : 'Bad Request'}`,
    `Content-Type: ${AMZ_JSON_1_1}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `x-amzn-RequestId: ${randomUUID()}`,
    ...extra,
    'Connection: close',
  ].join('\r\n')
  socket.on('error', () => undefined)
  socket.end(`${head}\r\n\r\n${body}`)
  // a client that never reads its answer does not keep the socket
  setTimeout(() => socket.destroy(), 1000).unref()
}

/**
 * The connections refused for being over the limit. Node's HTTP parser reads them anyway, until
 * they close: the requests it finds there are answered already (the refusal) and are not run.
 */
const refused = new WeakSet<Duplex>()

/**
 * Whether a connection was refused for being over the limit of {@link applyLimits}: its client
 * has its answer, `ThrottlingException`, and none of its requests may be run. The request
 * listener (`createRequestListener`) asks this of every request before it reads it.
 * @param socket - a request's socket
 * @returns true for a refused connection
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createServer } from 'node:http'
 * import { connect, type AddressInfo } from 'node:net'
 * import { applyLimits, isRefusedConnection } from 'kms-key-import/http'
 * let served = 0
 * const server = createServer((req, res) => {
 *   if (isRefusedConnection(req.socket)) return // answered already: ThrottlingException
 *   served++
 *   res.end('{}')
 * })
 * applyLimits(server, { maxConnections: 1 })
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const { port } = server.address() as AddressInfo
 * const held = connect(port, '127.0.0.1') // the one connection allowed
 * await new Promise((resolve) => held.once('connect', resolve))
 * const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' })
 * assert.equal(res.status, 400)
 * assert.equal(((await res.json()) as { __type: string }).__type, 'ThrottlingException')
 * assert.equal(served, 0)
 * held.destroy()
 * server.closeAllConnections()
 * await new Promise((resolve) => server.close(resolve))
 * ```
 * @since 0.2.0
 */
export const isRefusedConnection = (socket: Duplex): boolean => refused.has(socket)

/**
 * Installs the connection limit and the `CONNECT` answer on a server (the timeouts are set when
 * it is created, see {@link serverOptionsFor}). A connection over the limit is answered
 * `ThrottlingException` at once, before it is read, and closed; the listener of
 * `createRequestListener` runs none of the requests it carries (pipelined, or sent after the
 * answer) — a request handler of your own must ask {@link isRefusedConnection} itself.
 * @param server - the server
 * @param limits - the bounds
 * @returns the number of connections open now, for tests and logs
 * @since 0.2.0
 */
export const applyLimits = (server: Server, limits: ServerLimits): (() => number) => {
  const max = limits.maxConnections ?? DEFAULT_LIMITS.maxConnections
  if (!Number.isSafeInteger(max) || max <= 0) throw new RangeError('maxConnections must be a positive integer')
  let open = 0
  // past twice the limit, Node drops connections without reading them: a flood costs no answer
  server.maxConnections = 2 * max
  server.on('connection', (socket: Socket) => {
    open++
    socket.once('close', () => open--)
    if (open > max) {
      refused.add(socket)
      rawAnswer(socket, refusal('tooManyConnections', { limit: max }))
    }
  })
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    if (refused.has(socket)) socket.destroy() // answered already: the refusal
    else rawAnswer(socket, refusal('methodNotAllowed', { method: 'CONNECT' }), ['Allow: POST'])
  })
  return () => open
}
