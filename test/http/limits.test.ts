/**
 * The endpoint's bounds, each refusal in AWS's error shape: a request without `Host`, `CONNECT`,
 * a connection over the limit, request bodies over the byte cap held across requests, a request
 * that does not arrive in time, an idle keep-alive connection. Timeouts run on Node's own timers
 * with small values here (a fraction of a second); what is asserted is the answer, not how long
 * it took.
 */
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { serve, type RunningServer, type ServeOptions } from 'kms-key-import/http'
import { createDeterministicProvider } from 'kms-key-import/testing'
import { expectAwsError, parseResponse, rawExchange, type RawResponse } from './raw-client.js'
import { heldGeneration } from '../support/kms.js'

let server: RunningServer | undefined
const sockets: Socket[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await server?.close()
  server = undefined
})
const start = async (options: ServeOptions = {}): Promise<number> => {
  server = await serve({ port: 0, quiet: true, crypto: createDeterministicProvider(), ...options })
  return server.port
}
const open = (port: number): Promise<Socket> =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => resolve(s))
    s.on('error', () => undefined)
    sockets.push(s)
  })
const closed = (s: Socket): Promise<void> => new Promise((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())))
/** Sends `bytes` on an open connection and reads one whole response (by its Content-Length). */
const exchangeOn = (s: Socket, bytes: string): Promise<RawResponse> =>
  new Promise((resolve) => {
    let raw = ''
    const onData = (d: Buffer): void => {
      raw += d.toString('latin1')
      const split = raw.indexOf('\r\n\r\n')
      const length = /content-length: *(\d+)/i.exec(raw.slice(0, split))
      if (split === -1 || length === null || raw.length < split + 4 + Number(length[1])) return
      s.off('data', onData)
      resolve(parseResponse(raw))
    }
    s.on('data', onData)
    s.write(bytes)
  })
