/**
 * `kms-key-import conform` against endpoints that are broken, slow or hostile, and with bad
 * command lines: it never hangs, never prints a stack trace, says what is wrong in one line with
 * a status ≠ 0, and leaves the endpoint alone once it stops answering. Each endpoint is a
 * throw-away `node:http` server on 127.0.0.1 (a proxy to the project's endpoint where the run must
 * get going first); Ctrl-C is tried on the command as a user runs it (a child process).
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type RunningServer } from 'kms-key-import/http'
import { createDeterministicProvider } from 'kms-key-import/testing'
import { conformCommand } from '../../src/cli/conform.js'
import { endlessAnswer } from '../support/endless-answer.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

const run = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = ''
  let err = ''
  const code = await conformCommand(args, { out: (t) => { out += t }, err: (t) => { err += t }, credentials: async () => undefined })
  return { code, out, err }
}

/** A throw-away endpoint on 127.0.0.1: its URL, how many requests it got, and its closing (every connection with it). */
const endpoint = async (handle: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> => {
  let n = 0
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    n += 1
    handle(req, res, n)
  })
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => n,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/** Hands the request to the project's endpoint, as it came. */
const forward = (upstream: string, req: IncomingMessage, res: ServerResponse): void => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const up = httpRequest(upstream, { method: 'POST', headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 500, answer.headers)
      answer.pipe(res)
    })
    up.end(Buffer.concat(chunks))
  })
}

describe('kms-key-import conform, bad command lines', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'conform-cli-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses, before any request and with exit status 2, a report file in a missing directory, an --operations list that names nothing the profile serves, a malformed --timeout-ms', async () => {
    const never = await endpoint((_req, res) => res.writeHead(500).end())
    try {
      const cases: [string[], RegExp][] = [
        [['--junit', join(dir, 'missing', 'r.xml')], /^--junit .*r\.xml: .*missing is not a directory$/],
        [['--report', join(dir, 'missing', 'r.md')], /^--report .*: .*missing is not a directory$/],
        [['--json', join(dir, 'missing', 'r.json')], /^--json .*: .*missing is not a directory$/],
        [['--operations', ','], /^--operations names no operation that profile classic serves: ,$/],
        [['--operations', 'RotateKeyOnDemand'], /^--operations names no operation that profile classic serves: RotateKeyOnDemand$/],
        [['--timeout-ms', 'abc'], /^--timeout-ms must be an integer in 1–3600000: abc$/],
        [['--timeout-ms', '0'], /^--timeout-ms must be an integer/],
      ]
      for (const [args, says] of cases) {
        const res = await run(['--endpoint', never.url, '--runs', '1', ...args])
        expect(res.code, args.join(' ')).toBe(2)
        expect(res.err.split('\n')[0]).toMatch(says)
        expect(res.err).not.toMatch(/\n\s+at /)
      }
      expect(never.requests()).toBe(0)
    } finally {
      await never.close()
    }
  })
})

describe('kms-key-import conform, bad numbers', () => {
  // every whole-number flag with what it accepts, written out here (not read from the command)
  const FLAGS: readonly (readonly [string, number, number])[] = [
    ['runs', 1, 100_000], ['seed', 0, 2 ** 31 - 1], ['steps', 1, 1000], ['shrink-runs', 0, 100_000],
    ['valid-for-ms', 1, 3_600_000], ['wait-ms', 1, 3_600_000], ['tolerance-ms', 0, 3_600_000], ['timeout-ms', 1, 3_600_000],
  ]
  // negative (whole, fractional, a letter after the dash), fractional, exponent, not a number, below and past the range
  const BAD = ['-1', '-1.5', '-x', '-', '1.5', '1e3', 'abc', '']

  it.each(FLAGS)('--%s: a bad value, given as --flag VALUE or --flag=VALUE, is named with what is accepted, status 2, no request', async (flag, min, max) => {
    const never = await endpoint((_req, res) => res.writeHead(500).end())
    try {
      for (const value of [...BAD, String(min - 1), String(max + 1)]) {
        for (const args of [[`--${flag}`, value], [`--${flag}=${value}`]]) {
          const res = await run(['--endpoint', never.url, ...args])
          expect(res.code, args.join(' ')).toBe(2)
          expect(res.err.split('\n')[0], args.join(' ')).toBe(`--${flag} must be an integer in ${min}–${max}: ${value}`)
          expect(res.err).toContain('usage: kms-key-import conform ')
        }
      }
      expect(never.requests()).toBe(0)
    } finally {
      await never.close()
    }
  })

  it('a flag after a whole-number flag is still a forgotten value, in parseArgs\'s words', async () => {
    const res = await run(['--endpoint', 'http://127.0.0.1:1', '--runs', '--quiet'])
    expect(res.code).toBe(2)
    expect(res.err).toMatch(/^Option '--runs' argument is ambiguous/)
  })
})

