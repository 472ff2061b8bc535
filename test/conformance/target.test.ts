/** The HTTP target signs every request with SigV4 for service kms in the request's region. */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { DUMMY_CREDENTIALS, MAX_ANSWER_BYTES, httpTarget, isThrottled, type TargetResponse } from 'kms-key-import/conformance'
import { endlessAnswer } from '../support/endless-answer.js'

/** Runs `body` with the server listening on 127.0.0.1, then closes it and every connection it holds. */
const withServer = async (server: Server, body: (url: string) => Promise<void>): Promise<void> => {
  const sockets = new Set<Socket>()
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  } finally {
    for (const s of sockets) s.destroy()
    await new Promise((resolve) => server.close(resolve))
  }
}

const capture = async (send: (url: string) => Promise<unknown>): Promise<{ headers: IncomingHttpHeaders; body: string }> => {
  let seen: { headers: IncomingHttpHeaders; body: string } | undefined
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => { body += c.toString() })
    req.on('end', () => {
      seen = { headers: req.headers, body }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    await send(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
  if (seen === undefined) throw new Error('no request')
  return seen
}

describe('httpTarget', () => {
  it('signs with the dummy credentials by default, scoped to the region and service kms', async () => {
    const seen = await capture((url) => httpTarget({ endpoint: url }).send({ target: 'TrentService.CreateKey', body: '{}', region: 'eu-west-3' }))
    expect(seen.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${DUMMY_CREDENTIALS.accessKeyId}/\\d{8}/eu-west-3/kms/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target`))
    expect(seen.headers['x-amz-target']).toBe('TrentService.CreateKey')
    expect(seen.headers['content-type']).toBe('application/x-amz-json-1.1')
    expect(seen.body).toBe('{}')
  })

  it('signs with the credentials given, session token included', async () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x', sessionToken: 'session' }
    const seen = await capture((url) => httpTarget({ endpoint: url, credentials }).send({ target: 'TrentService.DescribeKey', body: '{"KeyId":"k"}', region: 'us-east-1' }))
    expect(seen.headers.authorization).toContain('Credential=AKIDEXAMPLE/')
    expect(seen.headers['x-amz-security-token']).toBe('session')
  })

  it('gives up on an answer that trickles in for longer than its timeout (each byte before the socket falls idle)', async () => {
    const server = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        res.writeHead(200)
        const drip = setInterval(() => res.write(' '), 20)
        res.on('close', () => clearInterval(drip))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const target = httpTarget({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 200 })
      await expect(target.send({ target: 'TrentService.CreateKey', body: '{}', region: 'us-east-1' })).rejects.toThrow(/^CreateKey to http:\/\/127\.0\.0\.1:\d+: no whole answer within 200 ms$/)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('gives up on an answer longer than its cap as it arrives, instead of holding it all (an endless body)', async () => {
    const server = createServer(endlessAnswer)
    await withServer(server, async (url) => {
      await expect(httpTarget({ endpoint: url, maxAnswerBytes: 1024 * 1024 }).send({ target: 'TrentService.CreateKey', body: '{}', region: 'us-east-1' }))
        .rejects.toThrow(/^CreateKey to http:\/\/127\.0\.0\.1:\d+: the answer is longer than 1048576 bytes/)
    })
  }, 20_000)

  it('refuses at once an answer whose Content-Length is over the cap', async () => {
    const server = createServer((req, res) => {
      req.resume()
      req.on('end', () => res.writeHead(200, { 'content-length': String(MAX_ANSWER_BYTES + 1) }).write('{'))
    })
    await withServer(server, async (url) => {
      await expect(httpTarget({ endpoint: url }).send({ target: 'TrentService.CreateKey', body: '{}', region: 'us-east-1' })).rejects.toThrow(/longer than 1048576 bytes/)
    })
  }, 20_000)

  it('says in words, naming the operation and endpoint, that the connection closed mid-answer, or that the answer is not HTTP', async () => {
    const midBody = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        res.writeHead(200, { 'content-length': '1000' }).write('{"KeyMetadata":{')
        setImmediate(() => res.socket?.destroy())
      })
    })
    await withServer(midBody, async (url) => {
      await expect(httpTarget({ endpoint: url }).send({ target: 'TrentService.DescribeKey', body: '{}', region: 'us-east-1' }))
        .rejects.toThrow(/^DescribeKey to http:\/\/127\.0\.0\.1:\d+: the connection was closed before the whole answer arrived$/)
    })
    const notHttp = createNetServer((socket) => {
      socket.on('data', () => undefined)
      socket.end('SSH-2.0-OpenSSH_9.6\r\n')
    })
    await withServer(notHttp, async (url) => {
      await expect(httpTarget({ endpoint: url }).send({ target: 'TrentService.DescribeKey', body: '{}', region: 'us-east-1' }))
        .rejects.toThrow(/^DescribeKey to http:\/\/127\.0\.0\.1:\d+: the answer is not HTTP \(Parse Error/)
    })
  })

  it('sends a throttled request again, after a short random wait, at most three times in all (as AWS SDKs do)', async () => {
    let seen = 0
    let throttleFirst = 2
    const server = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        seen += 1
        if (seen <= throttleFirst) {
          const answers = [[400, '{"__type":"ThrottlingException","message":"Rate exceeded"}'], [503, 'Service Unavailable'], [429, '']] as const
          const [status, body] = answers[(seen - 1) % answers.length] ?? [429, '']
          res.writeHead(status).end(body)
        } else {
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{"KeyMetadata":{}}')
        }
      })
    })
    await withServer(server, async (url) => {
      const send = (maxAttempts?: number): Promise<TargetResponse> =>
        httpTarget({ endpoint: url, ...(maxAttempts === undefined ? {} : { maxAttempts }) }).send({ target: 'TrentService.CreateKey', body: '{}', region: 'us-east-1' })
      expect(await send()).toEqual({ status: 200, body: '{"KeyMetadata":{}}' })
      expect(seen).toBe(3)
      // throttled every time: the third answer is the answer, and no fourth request is sent
      seen = 0
      throttleFirst = 100
      expect((await send()).status).toBe(429)
      expect(seen).toBe(3)
      // never again with maxAttempts 1; other refusals are never sent again
      seen = 0
      expect((await send(1)).status).toBe(400)
      expect(seen).toBe(1)
    })
    expect(isThrottled({ status: 400, body: '{"__type":"com.amazonaws.kms#ThrottlingException"}' })).toBe(true)
    expect(isThrottled({ status: 400, body: '{"__type":"LimitExceededException"}' })).toBe(false)
    expect(isThrottled({ status: 500, body: '{"__type":"KMSInternalException"}' })).toBe(false)
  })

  it('refuses an endpoint that is not http(s)', () => {
    expect(() => httpTarget({ endpoint: 'ftp://example.com' })).toThrow(TypeError)
  })
})
