/**
 * `kms-key-import serve`: argument parsing, and the real command in a child process — it prints
 * its URL, serves, logs, and exits 0 after SIGINT or SIGTERM.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { classicProfile, createEmulator, defaultProfile, profiles } from 'kms-key-import'
import { createDeterministicProvider } from 'kms-key-import/testing'
import { UsageError } from '../../src/cli/args.js'
import { DEFAULT_POOL_SIZE, parseServeArgs, serveUsage } from '../../src/cli/serve.js'
import { DEFAULT_HOST, DEFAULT_LIMITS, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_PORT } from 'kms-key-import/http'
import { kmsHeaders, request } from '../http/raw-client.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

describe('parseServeArgs', () => {
  it('reads every option', () => {
    expect(parseServeArgs(['--port', '4599', '--host', '::1', '--profile', 'classic', '--region', 'eu-west-1', '--quiet', '--envelope', 'seed', '--max-body-bytes', '2048']))
      .toEqual({ port: 4599, host: '::1', profile: classicProfile, region: 'eu-west-1', quiet: true, envelope: 'seed', maxBodyBytes: 2048 })
  })

  it('reads the state and the bounds, timeouts in seconds', () => {
    expect(parseServeArgs(['--state', 's.mdb', '--sealing-key-file', 'k', '--pool-size', '0', '--max-connections', '7', '--max-buffered-bytes', '4096', '--headers-timeout', '2', '--request-timeout', '3', '--idle-timeout', '4']))
      .toEqual({ stateFile: 's.mdb', sealingKeyFile: 'k', poolSize: 0, maxConnections: 7, maxBufferedBytes: 4096, headersTimeoutMs: 2000, requestTimeoutMs: 3000, idleTimeoutMs: 4000 })
  })

  it('leaves out what is not given (the defaults are serve()’s)', () => {
    expect(parseServeArgs([])).toEqual({})
  })

  it('prints in its usage the defaults serve() applies (port, host, profile, Region, bounds in seconds, pool)', () => {
    const shown = Object.fromEntries([...serveUsage.matchAll(/\[--([a-z-]+) ([^\]\s]+)\]/g)].map((m) => [m[1], m[2]]))
    expect(shown).toEqual({
      port: String(DEFAULT_PORT),
      host: DEFAULT_HOST,
      profile: defaultProfile.name,
      region: createEmulator({ crypto: createDeterministicProvider() }).region,
      envelope: 'kms|seed',
      'max-body-bytes': String(DEFAULT_MAX_BODY_BYTES),
      'sealing-key-file': 'KEY',
      'pool-size': String(DEFAULT_POOL_SIZE),
      'max-connections': String(DEFAULT_LIMITS.maxConnections),
      'max-buffered-bytes': String(DEFAULT_MAX_BUFFERED_BYTES),
      'headers-timeout': String(DEFAULT_LIMITS.headersTimeoutMs / 1000),
      'request-timeout': String(DEFAULT_LIMITS.requestTimeoutMs / 1000),
      'idle-timeout': String(DEFAULT_LIMITS.idleTimeoutMs / 1000),
    })
  })

  // every whole-number flag with what it accepts, written out here (not read from the command)
  it.each([
    ['port', 0, 65535], ['pool-size', 0, 1024], ['max-body-bytes', 1, Number.MAX_SAFE_INTEGER], ['max-connections', 1, 1_000_000],
    ['max-buffered-bytes', 1, Number.MAX_SAFE_INTEGER], ['headers-timeout', 1, 3600], ['request-timeout', 1, 3600], ['idle-timeout', 1, 3600],
  ] as const)('refuses a bad --%s, given as --flag VALUE or --flag=VALUE, naming it and what is accepted', (flag, min, max) => {
    for (const value of ['-1', '-1.5', '-x', '-', '1.5', '1e3', 'abc', '', String(min - 1), String(max + 1)]) {
      for (const args of [[`--${flag}`, value], [`--${flag}=${value}`]]) {
        expect(() => parseServeArgs(args), args.join(' ')).toThrow(new UsageError(`--${flag} must be an integer in ${min}–${max}: ${value}`))
      }
    }
  })

  it('resolves latest to the newest profile', () => {
    expect(parseServeArgs(['--profile', 'latest'])).toEqual({ profile: profiles[profiles.length - 1] })
  })

  it.each([
    [['--port', 'x'], '--port must be an integer in 0–65535: x'],
    [['--port', '65536'], '--port must be an integer in 0–65535: 65536'],
    [['--envelope', 'json'], '--envelope must be kms or seed: json'],
    [['--max-body-bytes', '0'], `--max-body-bytes must be an integer in 1–${Number.MAX_SAFE_INTEGER}: 0`],
    [['--region', 'bogus'], '--region must be a Region of the aws, aws-cn or aws-us-gov partition (e.g. us-east-1, cn-north-1, us-gov-west-1): bogus'],
    // a real Region, of a partition the emulator does not model: the message must not deny it is a Region name
    [['--region', 'us-iso-east-1'], '--region must be a Region of the aws, aws-cn or aws-us-gov partition (e.g. us-east-1, cn-north-1, us-gov-west-1): us-iso-east-1'],
    [['--sealing-key-file', 'k'], '--sealing-key-file needs --state FILE: it is the key of a state database (without --state, nothing is kept)'],
    [['--profile', 'nope'], `--profile must be one of ${[...profiles.map((p) => p.name), 'latest'].join(', ')}: nope`],
    // node:util parseArgs's own messages (their wording varies by Node version: matched by their start)
    [['--bogus'], "Unknown option '--bogus'"],
    [['extra'], "Unexpected argument 'extra'"],
  ])('refuses %j', (args, message) => {
    expect(() => parseServeArgs(args)).toThrow(message)
  })
})

interface Child {
  readonly process: ChildProcessWithoutNullStreams
  readonly stdout: () => string
  readonly stderr: () => string
  readonly exit: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>
}

const run = (args: readonly string[]): Child => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: 'pipe',
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  return { process: child, stdout: () => out, stderr: () => err, exit }
}

/** Waits for the banner and returns the port it announces. */
const announcedPort = async (child: Child): Promise<number> => {
  const deadline = Date.now() + 20_000
  for (;;) {
    const match = /at http:\/\/127\.0\.0\.1:(\d+)\n/.exec(child.stdout())
    if (match?.[1] !== undefined) return Number(match[1])
    if (Date.now() > deadline || child.process.exitCode !== null) throw new Error(`no URL announced; stdout: ${child.stdout()} stderr: ${child.stderr()}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('kms-key-import serve (child process)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('serves, logs one line per request, and exits 0 on %s', async (signal) => {
    const child = run(['serve', '--port', '0'])
    try {
      const port = await announcedPort(child)
      expect(child.stdout()).toBe(`kms-key-import: KMS endpoint (profile classic, region us-east-1) at http://127.0.0.1:${port}\n`)
      const res = await request(port, { headers: kmsHeaders('CreateKey'), body: '{"Origin":"EXTERNAL"}' })
      expect(res.status).toBe(200)
      child.process.kill(signal)
      expect(await child.exit).toEqual({ code: 0, signal: null })
      expect(child.stderr()).toMatch(new RegExp(`^POST / TrentService\\.CreateKey 200 \\d+\\.\\dms [0-9a-f-]{36}\\nkms-key-import: ${signal}, shutting down\\n$`))
    } finally {
      child.process.kill('SIGKILL')
    }
  })

  it('stops on SIGTERM while RSA-4096 generations run on its workers: each waiting call answered (200 or 500 KMSInternalException, none cut), by its 6 s deadline', async () => {
    const child = run(['serve', '--port', '0', '--quiet', '--pool-size', '0', '--profile', '2023-10-10'])
    try {
      const port = await announcedPort(child)
      const created = JSON.parse((await request(port, { headers: kmsHeaders('CreateKey'), body: '{"Origin":"EXTERNAL"}' })).body) as { KeyMetadata: { KeyId: string } }
      const body = JSON.stringify({ KeyId: created.KeyMetadata.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096' })
      // more than the workers (one per core) take at once: some generate, the others wait in the queue
      const answers = Array.from({ length: 6 }, () => request(port, { headers: kmsHeaders('GetParametersForImport'), body }).then(
        (r) => (r.status === 200 ? 200 : { status: r.status, body: JSON.parse(r.body) as unknown }),
        () => 'cut',
      ))
      await new Promise((resolve) => setTimeout(resolve, 100))
      const t = performance.now()
      child.process.kill('SIGTERM')
      const exit = await child.exit
      // a deadline, not a speed: the emulator closes first, so calls waiting for a generation are
      // answered 500 at once (not generated on the event loop, not cut after the grace period),
      // and generations already running (uninterruptible) are waited for only until the deadline
      expect(performance.now() - t).toBeLessThan(7500)
      // status 0 once the running generations end; by the signal when they outlast the deadline (at
      // the workers' low priority, on a machine busy with other tests)
      expect([{ code: 0, signal: null }, { code: null, signal: 'SIGTERM' }]).toContainEqual(exit)
      const refused = { status: 500, body: { __type: 'KMSInternalException', message: 'Could not create a wrapping key pair: the provider is closed (the endpoint is stopping)' } }
      for (const a of await Promise.all(answers)) expect([200, refused]).toContainEqual(a)
    } finally {
      child.process.kill('SIGKILL')
    }
  }, 30_000)

  it('--quiet --envelope seed --profile --region: no log, enveloped answers, the given region', async () => {
    const child = run(['serve', '--port', '0', '--quiet', '--envelope', 'seed', '--profile', 'classic', '--region', 'eu-central-1'])
    try {
      const port = await announcedPort(child)
      expect(child.stdout()).toContain('(profile classic, region eu-central-1, seed envelope)')
      const res = await request(port, { headers: kmsHeaders('DescribeKey'), body: '{"KeyId":"nope"}' })
      expect(JSON.parse(res.body)).toEqual({ success: false, error: { code: 'NOT_FOUND', message: "Invalid keyId 'nope'" } })
      child.process.kill('SIGTERM')
      expect(await child.exit).toEqual({ code: 0, signal: null })
      expect(child.stderr()).toBe('')
    } finally {
      child.process.kill('SIGKILL')
    }
  })

  it('exits 2 with the usage for a bad option, before listening', async () => {
    const child = run(['serve', '--envelope', 'xml'])
    expect(await child.exit).toEqual({ code: 2, signal: null })
    expect(child.stderr()).toMatch(/^--envelope must be kms or seed: xml\nusage: kms-key-import serve /)
    expect(child.stdout()).toBe('')
  })

  it('exits 1 when the port is taken', async () => {
    const first = run(['serve', '--port', '0', '--quiet'])
    try {
      const port = await announcedPort(first)
      const second = run(['serve', '--port', String(port)])
      expect(await second.exit).toEqual({ code: 1, signal: null })
      expect(second.stderr()).toBe(`kms-key-import serve: listen EADDRINUSE: address already in use 127.0.0.1:${port}\n`)
    } finally {
      first.process.kill('SIGKILL')
    }
  })
})
