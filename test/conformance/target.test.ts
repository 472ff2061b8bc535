/** The HTTP target signs every request with SigV4 for service kms in the request's region. */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { DUMMY_CREDENTIALS, httpTarget } from 'kms-key-import/conformance'

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
      await expect(target.send({ target: 'TrentService.CreateKey', body: '{}', region: 'us-east-1' })).rejects.toThrow(/no answer .* within 200 ms/)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('refuses an endpoint that is not http(s)', () => {
    expect(() => httpTarget({ endpoint: 'ftp://example.com' })).toThrow(TypeError)
  })
})
