/**
 * The `node:http` request listener: AWS JSON 1.1 over HTTP in front of `Emulator.handle`.
 *
 * - `POST /` only; the operation comes from `X-Amz-Target`; the body must be
 *   `application/x-amz-json-1.1` or `application/json` (parameters ignored); answers are
 *   `application/x-amz-json-1.1` (or the seed's envelope, see {@link RequestListenerOptions.envelope}).
 * - Every answer carries `x-amzn-RequestId`, including the HTTP layer's own refusals
 *   (`./refusals.ts`).
 * - The Region of a request is the Region of the SigV4 credential scope of its `Authorization`
 *   header (`./region.ts`), else the emulator's: one endpoint serves every Region of its partition.
 * - Request signatures (`Authorization`, `X-Amz-Date`, `X-Amz-Security-Token`, SigV4 query
 *   parameters) are otherwise **ignored**: any credentials are accepted, none are checked. This is an
 *   emulator for tests and local development, not an access-control boundary; bind it to loopback.
 * - Nothing a client sends makes it throw: every failure is an AWS-shaped answer, or, when the
 *   client is gone, nothing.
 * - The answers of one event-loop turn are written together at its end (`setImmediate`): one
 *   wake-up of a waiting client per turn, not one per answer; answers on a connection keep their
 *   order.
 *
 * @module
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Emulator } from '../emulator/emulator.js'
import { AMZ_JSON_1_1, type WireResponse } from '../protocol/wire.js'
import { createByteBudget, declaredLength, discardBody, readBody } from './body.js'
import { toEnvelope } from './envelope.js'
import { isRefusedConnection } from './limits.js'
import { formatLogLine, stderrLog } from './log.js'
import { regionOfAuthorization } from './region.js'
import { contentTypeRefusal, printable, refusal, type RenderedRefusal } from './refusals.js'

/**
 * The default body limit: 1 MiB (KMS requests are a few KiB at most).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { DEFAULT_MAX_BODY_BYTES, serve } from 'kms-key-import/http'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * assert.equal(DEFAULT_MAX_BODY_BYTES, 1024 * 1024)
 * const server = await serve({ port: 0, quiet: true, maxBodyBytes: 64, crypto: createDeterministicProvider() })
 * const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.CreateKey' }
 * const res = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify({ Description: 'x'.repeat(100) }) })
 * assert.equal(res.status, 413)
 * await server.close()
 * ```
 * @since 0.1.0
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

/**
 * The default cap on request-body bytes held at once across requests: 64 MiB.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { DEFAULT_MAX_BUFFERED_BYTES } from 'kms-key-import/http'
 * assert.equal(DEFAULT_MAX_BUFFERED_BYTES, 64 * 1024 * 1024)
 * ```
 * @since 0.2.0
 */
export const DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024 * 1024

/**
 * Options of {@link createRequestListener}; all optional.
 * @since 0.1.0
 */
export interface RequestListenerOptions {
  /** No request log (default `false`: one line per request, see {@link RequestListenerOptions.log}). */
  readonly quiet?: boolean
  /**
   * Response format: `'kms'` (default) is AWS JSON 1.1, what KMS and the AWS SDKs speak. `'seed'`
   * wraps every answer in the seed document's envelope (`{"success", "data"}` /
   * `{"success", "error": {"code", "message"}}`, see `toEnvelope`), served as `application/json`
   * with the HTTP status unchanged. The envelope is the seed page's format, not KMS's: AWS SDKs
   * cannot read it.
   */
  readonly envelope?: 'kms' | 'seed'
  /** Largest request body accepted, bytes (default {@link DEFAULT_MAX_BODY_BYTES}); larger → 413. */
  readonly maxBodyBytes?: number
  /**
   * Most bytes of request bodies held at once across all requests, each from its first byte until
   * its request is answered (default {@link DEFAULT_MAX_BUFFERED_BYTES}); a body that would go over
   * is refused with `ThrottlingException`. @since 0.2.0
   */
  readonly maxBufferedBytes?: number
  /**
   * Where log lines go (default: standard error, one line each).
   * @param line - one line, without newline
   */
  readonly log?: (line: string) => void
}

/**
 * The request listener, with the two server events it also needs to answer every client.
 * @since 0.1.0
 */
