/**
 * The request log: one line per request (method, path, target, status, duration, request id),
 * to stderr by default, none when `quiet`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { formatLogLine, serve, type RunningServer } from 'kms-key-import/http'
import { createDeterministicProvider } from 'kms-key-import/testing'
import { kmsHeaders, rawExchange, request } from './raw-client.js'

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

describe('formatLogLine', () => {
  it('prints method, path, target, status, duration with one decimal, request id', () => {
    expect(formatLogLine({ method: 'POST', path: '/', target: 'TrentService.CreateKey', status: 200, durationMs: 1.44, requestId: 'abc' }))
      .toBe('POST / TrentService.CreateKey 200 1.4ms abc')
  })

  it('marks what is missing: no target, no answer (client gone), no request id', () => {
    expect(formatLogLine({ method: 'POST', path: '/', target: '', status: undefined, durationMs: 0, requestId: '' })).toBe('POST / - aborted 0.0ms -')
  })

  it('keeps a line one line whatever the client sent', () => {
    const line = formatLogLine({ method: 'POST', path: '/\u001b[31m', target: 'a\r\nb\u2028c', status: 400, durationMs: 2, requestId: 'id' })
    expect(line).toBe('POST /?[31m a??b?c 400 2.0ms id')
    expect(line.split('\n')).toHaveLength(1)
  })
})

describe('the endpoint log', () => {
  let server: RunningServer | undefined
  afterEach(async () => {
    vi.restoreAllMocks()
    await server?.close()
    server = undefined
  })

  it('writes one line per request, refusals and parser errors included', async () => {
    const lines: string[] = []
    server = await serve({ port: 0, crypto: createDeterministicProvider({ seed: 5 }), log: (line) => lines.push(line) })
    const created = await request(server.port, { headers: kmsHeaders('CreateKey'), body: '{"Origin":"EXTERNAL"}' })
    await request(server.port, { headers: kmsHeaders('DescribeKey'), body: '{"KeyId":"nope"}' })
    await request(server.port, { method: 'GET', path: '/health' })
    await rawExchange(server.port, 'NOT HTTP\r\n\r\n')
    await vi.waitFor(() => expect(lines).toHaveLength(4))
    expect(lines[0]).toMatch(new RegExp(`^POST / TrentService\\.CreateKey 200 \\d+\\.\\dms ${UUID}$`))
    expect(lines[0]?.endsWith(String(created.headers['x-amzn-requestid']))).toBe(true)
    expect(lines[1]).toMatch(new RegExp(`^POST / TrentService\\.DescribeKey 400 \\d+\\.\\dms ${UUID}$`))
    expect(lines[2]).toMatch(new RegExp(`^GET /health - 404 \\d+\\.\\dms ${UUID}$`))
    expect(lines[3]).toMatch(new RegExp(`^- - - 400 \\d+\\.\\dms ${UUID}$`))
  })

  it('logs to stderr by default', async () => {
    const written: string[] = []
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
    server = await serve({ port: 0, crypto: createDeterministicProvider({ seed: 5 }) })
    await request(server.port, { headers: kmsHeaders('CreateKey'), body: '{}' })
    await vi.waitFor(() => expect(written.filter((w) => w.includes('TrentService.CreateKey'))).toHaveLength(1))
    const line = written.find((w) => w.includes('TrentService.CreateKey'))
    expect(line).toMatch(new RegExp(`^POST / TrentService\\.CreateKey 200 \\d+\\.\\dms ${UUID}\\n$`))
  })

  it('quiet: no line at all', async () => {
    const lines: string[] = []
    const written: string[] = []
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
    server = await serve({ port: 0, quiet: true, crypto: createDeterministicProvider({ seed: 5 }), log: (line) => lines.push(line) })
    await request(server.port, { headers: kmsHeaders('CreateKey'), body: '{}' })
    await request(server.port, { method: 'GET' })
    await rawExchange(server.port, 'NOT HTTP\r\n\r\n')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(lines).toEqual([])
    expect(written.filter((w) => w.includes('TrentService') || w.includes(' 405 ') || w.startsWith('- - -'))).toEqual([])
  })

  it('a log sink that throws does not break the endpoint', async () => {
    server = await serve({ port: 0, crypto: createDeterministicProvider({ seed: 5 }), log: () => { throw new Error('disk full') } })
    expect((await request(server.port, { headers: kmsHeaders('CreateKey'), body: '{}' })).status).toBe(200)
    expect((await request(server.port, { headers: kmsHeaders('CreateKey'), body: '{}' })).status).toBe(200)
  })
})