const listKeys = async (s: Socket): Promise<unknown[]> => {
  const res = await exchangeOn(s, 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.ListKeys\r\nContent-Length: 2\r\n\r\n{}')
  expect(res.status).toBe(200)
  return (JSON.parse(res.body) as { Keys: unknown[] }).Keys
}
const post = (body: string, extra = ''): string =>
  `POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.CreateKey\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`

describe('the endpoint’s bounds', () => {
  it('answers an HTTP/1.1 request without Host in AWS’s shape (HTTP/1.0 needs none)', async () => {
    const port = await start()
    const res = await rawExchange(port, 'POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.CreateKey\r\nContent-Length: 2\r\n\r\n{}')
    expectAwsError(res, 400, 'SerializationException', 'The request has no Host header: HTTP/1.1 requires one.')
    const old = await rawExchange(port, 'POST / HTTP/1.0\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.CreateKey\r\nContent-Length: 2\r\n\r\n{}')
    expect(old.status).toBe(200)
  })

  it('answers CONNECT as any method other than POST, then closes', async () => {
    const port = await start()
    const res = await rawExchange(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', { halfClose: false, keepOpenMs: 2000 })
    expectAwsError(res, 405, 'UnknownOperationException', 'Method CONNECT is not allowed: AWS JSON 1.1 requests are POST /.')
    expect(res.headers.allow).toBe('POST')
  })

  it('answers a connection over the limit with ThrottlingException and closes it, running none of its requests; the others are served', async () => {
    const port = await start({ maxConnections: 2 })
    const held = [await open(port), await open(port)]
    const first = held[0]
    if (first === undefined) throw new Error('no socket')
    // on the refused connection: two requests pipelined, kept alive, and a third once the answer is in
    const refusedSocket = await open(port)
    const received: Buffer[] = []
    const answered = new Promise<void>((resolve) => refusedSocket.once('data', () => resolve()))
    refusedSocket.on('data', (d: Buffer) => received.push(d))
    refusedSocket.write(post(JSON.stringify({ Description: 'over-limit' })) + post(JSON.stringify({ Description: 'over-limit, pipelined' })))
    await answered
    refusedSocket.write(post(JSON.stringify({ Description: 'over-limit, after the answer' })))
    await closed(refusedSocket) // by the server: the test's own timeout is the bound
    const raw = Buffer.concat(received).toString('latin1')
    expect(raw.match(/HTTP\/1\.1 /g)).toHaveLength(1) // one answer, the refusal
    expectAwsError(parseResponse(raw), 400, 'ThrottlingException', 'Rate exceeded: the endpoint serves at most 2 connections at once.')
    // nothing was created: a client retrying the ThrottlingException makes no duplicate; the
    // connection that reached the limit, not over it, is served as well
    for (const s of held) expect(await listKeys(s)).toEqual([])
    expect((await exchangeOn(first, post('{}'))).status).toBe(200)
    expect(await listKeys(first)).toHaveLength(1)
  })

  it('refuses a body larger than the whole cap as too large (413, final), not as busy (a ThrottlingException SDKs retry forever)', async () => {
    const port = await start({ maxBufferedBytes: 1000 }) // bodies up to 1 MiB otherwise
    const res = await rawExchange(port, post(JSON.stringify({ Description: 'x'.repeat(2000) })))
    expectAwsError(res, 413, 'RequestTooLargeException', 'The request body is larger than the limit of 1000 bytes.')
  })

  it('accepts a body of exactly the bytes the cap allows, alone', async () => {
    const body = JSON.stringify({ Description: 'x'.repeat(100) })
    const port = await start({ maxBufferedBytes: Buffer.byteLength(body) })
    expect((await rawExchange(port, post(body))).status).toBe(200)
    expectAwsError(await rawExchange(port, post(`${body} `)), 413, 'RequestTooLargeException', `The request body is larger than the limit of ${Buffer.byteLength(body)} bytes.`)
  })

  it('refuses a body that would take the bytes held across requests over the cap, and serves the others', async () => {
    const port = await start({ maxBufferedBytes: 1000, maxBodyBytes: 900 })
    const body = JSON.stringify({ Description: 'x'.repeat(700) })
    // a slow upload holds most of the cap: its first 600 bytes, the rest still to come
    const slow = await open(port)
    const request = post(body)
    const cut = request.length - (body.length - 600)
    slow.write(request.slice(0, cut))
    await new Promise((r) => setTimeout(r, 100))
    const refused = await rawExchange(port, post(body))
    expectAwsError(refused, 400, 'ThrottlingException', 'Rate exceeded: the endpoint holds at most 1000 bytes of request bodies at once.')
    const answer = new Promise<string>((resolve) => slow.once('data', (d: Buffer) => resolve(d.toString('latin1'))))
    slow.write(request.slice(cut))
    expect(await answer).toMatch(/^HTTP\/1\.1 200 OK/)
    expect((await rawExchange(port, post(body))).status).toBe(200) // the bytes were given back
  })

  it('holds a body’s bytes until its answer is out: a body read whole and waiting for the emulator (here, for an RSA key) still counts against the cap', async () => {
    // an RSA generation that lasts until the test ends it; the emulator asks for it once the body is read
    const { provider, started: waiting, finish } = heldGeneration(createDeterministicProvider())
    const port = await start({ maxBufferedBytes: 1000, maxBodyBytes: 900, crypto: provider })
    const body = JSON.stringify({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', Description: 'x'.repeat(600) })
    const first = exchangeOn(await open(port), post(body))
    await waiting
    const noAnswer = new Promise<RawResponse>((resolve) => setTimeout(() => resolve({ status: 0, headers: {}, body: 'no answer within 2 s (accepted: waiting for the RSA key too)' }), 2000))
    const second = await Promise.race([exchangeOn(await open(port), post(body)), noAnswer])
    expect(second.body).toContain('ThrottlingException')
    expectAwsError(second, 400, 'ThrottlingException', 'Rate exceeded: the endpoint holds at most 1000 bytes of request bodies at once.')
    finish()
    expect((await first).status).toBe(200)
    expect((await rawExchange(port, post(body))).status).toBe(200) // given back with the answer
  })

  it('gives the bytes of a body back when its request is answered before the body ends (408, a body cut short, a malformed chunk): after any number of them the whole cap is free', async () => {
    const port = await start({ maxBufferedBytes: 1000, requestTimeoutMs: 300 })
    const body = JSON.stringify({ Description: 'x'.repeat(980) }) // 998 bytes: only with the whole cap free
    const request = post(body)
    const partial = request.slice(0, request.length - 400) // ≈600 bytes of the body, taken from the cap
    const answeredThenClosed = async (send: (s: Socket) => void): Promise<string> => {
      const s = await open(port)
      const received: Buffer[] = []
      s.on('data', (d: Buffer) => received.push(d))
      send(s)
      await closed(s) // by the server, after its answer: the test's own timeout is the bound
      return parseResponse(Buffer.concat(received).toString('latin1')).body
    }
    const chunked = 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.CreateKey\r\nTransfer-Encoding: chunked\r\n\r\n'
    for (let round = 0; round < 3; round++) {
      // the request timeout fires while the body is awaited
      expect(await answeredThenClosed((s) => s.write(partial))).toContain('RequestTimeoutException')
      // the client ends its side mid-body (its FIN: the parser's HPE_INVALID_EOF_STATE)
      expect(await answeredThenClosed((s) => s.end(partial))).toContain('SerializationException')
      // a chunk of 600 bytes, then a chunk size that is not hexadecimal
      expect(await answeredThenClosed((s) => s.write(`${chunked}258\r\n${'x'.repeat(600)}\r\nZZZ\r\n`))).toContain('SerializationException')
    }
    expect((await rawExchange(port, request)).status).toBe(200)
  })

  it('answers 408 RequestTimeoutException to a request whose headers do not arrive in time', async () => {
    // the headers' own timeout, far shorter than the request's: an answer within the exchange's
    // 5 s can only come from it
    const port = await start({ headersTimeoutMs: 300, requestTimeoutMs: 60_000 })
    const res = await rawExchange(port, 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: applic', { halfClose: false, keepOpenMs: 5000 })
    expectAwsError(res, 408, 'RequestTimeoutException', 'The request was not received in time.')
  })

  it('answers 408 RequestTimeoutException to a request whose body does not arrive in time', async () => {
    const port = await start({ requestTimeoutMs: 300 })
    const request = post(JSON.stringify({ Description: 'never finished' }))
    const res = await rawExchange(port, request.slice(0, request.length - 5), { halfClose: false, keepOpenMs: 5000 })
    expectAwsError(res, 408, 'RequestTimeoutException', 'The request was not received in time.')
  })

  it('closes a keep-alive connection left idle', async () => {
    const port = await start({ idleTimeoutMs: 200 })
    const s = await open(port)
    const answer = new Promise<string>((resolve) => s.once('data', (d: Buffer) => resolve(d.toString('latin1'))))
    s.write(post('{}'))
    expect(await answer).toMatch(/Keep-Alive: timeout=0/i)
    await closed(s) // by the server: the test's own timeout is the bound
  })
})
