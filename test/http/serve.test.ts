/**
 * `serve` and `createRequestListener`: the seed envelope, the body limit option, mounting on a
 * server of one's own, binding, and closing.
 */
import '../sdk/silence-sdk-node-warning.js'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { KMSClient, NotFoundException, DescribeKeyCommand } from '@aws-sdk/client-kms'
import { afterEach, describe, expect, it } from 'vitest'
import { createEmulator } from 'kms-key-import'
import { createRequestListener, serve, type RunningServer } from 'kms-key-import/http'
import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'
import { expectAwsError, kmsHeaders, rawExchange, request } from './raw-client.js'
import { heldGeneration } from '../support/kms.js'

const provider = () => createDeterministicProvider({ seed: 9 })

describe('serve', () => {
  const running: RunningServer[] = []
  const start = async (options: Parameters<typeof serve>[0] = {}): Promise<RunningServer> => {
    const s = await serve({ port: 0, quiet: true, crypto: provider(), ...options })
    running.push(s)
    return s
  }
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()))
  })

  it('binds 127.0.0.1 by default and reports the URL and port', async () => {
    const s = await start()
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`)
    expect(s.port).toBeGreaterThan(0)
  })

  it('the emulator options reach the emulator (profile, region, clock)', async () => {
    const s = await start({ region: 'eu-west-1', clock: manualClock(Date.parse('2026-02-03T04:05:06Z')) })
    expect(s.emulator.region).toBe('eu-west-1')
    expect(s.emulator.profile.name).toBe('classic')
    const res = await request(s.port, { headers: kmsHeaders('CreateKey'), body: '{}' })
    expect(JSON.parse(res.body)).toMatchObject({ KeyMetadata: { CreationDate: Date.parse('2026-02-03T04:05:06Z') / 1000, Arn: expect.stringMatching(/^arn:aws:kms:eu-west-1:/) as unknown } })
  })

  it('ignores request signatures: any credentials, signed by the SDK, are accepted', async () => {
    const s = await start()
    const client = new KMSClient({ region: 'us-east-1', endpoint: s.url, maxAttempts: 1, credentials: { accessKeyId: 'whatever', secretAccessKey: 'wrong', sessionToken: 'expired' } })
    const refused = await client.send(new DescribeKeyCommand({ KeyId: 'nope' })).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(NotFoundException)
    client.destroy()
  })

  it('answers requests that arrive together each on its own connection, a client gone meanwhile included', async () => {
    // Answers of one event-loop turn are written together (docs/performance.md): each must reach its own client.
    const s = await start()
    const ids: string[] = []
    for (let i = 0; i < 24; i++) {
      const created = await request(s.port, { headers: kmsHeaders('CreateKey'), body: JSON.stringify({ Description: `key ${i}` }) })
      ids.push((JSON.parse(created.body) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId)
    }
    const gone = rawExchange(s.port, `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.DescribeKey\r\nContent-Length: 2\r\n\r\n{}`, { halfClose: false, keepOpenMs: 0 })
    const answers = await Promise.all(ids.map((KeyId) => request(s.port, { headers: kmsHeaders('DescribeKey'), body: JSON.stringify({ KeyId }) })))
    await gone.catch(() => undefined)
    answers.forEach((a, i) => {
      expect(a.status).toBe(200)
      const meta = (JSON.parse(a.body) as { KeyMetadata: { KeyId: string; Description: string } }).KeyMetadata
      expect([meta.KeyId, meta.Description]).toEqual([ids[i], `key ${i}`])
    })
    expect(new Set(answers.map((a) => a.headers['x-amzn-requestid'])).size).toBe(ids.length)
    // Pipelined in one write, the requests are all read in one turn: their answers go out together, in order.
    const pipelined = ids.map((KeyId) => {
      const body = JSON.stringify({ KeyId })
      return `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.DescribeKey\r\nContent-Length: ${body.length}\r\n\r\n${body}`
    }).join('')
    const { raw } = await rawExchange(s.port, pipelined)
    const keyIds = [...raw.matchAll(/"KeyMetadata":\{"AWSAccountId":"\d+","KeyId":"([^"]+)"/g)].map((m) => m[1])
    expect(keyIds).toEqual(ids)
  })

  it('maxBodyBytes sets the 413 limit', async () => {
    const s = await start({ maxBodyBytes: 64 })
    const body = JSON.stringify({ Origin: 'EXTERNAL', Description: 'x'.repeat(64) })
    expectAwsError(await request(s.port, { headers: kmsHeaders('CreateKey'), body }), 413, 'RequestTooLargeException', 'The request body is larger than the limit of 64 bytes.')
    expectAwsError(await request(s.port, { headers: kmsHeaders('CreateKey'), body, chunked: true }), 413, 'RequestTooLargeException', 'The request body is larger than the limit of 64 bytes.')
    expect((await request(s.port, { headers: kmsHeaders('CreateKey'), body: '{"Origin":"EXTERNAL"}' })).status).toBe(200)
  })

  it('refuses misuse: a body limit that is not a positive integer, a port out of range, an unknown profile', async () => {
    await expect(serve({ port: 0, maxBodyBytes: 0 })).rejects.toThrow(new RangeError('maxBodyBytes must be a positive integer'))
    await expect(serve({ port: 70000 })).rejects.toThrow(RangeError)
    await expect(serve({ port: 0, profile: 'nope' as 'classic' })).rejects.toThrow(new TypeError('unknown profile: nope'))
  })

  it('rejects when the port is taken, and closes its emulator', async () => {
    const first = await start()
    let closed = 0
    await expect(serve({ port: first.port, quiet: true, crypto: { ...provider(), close: () => void closed++ } })).rejects.toMatchObject({ code: 'EADDRINUSE' })
    expect(closed).toBe(1)
  })

  it('close() stops listening, closes keep-alive connections and the emulator; it is idempotent', async () => {
    let closed = 0
    const s = await serve({ port: 0, quiet: true, crypto: { ...provider(), close: () => void closed++ } })
    expect((await request(s.port, { headers: { ...kmsHeaders('CreateKey'), connection: 'keep-alive' }, body: '{}' })).status).toBe(200)
    await Promise.all([s.close(), s.close()])
    await s.close()
    expect(closed).toBe(1)
    await expect(request(s.port, { headers: kmsHeaders('CreateKey'), body: '{}' })).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })

  it('close() answers a request in flight with Connection: close, so its keep-alive connection ends with that answer, not at the grace period', async () => {
    // an RSA generation that lasts until the test ends it: the request is in flight while close() begins
    const { provider: held, started: waiting, finish } = heldGeneration(provider())
    const s = await start({ crypto: held })
    const answer = request(s.port, { headers: { ...kmsHeaders('CreateKey'), connection: 'keep-alive' }, body: '{"KeySpec":"RSA_2048","KeyUsage":"SIGN_VERIFY"}' })
    await waiting
    const closing = s.close()
    finish()
    const res = await answer
    expect(res.status).toBe(200)
    expect(res.headers.connection).toBe('close')
    await closing
  })

  describe("envelope: 'seed' (the seed document's format, not KMS's)", () => {
    it('wraps answers in { success, data } / { success, error: { code, message } }, status unchanged, as application/json', async () => {
      const s = await start({ envelope: 'seed' })
      const created = await request(s.port, { headers: kmsHeaders('CreateKey'), body: '{"Origin":"EXTERNAL"}' })
      expect(created.status).toBe(200)
      expect(created.headers['content-type']).toBe('application/json')
      expect(created.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/)
      const envelope = JSON.parse(created.body) as { success: boolean; data: { KeyMetadata: { KeyId: string; KeyState: string } } }
      expect(envelope.success).toBe(true)
      expect(envelope.data.KeyMetadata.KeyState).toBe('PendingImport')

      const notFound = await request(s.port, { headers: kmsHeaders('GetParametersForImport'), body: JSON.stringify({ KeyId: 'nope', WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }) })
      expect(notFound.status).toBe(400)
      expect(JSON.parse(notFound.body)).toEqual({ success: false, error: { code: 'NOT_FOUND', message: "Invalid keyId 'nope'" } })

      const invalid = await request(s.port, { headers: kmsHeaders('GetParametersForImport'), body: JSON.stringify({ KeyId: envelope.data.KeyMetadata.KeyId }) })
      expect(JSON.parse(invalid.body)).toEqual({
        success: false,
        error: {
          code: 'VALIDATION_ERROR',
          message: "2 validation errors detected: Value null at 'wrappingAlgorithm' failed to satisfy constraint: Member must not be null; " +
            "Value null at 'wrappingKeySpec' failed to satisfy constraint: Member must not be null",
        },
      })
    })

    it("the HTTP layer's own refusals are enveloped too", async () => {
      const s = await start({ envelope: 'seed' })
      const get = await request(s.port, { method: 'GET' })
      expect(get.status).toBe(405)
      expect(JSON.parse(get.body)).toEqual({ success: false, error: { code: 'UNKNOWN_OPERATION', message: 'Method GET is not allowed: AWS JSON 1.1 requests are POST /.' } })
      const garbage = await rawExchange(s.port, 'NOT HTTP\r\n\r\n')
      expect(garbage.status).toBe(400)
      expect(garbage.headers['content-type']).toBe('application/json')
      expect(JSON.parse(garbage.body)).toEqual({ success: false, error: { code: 'SERIALIZATION', message: 'The HTTP request could not be parsed.' } })
    })
  })
})

describe('createRequestListener', () => {
  it('mounts on a server of ones own with attach()', async () => {
    const emulator = createEmulator({ crypto: provider() })
    const server = createRequestListener(emulator, { quiet: true }).attach(createServer())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as AddressInfo).port
      expect((await request(port, { headers: kmsHeaders('CreateKey'), body: '{}' })).status).toBe(200)
      const truncated = await rawExchange(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Amz-Target: TrentService.CreateKey\r\nContent-Length: 9\r\n\r\n{}')
      expectAwsError(truncated, 400, 'SerializationException', 'The request ended before the body its Content-Length announced.')
    } finally {
      await new Promise((resolve) => server.close(resolve))
      emulator.close()
    }
  })

  it('answers 500 KMSInternalException, and closes the connection, when the emulator fails in a way it never should (a bug)', async () => {
    // an emulator whose handle rejects: the listener's last line of defence, which no input reaches
    const emulator = createEmulator({ crypto: provider() })
    const broken = Object.assign(Object.create(emulator) as typeof emulator, { handle: () => Promise.reject(new Error('a bug')) })
    const server = createRequestListener(broken, { quiet: true }).attach(createServer())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const res = await request((server.address() as AddressInfo).port, { headers: kmsHeaders('CreateKey'), body: '{}' })
      expectAwsError(res, 500, 'KMSInternalException', 'An internal error occurred.')
      expect(res.headers.connection).toBe('close')
    } finally {
      await new Promise((resolve) => server.close(resolve))
      emulator.close()
    }
  })

  it('a body that does not arrive within the server\'s requestTimeout → 408 RequestTimeoutException', async () => {
    const emulator = createEmulator({ crypto: provider() })
    const server = createRequestListener(emulator, { quiet: true }).attach(createServer({ requestTimeout: 300, connectionsCheckingInterval: 50 }))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as AddressInfo).port
      const res = await rawExchange(port,
        'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Amz-Target: TrentService.CreateKey\r\nContent-Length: 50\r\n\r\n{"Ori',
        { halfClose: false, keepOpenMs: 5000 })
      expectAwsError(res, 408, 'RequestTimeoutException', 'The request was not received in time.')
      expect(res.headers.connection).toBe('close')
    } finally {
      await new Promise((resolve) => server.close(resolve))
      emulator.close()
    }
  })

  it('is a plain request listener too (without attach, Node answers parser errors itself)', async () => {
    const emulator = createEmulator({ crypto: provider() })
    const server = createServer(createRequestListener(emulator, { quiet: true }))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as AddressInfo).port
      expectAwsError(await request(port, { method: 'DELETE', path: '/' }), 405, 'UnknownOperationException', 'Method DELETE is not allowed: AWS JSON 1.1 requests are POST /.')
    } finally {
      await new Promise((resolve) => server.close(resolve))
      emulator.close()
    }
  })

  it('refuses a body limit that is not a positive integer', () => {
    const emulator = createEmulator({ crypto: provider() })
    expect(() => createRequestListener(emulator, { maxBodyBytes: 1.5 })).toThrow(new RangeError('maxBodyBytes must be a positive integer'))
    emulator.close()
  })
})