export interface KmsRequestListener {
  /** Serves one request (`http.createServer(listener)`). */
  (req: IncomingMessage, res: ServerResponse): void
  /**
   * For `server.on('clientError', …)`: answers a request the HTTP parser refused (cut-off body,
   * malformed request line, headers too large, request timeout) with an AWS-style JSON error,
   * instead of Node's bare `400 Bad Request`.
   * @param error - the parser's error
   * @param socket - the client's socket
   */
  readonly clientError: (error: Error, socket: Duplex) => void
  /**
   * For `server.on('checkContinue', …)`: refuses a request that announces `Expect: 100-continue`
   * before its body is sent when it cannot succeed (wrong path, method, content type, or a
   * `Content-Length` over the limit); otherwise sends `100 Continue` and serves it.
   * @param req - the request
   * @param res - its response
   */
  readonly checkContinue: (req: IncomingMessage, res: ServerResponse) => void
  /**
   * From now on, every answer closes its connection (`Connection: close`): for a server that is
   * stopping, so that each keep-alive connection ends with the answer it is waiting for, instead of
   * staying open for more requests (`server.close()` closes only the connections idle at the time).
   * @since 0.2.0
   */
  readonly drain: () => void
  /**
   * Installs the listener and both handlers on a server.
   * @param server - an `http.Server`
   * @returns the server
   */
  readonly attach: (server: Server) => Server
}

/** One request and its response, as the listener tracks them. */
interface Exchange {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  /** The `x-amzn-RequestId` of the answer, once sent. */
  requestId: string | undefined
  /** True while the body is being read: a parser error then is this request's to answer. */
  waitingForBody: boolean
}

/** For the `error` events of requests and responses: what matters is reported by `close`. */
const ignore = (): void => undefined

/** An answer ready to write. */
interface Answer {
  readonly status: number
  readonly requestId: string
  readonly body: string
  readonly extraHeaders?: Readonly<Record<string, string>>
}

const fromWire = (wire: WireResponse): Answer => ({
  status: wire.status,
  requestId: wire.headers['x-amzn-requestid'] ?? randomUUID(),
  body: wire.body,
})

const fromRefusal = (r: RenderedRefusal, extraHeaders?: Readonly<Record<string, string>>): Answer => ({
  status: r.status,
  requestId: randomUUID(),
  body: JSON.stringify({ __type: r.type, message: r.message }),
  ...(extraHeaders !== undefined ? { extraHeaders } : {}),
})

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large', 500: 'Internal Server Error',
}

/** What the parser's error code means for the client (Node's `clientError` codes). */
const clientErrorRefusal = (code: string | undefined, inFlight: boolean): RenderedRefusal => {
  if (code === 'HPE_HEADER_OVERFLOW') return refusal('headersTooLarge')
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return refusal('requestTimeout')
  if (inFlight && code === 'HPE_INVALID_EOF_STATE') return refusal('bodyTruncated')
  return refusal('malformedHttp')
}

const pathOf = (url: string | undefined): string => {
  const u = url ?? '/'
  const q = u.indexOf('?')
  return q === -1 ? u : u.slice(0, q)
}

const headerValue = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join(', ') : v ?? '')

/** Checks made before the body is read (path, method, content type, announced size), in that order. */
const earlyRefusal = (req: IncomingMessage, maxBodyBytes: number): RenderedRefusal | undefined => {
  if (req.httpVersion === '1.1' && req.headers.host === undefined) return refusal('missingHost')
  const path = pathOf(req.url)
  if (path !== '/') return refusal('pathNotFound', { path: printable(path) })
  const method = req.method ?? ''
  if (method !== 'POST') return refusal('methodNotAllowed', { method: printable(method, 32) })
  const media = contentTypeRefusal(req.headers['content-type'])
  if (media !== undefined) return media
  const declared = declaredLength(req)
  if (declared !== undefined && declared > maxBodyBytes) return refusal('bodyTooLarge', { limit: maxBodyBytes })
  return undefined
}

