/**
 * Clients for the HTTP tests that send what an SDK never would: any method, path, headers and
 * body bytes (`request`, over node:http), or arbitrary bytes on a TCP socket (`rawExchange`).
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { expect } from 'vitest'

/** A response as read by these clients. */
export interface RawResponse {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/** What to send with {@link request}. */
export interface RawRequest {
  readonly method?: string
  readonly path?: string
  readonly headers?: OutgoingHttpHeaders
  /** Bytes of the body; a string is sent as UTF-8. */
  readonly body?: string | Uint8Array
  /** Send the body with chunked transfer encoding (no Content-Length). */
  readonly chunked?: boolean
  readonly agent?: Agent
}

/**
 * Sends one request and reads the whole response. Resolves with the response even when the server
 * answers before the body is sent (a 413) and the upload then fails.
 */
export const request = (port: number, req: RawRequest = {}): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body === undefined ? undefined : Buffer.from(req.body)
    const headers: OutgoingHttpHeaders = { ...req.headers }
    if (body !== undefined && req.chunked !== true && headers['content-length'] === undefined) headers['content-length'] = body.length
    let answered = false
    const r = httpRequest({ host: '127.0.0.1', port, method: req.method ?? 'POST', path: req.path ?? '/', headers, agent: req.agent ?? false }, (res) => {
      answered = true
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    // An upload cut short after the answer arrived is expected (413); any other error is not.
    r.on('error', (e) => (answered ? undefined : reject(e)))
    if (body === undefined) r.end()
    else if (req.chunked === true) {
      for (let i = 0; i < body.length; i += 64 * 1024) r.write(body.subarray(i, i + 64 * 1024))
      r.end()
    } else r.end(body)
  })

/** Parses the bytes of one HTTP response (the first, when there are more): status, headers, body. */
export const parseResponse = (raw: string): RawResponse => {
  const split = raw.indexOf('\r\n\r\n')
  const head = split === -1 ? raw : raw.slice(0, split)
  const [statusLine = '', ...lines] = head.split('\r\n')
  const headers: IncomingHttpHeaders = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: split === -1 ? '' : raw.slice(split + 4) }
}

/**
 * Writes `bytes` on a fresh TCP connection, then half-closes it (or leaves it open and closes it
 * after `keepOpenMs`), and returns everything the server wrote, parsed as one HTTP response.
 */
export const rawExchange = (port: number, bytes: string | Uint8Array, options: { readonly halfClose?: boolean; readonly keepOpenMs?: number } = {}): Promise<RawResponse & { readonly raw: string }> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('error', reject)
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('latin1')
      resolve({ ...parseResponse(raw), raw })
    })
    socket.write(bytes)
    if (options.halfClose !== false) socket.end()
    else setTimeout(() => socket.destroy(), options.keepOpenMs ?? 1000)
  })

const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Asserts an AWS-style JSON error: status, `application/x-amz-json-1.1`, an `x-amzn-RequestId`,
 * and a body of exactly `{"__type", "message"}`.
 */
export const expectAwsError = (res: RawResponse, status: number, type: string, message: string): void => {
  expect({ status: res.status, body: JSON.parse(res.body) as unknown }).toEqual({ status, body: { __type: type, message } })
  expect(res.headers['content-type']).toBe('application/x-amz-json-1.1')
  expect(res.headers['x-amzn-requestid']).toMatch(REQUEST_ID)
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body))
}

/** The headers of a well-formed KMS request for `operation`. */
export const kmsHeaders = (operation: string): OutgoingHttpHeaders => ({
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': `TrentService.${operation}`,
})