describe('kms-key-import conform, endpoints that fail', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await serve({ port: 0, quiet: true, crypto: createDeterministicProvider({ seed: 4 }) })
  })
  afterAll(async () => {
    await server.close()
  })

  it('gives up on an endpoint that never answers after --timeout-ms, exit status 3, one line', async () => {
    const silent = await endpoint((req) => req.resume())
    try {
      const res = await run(['--endpoint', silent.url, '--runs', '3', '--timeout-ms', '300', '--quiet'])
      expect(res.code).toBe(3)
      expect(res.out).toBe('')
      expect(res.err).toMatch(/^kms-key-import conform: the run could not complete: CreateKey to http:\/\/127\.0\.0\.1:\d+: no whole answer within 300 ms\n$/)
    } finally {
      await silent.close()
    }
  }, 30_000)

  it('asks nothing more of an endpoint that stopped answering mid-run: the keys left are listed, not each waited for', async () => {
    let hungFrom: number | undefined
    const dying = await endpoint((req, res, n) => {
      // the starting keys are made, then the endpoint stops answering
      if (n > 3) {
        hungFrom ??= n
        req.resume()
        return
      }
      forward(server.url, req, res)
    })
    try {
      const res = await run(['--endpoint', dying.url, '--runs', '2', '--steps', '5', '--seed', '1', '--operations', 'lifecycle', '--timeout-ms', '300', '--quiet'])
      expect(res.code).toBe(3)
      const lines = res.err.trimEnd().split('\n')
      expect(lines[0]).toMatch(/the run could not complete: \w+ to http:\/\/127\.0\.0\.1:\d+: no whole answer within 300 ms$/)
      expect(lines.length).toBeGreaterThan(1)
      for (const l of lines.slice(1)) expect(l).toMatch(/^kms-key-import conform: left on the endpoint: key [0-9a-f-]{36} \(us-east-1\): not asked: /)
      // one request went unanswered; no cleanup request was sent after it
      expect(dying.requests()).toBe(hungFrom)
    } finally {
      await dying.close()
    }
  }, 30_000)

  it('sends a throttled request again instead of calling ThrottlingException a divergence', async () => {
    const throttling = await endpoint((req, res, n) => {
      if (n % 3 === 0) {
        req.resume()
        req.on('end', () => res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end('{"__type":"ThrottlingException","message":"Rate exceeded"}'))
        return
      }
      forward(server.url, req, res)
    })
    try {
      const res = await run(['--endpoint', throttling.url, '--runs', '2', '--steps', '6', '--seed', '1', '--operations', 'lifecycle', '--valid-for-ms', '300', '--wait-ms', '400', '--quiet'])
      expect(res.code, res.out).toBe(0)
      expect(res.out).toContain('**Result: no divergence.**')
    } finally {
      await throttling.close()
    }
  }, 60_000)

  it('says of an operation the endpoint answers UnknownOperationException that it is not served (a divergence, not a crash)', async () => {
    const served = new Set(['CreateKey', 'DescribeKey', 'ScheduleKeyDeletion', 'EnableKey'])
    const partial = await endpoint((req, res) => {
      if (served.has(String(req.headers['x-amz-target']).replace('TrentService.', ''))) {
        forward(server.url, req, res)
        return
      }
      req.resume()
      req.on('end', () => res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end('{"__type":"UnknownOperationException"}'))
    })
    try {
      const res = await run(['--endpoint', partial.url, '--runs', '2', '--steps', '6', '--seed', '1', '--operations', 'EnableKey,DisableKey', '--shrink-runs', '5'])
      expect(res.code, res.err).toBe(1)
      expect(res.err).toMatch(/new divergence: DisableKey: answer \(shrunk to \d+ step\(s\)\); the target does not serve DisableKey\n/)
      expect(res.out).toContain('### 1. DisableKey: answer (not served)')
      expect(res.out).toContain('The target does not serve DisableKey (it answered UnknownOperationException)')
    } finally {
      await partial.close()
    }
  }, 60_000)

  it('says that a redirect is one, and that the body was empty, rather than printing {}', async () => {
    const moved = await endpoint((req, res) => {
      req.resume()
      req.on('end', () => res.writeHead(307, { location: 'http://127.0.0.1:1/' }).end())
    })
    try {
      const res = await run(['--endpoint', moved.url, '--runs', '1', '--quiet'])
      expect(res.code).toBe(3)
      expect(res.err).toMatch(/: CreateKey answered HTTP 307 \(a redirect, which the kit does not follow: give the URL the endpoint answers at\) naming no exception, with an empty body\n$/)
    } finally {
      await moved.close()
    }
  })

  it('stops reading an endless answer at 1 MiB: exit status 3, one line', async () => {
    const endless = await endpoint(endlessAnswer)
    try {
      const res = await run(['--endpoint', endless.url, '--runs', '1', '--quiet'])
      expect(res.code).toBe(3)
      expect(res.err).toMatch(/^kms-key-import conform: the run could not complete: CreateKey to http:\/\/127\.0\.0\.1:\d+: the answer is longer than 1048576 bytes/)
      expect(res.err.trimEnd().split('\n')).toHaveLength(1)
    } finally {
      await endless.close()
    }
  }, 30_000)

  it('on Ctrl-C stops after the current step, schedules the sequence\'s keys for deletion, prints the report of what ran and exits 130', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'conform', '--endpoint', server.url, '--runs', '10000', '--steps', '10', '--seed', '1',
      '--operations', 'lifecycle', '--valid-for-ms', '300', '--wait-ms', '400'], { cwd: root, env: { ...process.env, NODE_NO_WARNINGS: '1' } })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => { out += c.toString() })
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString()
      // interrupt once the run is under way
      if (/\[1\/10000\]/.test(err) && !child.killed) child.kill('SIGINT')
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
    expect(code, err).toBe(130)
    expect(err).toContain('interrupted — stopping after the current step')
    expect(err).toMatch(/interrupted after \d+ of 10000 sequence\(s\); \d+ steps compared, 0 distinct divergence\(s\); \d+ key\(s\) scheduled for deletion\n$/)
    expect(err).not.toMatch(/\n\s+at /)
    expect(out).toContain('# KMS conformance report')
    expect(out).toContain('## Cleanup')
    expect(out).not.toMatch(/Left on the endpoint/)
  }, 60_000)
})
