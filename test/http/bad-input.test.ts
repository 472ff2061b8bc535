/**
 * What a real loopback endpoint answers to input no SDK would send. One server serves the whole
 * file, in order: every bad request gets an AWS-style JSON error with the right status and an
 * `x-amzn-RequestId`, and afterwards the server still creates keys.
 */
import { Agent } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type RunningServer } from 'kms-key-import/http'
import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'
import { expectAwsError, kmsHeaders, rawExchange, request } from './raw-client.js'

const NOT_JSON = 'The request body is not valid JSON.'
const TEN_MB = 10 * 1024 * 1024

describe('bad input against a loopback endpoint', () => {
  let server: RunningServer
  let port: number
  beforeAll(async () => {
    server = await serve({ port: 0, quiet: true, profile: 'classic', clock: manualClock(Date.parse('2026-01-01T00:00:00Z')), crypto: createDeterministicProvider({ seed: 11 }) })
    port = server.port
  })
  afterAll(async () => {
    await server.close()
  })

  describe('bodies', () => {
    it('truncated JSON → 400 SerializationException', async () => {
      expectAwsError(await request(port, { headers: kmsHeaders('CreateKey'), body: '{"Origin":"EXTER' }), 400, 'SerializationException', NOT_JSON)
    })

    it('a body shorter than its Content-Length, then end of stream → 400 SerializationException', async () => {
      const res = await rawExchange(port,
        'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.CreateKey\r\n' +
        'Content-Length: 100\r\n\r\n{"Origin":"EXTERNAL"}')
      expectAwsError(res, 400, 'SerializationException', 'The request ended before the body its Content-Length announced.')
      expect(res.headers.connection).toBe('close')
    })

    it('bytes that are not UTF-8 → 400 SerializationException', async () => {
      const body = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])
      expectAwsError(await request(port, { headers: kmsHeaders('CreateKey'), body }), 400, 'SerializationException', NOT_JSON)
    })

    it('JSON that is not an object → 400 SerializationException', async () => {
      expectAwsError(await request(port, { headers: kmsHeaders('CreateKey'), body: '[1,2]' }), 400, 'SerializationException', 'The request body must be a JSON object.')
    })

    it('a 10 MB body with Content-Length → 413 RequestTooLargeException, and the connection serves the next request', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 })
      try {
        const res = await request(port, { headers: kmsHeaders('CreateKey'), body: new Uint8Array(TEN_MB).fill(0x20), agent })
        expectAwsError(res, 413, 'RequestTooLargeException', 'The request body is larger than the limit of 1048576 bytes.')
        const next = await request(port, { headers: kmsHeaders('CreateKey'), body: '{"Origin":"EXTERNAL"}', agent })
        expect(next.status).toBe(200)
      } finally {
        agent.destroy()
      }
    })

    it('a 10 MB chunked body (no Content-Length) → 413 RequestTooLargeException', async () => {
      const res = await request(port, { headers: kmsHeaders('CreateKey'), body: new Uint8Array(TEN_MB).fill(0x20), chunked: true })
      expectAwsError(res, 413, 'RequestTooLargeException', 'The request body is larger than the limit of 1048576 bytes.')
    })

    it('a 10 MB body announced with Expect: 100-continue → 413 before any byte of it, and the connection closes', async () => {
      const res = await rawExchange(port,
        'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.CreateKey\r\n' +
        `Expect: 100-continue\r\nContent-Length: ${TEN_MB}\r\n\r\n`, { halfClose: false, keepOpenMs: 5000 })
      expect(res.raw.startsWith('HTTP/1.1 413 ')).toBe(true)
      expectAwsError(res, 413, 'RequestTooLargeException', 'The request body is larger than the limit of 1048576 bytes.')
      expect(res.headers.connection).toBe('close')
    })
  })

  describe('targets', () => {
    it('an unknown KMS operation → 400 UnknownOperationException', async () => {
      expectAwsError(await request(port, { headers: kmsHeaders('Nope'), body: '{}' }), 400, 'UnknownOperationException', 'Unknown operation: TrentService.Nope')
    })

    it('no X-Amz-Target → 400 UnknownOperationException', async () => {
      const res = await request(port, { headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' })
      expectAwsError(res, 400, 'UnknownOperationException', 'The request names no operation: the X-Amz-Target header is missing.')
    })

    it("another service's target (DynamoDB_20120810.ListTables) → 400 UnknownOperationException", async () => {
      const res = await request(port, { headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' })
      // application/x-amz-json-1.0 is refused before the target is read; with a JSON type the target is.
      expectAwsError(res, 415, 'UnsupportedMediaTypeException',
        "Content-Type 'application/x-amz-json-1.0' is not supported: send application/x-amz-json-1.1 or application/json.")
      const json11 = await request(port, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' })
      expectAwsError(json11, 400, 'UnknownOperationException', 'Unknown operation: DynamoDB_20120810.ListTables')
    })
  })

  describe('HTTP framing', () => {
    it('GET / → 405 UnknownOperationException with Allow: POST', async () => {
      const res = await request(port, { method: 'GET' })
      expectAwsError(res, 405, 'UnknownOperationException', 'Method GET is not allowed: AWS JSON 1.1 requests are POST /.')
      expect(res.headers.allow).toBe('POST')
    })

    it('POST /other → 404 UnknownOperationException', async () => {
      const res = await request(port, { path: '/other', headers: kmsHeaders('CreateKey'), body: '{}' })
      expectAwsError(res, 404, 'UnknownOperationException', "No operation at path '/other': AWS JSON 1.1 requests are POST /.")
    })

    it('a wrong Content-Type → 415 UnsupportedMediaTypeException', async () => {
      const res = await request(port, { headers: { ...kmsHeaders('CreateKey'), 'content-type': 'text/plain' }, body: '{}' })
      expectAwsError(res, 415, 'UnsupportedMediaTypeException', "Content-Type 'text/plain' is not supported: send application/x-amz-json-1.1 or application/json.")
    })

    it('no Content-Type → 415 UnsupportedMediaTypeException', async () => {
      const res = await request(port, { headers: { 'x-amz-target': 'TrentService.CreateKey' }, body: '{}' })
      expectAwsError(res, 415, 'UnsupportedMediaTypeException', 'Missing Content-Type: send application/x-amz-json-1.1 or application/json.')
    })

    it('a request line that is not HTTP → 400 SerializationException', async () => {
      const res = await rawExchange(port, 'HELLO KMS\r\n\r\n')
      expectAwsError(res, 400, 'SerializationException', 'The HTTP request could not be parsed.')
      expect(res.headers.connection).toBe('close')
    })

    it('a header block over the limit → 431 SerializationException', async () => {
      const res = await rawExchange(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`)
      expectAwsError(res, 431, 'SerializationException', 'The HTTP request headers are too large.')
    })

    it('a client that disconnects mid-body gets nothing and breaks nothing', async () => {
      const res = await rawExchange(port,
        'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Amz-Target: TrentService.CreateKey\r\nContent-Length: 1000\r\n\r\n{"Ori',
        { halfClose: false, keepOpenMs: 100 })
      expect(res.raw).toBe('')
    })
  })

  describe('what is accepted', () => {
    it('application/json and parameters on the content type', async () => {
      for (const contentType of ['application/json', 'application/x-amz-json-1.1; charset=utf-8', 'Application/X-Amz-Json-1.1']) {
        const res = await request(port, { headers: { ...kmsHeaders('CreateKey'), 'content-type': contentType }, body: '{"Origin":"EXTERNAL"}' })
        expect(res.status, contentType).toBe(200)
        expect(res.headers['content-type']).toBe('application/x-amz-json-1.1')
      }
    })

    it('after all of the above, a valid CreateKey succeeds', async () => {
      const res = await request(port, { headers: kmsHeaders('CreateKey'), body: '{"Origin":"EXTERNAL","Description":"still serving"}' })
      expect(res.status).toBe(200)
      expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/)
      expect(JSON.parse(res.body)).toMatchObject({ KeyMetadata: { Origin: 'EXTERNAL', KeyState: 'PendingImport', Description: 'still serving' } })
    })
  })
})