/**
 * Creates the `node:http` request listener for an emulator.
 *
 * Use {@link serve} for a ready server; use this to mount the endpoint on a server of your own
 * (`listener.attach(server)` also installs the `clientError` and `checkContinue` handlers, without
 * which a cut-off request gets Node's bare `400` and no request id).
 * @param emulator - the emulator to serve (its `handle` answers every well-framed request)
 * @param options - log, envelope, body limit
 * @returns the listener
 * @throws RangeError if `maxBodyBytes` is not a positive integer (misuse)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { createEmulator } from 'kms-key-import'
 * import { createRequestListener } from 'kms-key-import/http'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const server = createRequestListener(createEmulator({ crypto: createDeterministicProvider() }), { quiet: true }).attach(createServer())
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const { port } = server.address() as AddressInfo
 * const headers = { 'content-type': 'application/json', 'x-amz-target': 'TrentService.DescribeKey' }
 * const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers, body: '{"KeyId":"alias/none"}' })
 * const body = (await res.json()) as { __type: string }
 * assert.equal(body.__type, 'NotFoundException')
 * await new Promise((resolve) => server.close(resolve))
 * ```
 * @since 0.1.0
 */
export const createRequestListener = (emulator: Emulator, options: RequestListenerOptions = {}): KmsRequestListener => {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) throw new RangeError('maxBodyBytes must be a positive integer')
  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES
  if (!Number.isSafeInteger(maxBufferedBytes) || maxBufferedBytes <= 0) throw new RangeError('maxBufferedBytes must be a positive integer')
  const budget = createByteBudget(maxBufferedBytes)
  // A body larger than the bytes all requests may hold together can never be accepted: refused as
  // too large (413, final), not as busy (a ThrottlingException, which SDKs retry without end)
  const bodyLimit = Math.min(maxBodyBytes, maxBufferedBytes)
  const seedEnvelope = options.envelope === 'seed'
  const log = options.quiet === true ? undefined : options.log ?? stderrLog
  /**
   * The exchange each connection is busy with, until both its answer is sent and its body is
   * consumed. A parser error on that connection belongs to it: `clientError` answers it when it is
   * still waiting for its body, and otherwise closes the connection (an answer is out already).
   */
  const busy = new WeakMap<Duplex, Exchange>()
  /** Whether {@link KmsRequestListener.drain} was called: every answer then closes its connection. */
  let draining = false

  const writeLog = (line: string): void => {
    try {
      log?.(line)
    } catch {
      // a failing log sink must not take the endpoint down
    }
  }

  const encode = (answer: Answer): { readonly contentType: string; readonly body: string } => {
    if (!seedEnvelope) return { contentType: AMZ_JSON_1_1, body: answer.body }
    const envelope = toEnvelope({ status: answer.status, headers: {}, body: answer.body })
    return { contentType: 'application/json', body: JSON.stringify(envelope) }
  }

  const send = (exchange: Exchange, answer: Answer, close = false): void => {
    const { res } = exchange
    if (exchange.requestId !== undefined || res.headersSent || res.destroyed || res.writableEnded) return
    exchange.requestId = answer.requestId
    exchange.waitingForBody = false
    const { contentType, body } = encode(answer)
    const head: Record<string, string | number> = {
      'Content-Type': contentType,
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': answer.requestId,
    }
    if (answer.extraHeaders !== undefined) Object.assign(head, answer.extraHeaders)
    if (close || draining) head.Connection = 'close'
    res.writeHead(answer.status, head)
    outbox.push({ res, body })
    if (outbox.length === 1) setImmediate(flush)
  }
  /**
   * Answers ready to go out (their heads set), written together once the event loop has run
   * every callback of this turn (`setImmediate`). Writing each answer as soon as it is ready costs
   * a wake-up of the client per answer (the kernel wakes the reader of a loopback socket on every
   * write); written together, the answers of one turn cost one. See docs/performance.md ("The
   * request path").
   */
  let outbox: { readonly res: ServerResponse; readonly body: string }[] = []
  const flush = (): void => {
    const out = outbox
    outbox = []
    for (const { res, body } of out) if (!res.destroyed) res.end(body)
  }

  const serveExchange = async (exchange: Exchange, expectContinue: boolean): Promise<void> => {
    const { req } = exchange
    const early = earlyRefusal(req, bodyLimit)
    if (early !== undefined) {
      // Under `Expect: 100-continue` the client has not sent its body and may never send it: the
      // connection cannot be reused safely. Otherwise the body is read and thrown away.
      send(exchange, fromRefusal(early, early.status === 405 ? { Allow: 'POST' } : undefined), expectContinue)
      if (!expectContinue) discardBody(req, bodyLimit)
      return
    }
    if (expectContinue) exchange.res.writeContinue()
    exchange.waitingForBody = true
    const body = await readBody(req, bodyLimit, budget, exchange.res)
    exchange.waitingForBody = false
    switch (body._tag) {
      case 'Busy':
        send(exchange, fromRefusal(refusal('buffersFull', { limit: maxBufferedBytes })))
        return
      case 'TooLarge':
        send(exchange, fromRefusal(refusal('bodyTooLarge', { limit: bodyLimit })))
        return
      case 'Aborted':
        // The client is gone, or `clientError` has answered already.
        return
      case 'Body': {
        const authorization = req.headers.authorization
        const region = regionOfAuthorization(typeof authorization === 'string' ? authorization : undefined)
        const wire = await emulator.handle({ target: headerValue(req.headers['x-amz-target']), body: body.bytes, region })
        send(exchange, fromWire(wire))
      }
    }
  }

  const run = (req: IncomingMessage, res: ServerResponse, expectContinue: boolean): void => {
    // A connection over the limit has its answer (ThrottlingException, then close): nothing it
    // sends is run, nor read further than Node's parser reads it.
    if (isRefusedConnection(req.socket)) return
    const started = log === undefined ? 0 : performance.now()
    const socket = req.socket
    const exchange: Exchange = { req, res, requestId: undefined, waitingForBody: false }
    busy.set(socket, exchange)
    let open = 2
    const release = (): void => {
      if (--open === 0 && busy.get(socket) === exchange) busy.delete(socket)
    }
    req.on('error', ignore)
    req.once('close', release)
    res.on('error', ignore)
    res.once('close', () => {
      release()
      if (log !== undefined) writeLog(formatLogLine({
        method: req.method ?? '-',
        path: pathOf(req.url),
        target: headerValue(req.headers['x-amz-target']),
        status: exchange.requestId !== undefined && res.headersSent ? res.statusCode : undefined,
        durationMs: performance.now() - started,
        requestId: exchange.requestId ?? '',
      }))
    })
    serveExchange(exchange, expectContinue).catch(() => {
      // A bug of this library, never the client's doing: answer 500 if still possible.
      try {
        send(exchange, fromRefusal(refusal('internal')), true)
      } catch {
        res.destroy()
      }
    })
  }

  const clientError = (error: Error, socket: Duplex): void => {
    const code = (error as { code?: unknown }).code
    const codeText = typeof code === 'string' ? code : undefined
    if (codeText === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const exchange = busy.get(socket)
    if (exchange !== undefined) {
      if (exchange.waitingForBody) send(exchange, fromRefusal(clientErrorRefusal(codeText, true)), true)
      else socket.destroy()
      return
    }
    // No request was parsed (bad request line or headers): answer on the socket itself.
    const started = performance.now()
    const answer = fromRefusal(clientErrorRefusal(codeText, false))
    const { contentType, body } = encode(answer)
    const head = [
      `HTTP/1.1 ${answer.status} ${STATUS_TEXT[answer.status] ?? 'Error'}`,
      `Content-Type: ${contentType}`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      `x-amzn-RequestId: ${answer.requestId}`,
      'Connection: close',
    ].join('\r\n')
    socket.on('error', () => undefined)
    socket.end(`${head}\r\n\r\n${body}`)
    writeLog(formatLogLine({ method: '-', path: '-', target: '', status: answer.status, durationMs: performance.now() - started, requestId: answer.requestId }))
  }

  const listener = ((req: IncomingMessage, res: ServerResponse) => run(req, res, false)) as KmsRequestListener
  const checkContinue = (req: IncomingMessage, res: ServerResponse): void => run(req, res, true)
  return Object.assign(listener, {
    clientError,
    checkContinue,
    drain: () => {
      draining = true
    },
    attach: (server: Server) => server.on('request', listener).on('clientError', clientError).on('checkContinue', checkContinue),
  })
}
