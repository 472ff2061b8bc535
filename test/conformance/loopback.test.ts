/**
 * The kit against the project's own endpoint over HTTP (loopback): no divergence, with the
 * endpoint on the sequences' shared manual clock (library) and in real time (the CLI).
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises'
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classicProfile, profile20231010, profile20250605, type Clock, type Profile } from 'kms-key-import'
import { LIFECYCLE_OPERATIONS, httpTarget, replaySteps, runConformance, type ConformanceReport, type Target, type Timeline } from 'kms-key-import/conformance'
import { serve, type RunningServer } from 'kms-key-import/http'
import { createDeterministicProvider } from 'kms-key-import/testing'
import { conformCommand, isRealAws } from '../../src/cli/conform.js'

/** A clock that reads whichever sequence's clock is current: one server serves every sequence. */
const switchableClock = (): Clock & { use(clock: Clock): void } => {
  let current: Clock = { now: () => Date.parse('2026-01-01T00:00:00Z') }
  return { now: () => current.now(), use: (clock) => { current = clock } }
}

describe('the conformance kit against the project endpoint over HTTP', () => {
  for (const profile of [classicProfile, profile20250605] as Profile[]) {
    it(`finds no divergence on a shared manual clock (profile ${profile.name}, 15 sequences)`, async () => {
      const clock = switchableClock()
      const server = await serve({ port: 0, quiet: true, profile, clock, crypto: createDeterministicProvider({ seed: 3 }) })
      try {
        const target = httpTarget({ endpoint: server.url })
        const report = await runConformance({ profile, runs: 15, steps: 25, seed: 100, operations: LIFECYCLE_OPERATIONS, target: (timeline) => {
          clock.use(timeline.clock)
          return target
        } })
        expect(report.divergences).toEqual([])
        expect(report.stepsCompared).toBeGreaterThan(100)
        expect(report.scorecard.operations.find((r) => r.name === 'ImportKeyMaterial')?.agree).toBeGreaterThan(5)
        expect(report.target).toBe(server.url)
      } finally {
        await server.close()
      }
    })
  }
})

describe('the conformance kit on keys that sign and MAC, over HTTP', () => {
  const signingKeys = [{ op: 'CreateKey', origin: 'EXTERNAL', spec: 'RSA_2048' }, { op: 'CreateKey', origin: 'EXTERNAL', spec: 'ECC_NIST_P256' }, { op: 'CreateKey', origin: 'EXTERNAL', spec: 'HMAC_256' }] as const
  const withServer = async (body: (options: { target: (timeline: Timeline) => Target }) => Promise<void>): Promise<void> => {
    const clock = switchableClock()
    const server = await serve({ port: 0, quiet: true, profile: profile20231010, clock, crypto: createDeterministicProvider({ seed: 3 }) })
    try {
      const target = httpTarget({ endpoint: server.url })
      await body({ target: (timeline) => {
        clock.use(timeline.clock)
        return target
      } })
    } finally {
      await server.close()
    }
  }

  it('finds no divergence in generated sequences of imports, GetPublicKey, Sign, Verify, GenerateMac and VerifyMac (profile 2023-10-10)', async () => {
    await withServer(async ({ target }) => {
      const report = await runConformance({
        profile: profile20231010, runs: 15, steps: 25, seed: 5, target, initialKeys: signingKeys,
        operations: ['GetParametersForImport', 'ImportKeyMaterial', 'GetPublicKey', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'DisableKey', 'EnableKey'],
        weights: { GetParametersForImport: 3, ImportKeyMaterial: 4, Sign: 3, Verify: 3, GenerateMac: 3, VerifyMac: 3 },
      })
      expect(report.divergences).toEqual([])
      expect(report.scorecard.areas.find((a) => a.name === 'signing and MACs')?.agree).toBeGreaterThan(20)
    })
  })

  it('agrees on every step of a script that imports RSA, ECC and HMAC material, signs, verifies and MACs (profile 2023-10-10)', async () => {
    await withServer(async ({ target }) => {
      const records = await replaySteps({ profile: profile20231010, target }, [
        ...signingKeys,
        { op: 'GetParametersForImport', key: 0, algorithm: 'RSA_AES_KEY_WRAP_SHA_256', spec: 'RSA_3072' },
        { op: 'ImportKeyMaterial', token: 0, key: undefined, material: 'A', validFor: undefined, importType: undefined },
        { op: 'GetParametersForImport', key: 1, algorithm: 'RSAES_OAEP_SHA_256', spec: 'RSA_2048' },
        { op: 'ImportKeyMaterial', token: 0, key: undefined, material: 'B', validFor: undefined, importType: undefined },
        { op: 'GetParametersForImport', key: 2, algorithm: 'RSAES_OAEP_SHA_1', spec: 'RSA_4096' },
        { op: 'ImportKeyMaterial', token: 0, key: undefined, material: 'C', validFor: 86_400_000, importType: undefined },
        { op: 'GetPublicKey', key: 0 },
        { op: 'GetPublicKey', key: 1 },
        { op: 'Sign', key: 0, message: 0, algorithm: undefined },
        { op: 'Sign', key: 1, message: 1, algorithm: undefined },
        { op: 'Sign', key: 1, message: 1, algorithm: 'RSASSA_PSS_SHA_256' },
        { op: 'Verify', signature: 0, key: undefined, message: undefined },
        { op: 'Verify', signature: 1, key: undefined, message: 0 },
        { op: 'Verify', signature: 0, key: 1, message: undefined },
        { op: 'GenerateMac', key: 2, message: 0, algorithm: undefined },
        { op: 'GenerateMac', key: 0, message: 0, algorithm: undefined },
        { op: 'VerifyMac', mac: 0, key: undefined, message: undefined },
        { op: 'VerifyMac', mac: 0, key: undefined, message: 1 },
        { op: 'Wait', ms: 86_400_000 },
        { op: 'GenerateMac', key: 2, message: 0, algorithm: undefined },
      ])
      expect(records.flatMap((r) => r.differences)).toEqual([])
      const answers = records.slice(3).map((r) => (r.step.op === 'Wait' ? '-' : r.actual.outcome?.error?.type ?? 'ok'))
      expect(answers).toEqual([
        'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok',
        'ok', 'ok', 'InvalidKeyUsageException',
        'ok', 'KMSInvalidSignatureException', 'InvalidKeyUsageException',
        'ok', 'InvalidKeyUsageException',
        'ok', 'KMSInvalidMacException',
        '-', 'KMSInvalidStateException',
      ])
      // the public keys are the imported materials', and the MACs equal on both sides (compared as they are)
      expect(records[9]?.actual.outcome?.members.PublicKey).toBe('<public key of material A (RSA_2048)>')
      expect(records[10]?.actual.outcome?.members.PublicKey).toBe('<public key of material B (ECC_NIST_P256)>')
      expect(records[17]?.actual.outcome?.members.Mac).toBe(records[17]?.expected.outcome?.members?.Mac)
    })
  })
})

describe('kms-key-import conform', () => {
  let server: RunningServer
  let dir: string
  const run = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = ''
    let err = ''
    const code = await conformCommand(args, { out: (t) => { out += t }, err: (t) => { err += t }, credentials: async () => undefined })
    return { code, out, err }
  }
  beforeAll(async () => {
    server = await serve({ port: 0, quiet: true, crypto: createDeterministicProvider({ seed: 4 }) })
    dir = await mkdtemp(join(tmpdir(), 'conform-'))
  })
  afterAll(async () => {
    await server.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('exits 0 against the project endpoint in real time, and writes the Markdown, JSON and JUnit reports', async () => {
    const files = { report: join(dir, 'r.md'), json: join(dir, 'r.json'), junit: join(dir, 'r.xml') }
    const res = await run(['--endpoint', server.url, '--runs', '4', '--steps', '12', '--seed', '1', '--valid-for-ms', '1500', '--wait-ms', '2000', '--operations', 'lifecycle',
      '--report', files.report, '--json', files.json, '--junit', files.junit])
    expect(res.err).toMatch(/\[4\/4\]/)
    expect(res.code, res.out).toBe(0)
    expect(res.out).toContain('**Result: no divergence.**')
    expect(await readFile(files.report, 'utf8')).toBe(res.out)
    const json = JSON.parse(await readFile(files.json, 'utf8')) as ConformanceReport
    expect(json).toMatchObject({ divergences: [], timing: 'real' })
    // the seed's sequences import material and wait in real time
    expect(json.scorecard.operations.find((r) => r.name === 'ImportKeyMaterial')?.agree).toBeGreaterThan(0)
    expect(json.scorecard.operations.find((r) => r.name === 'Wait')?.agree).toBeGreaterThan(0)
    const xml = new XMLParser({ ignoreAttributes: false }).parse(await readFile(files.junit, 'utf8')) as { testsuites: { '@_failures': string; testsuite: unknown[] } }
    expect(xml.testsuites['@_failures']).toBe('0')
    expect(xml.testsuites.testsuite).toHaveLength(2)
  }, 60_000)

  it('exits 1 against an endpoint with a rule broken, printing the shrunk script as JSON requests and AWS CLI commands', async () => {
    const broken: Profile = {
      ...classicProfile,
      stateTable: {
        ...classicProfile.stateTable,
        EnableKey: { ...classicProfile.stateTable.EnableKey, states: { ...classicProfile.stateTable.EnableKey.states, PendingImport: { allow: false, exception: 'KMSInvalidStateException', message: 'pendingDeletion' } } },
      },
    }
    const mutant = await serve({ port: 0, quiet: true, profile: broken, crypto: createDeterministicProvider({ seed: 4 }) })
    try {
      const junit = join(dir, 'm.xml')
      const res = await run(['--endpoint', mutant.url, '--runs', '5', '--steps', '20', '--seed', '1', '--valid-for-ms', '1000', '--wait-ms', '1200', '--operations', 'lifecycle', '--junit', junit, '--quiet'])
      expect(res.code).toBe(1)
      expect(res.err).toBe('')
      expect(res.out).toContain('### 1. EnableKey: message')
      expect(res.out).toContain('is pending import.')
      expect(res.out).toMatch(/\$KMS enable-key --key-id "\$KEY\d"/)
      expect(res.out).toContain('"operation": "EnableKey"')
      const xml = new XMLParser({ ignoreAttributes: false }).parse(await readFile(junit, 'utf8')) as { testsuites: { '@_failures': string } }
      expect(Number(xml.testsuites['@_failures'])).toBeGreaterThan(0)
    } finally {
      await mutant.close()
    }
  }, 60_000)

  it('refuses real AWS without --yes-real-aws, and usage mistakes, with exit status 2', async () => {
    const aws = await run(['--endpoint', 'https://kms.eu-west-1.amazonaws.com'])
    expect(aws.code).toBe(2)
    expect(aws.err).toContain('is real AWS')
    expect(aws.err).toContain('--yes-real-aws')
    expect((await run([])).err).toContain('--endpoint is required')
    expect((await run(['--endpoint', server.url, '--profile', '2019'])).err).toContain('--profile must be one of')
    expect((await run(['--endpoint', server.url, '--wait-ms', '1000', '--valid-for-ms', '2000'])).code).toBe(2)
    expect((await run(['--endpoint', 'ftp://x'])).code).toBe(2)
  })

  it('knows real AWS endpoints from emulators', () => {
    expect(['https://kms.eu-west-1.amazonaws.com', 'https://kms.cn-north-1.amazonaws.com.cn', 'https://kms.us-east-1.api.aws'].map(isRealAws)).toEqual([true, true, true])
    expect(['http://localhost:4566', 'http://127.0.0.1:5000', 'https://amazonaws.com.example.org'].map(isRealAws)).toEqual([false, false, false])
  })

  it('signs with the credentials the default chain finds, and says so', async () => {
    let err = ''
    const code = await conformCommand(['--endpoint', server.url, '--runs', '1', '--steps', '3', '--seed', '2', '--valid-for-ms', '1000', '--wait-ms', '1200'],
      { out: () => undefined, err: (t) => { err += t }, credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }) })
    expect(code).toBe(0)
    expect(err).toContain('signing with the default credential chain')
  })

  it('says in the report what the run left on the endpoint: keys it could not schedule for deletion, aliases it could not delete', async () => {
    // a proxy to the project endpoint that refuses ScheduleKeyDeletion and DeleteAlias, as an emulator that serves neither would
    const refusing = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const operation = String(req.headers['x-amz-target'])
        if (operation === 'TrentService.ScheduleKeyDeletion' || operation === 'TrentService.DeleteAlias') {
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'UnsupportedOperationException', message: 'not served' }))
          return
        }
        const upstream = httpRequest(server.url, { method: 'POST', headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 500, answer.headers)
          answer.pipe(res)
        })
        upstream.end(Buffer.concat(chunks))
      })
    })
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve))
    try {
      const json = join(dir, 'cleanup.json')
      const res = await run(['--endpoint', `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`, '--runs', '2', '--steps', '8', '--seed', '1',
        '--operations', 'CreateAlias,EnableKey', '--json', json, '--quiet'])
      expect(res.code, res.out).toBe(0)
      const report = JSON.parse(await readFile(json, 'utf8')) as ConformanceReport
      // every key of both sequences (three starting keys each) is left, and said to be
      expect(report.cleanup?.keysScheduled).toBe(0)
      expect(report.cleanup?.left.filter((l) => l.resource.startsWith('key ')).length).toBe(6)
      expect(report.cleanup?.left.some((l) => l.resource.startsWith('alias alias/conform-'))).toBe(true)
      expect(report.cleanup?.left.every((l) => l.reason === 'UnsupportedOperationException')).toBe(true)
      expect(res.out).toContain('## Cleanup')
      expect(res.out).toMatch(/Left on the endpoint/)
      expect(res.out).toMatch(/\| key [0-9a-f-]{36} \| us-east-1 \| UnsupportedOperationException \|/)
    } finally {
      await new Promise((resolve) => refusing.close(resolve))
    }
  }, 60_000)

  it('says in the report that every key it created was scheduled for deletion', async () => {
    const res = await run(['--endpoint', server.url, '--runs', '1', '--steps', '4', '--seed', '1', '--operations', 'EnableKey', '--quiet'])
    expect(res.code).toBe(0)
    expect(res.out).toContain('## Cleanup')
    expect(res.out).toMatch(/3 key\(s\) the run created scheduled for deletion/)
    expect(res.out).not.toMatch(/Left on the endpoint/)
  }, 60_000)

  it('exits 3 with one line when the endpoint does not answer as a KMS endpoint (an HTML 404 page, a body that is not JSON)', async () => {
    const answers = [
      { status: 404, type: 'text/html', body: '<html><body>Not Found</body></html>', says: /CreateKey answered HTTP 404 .*<html><body>Not Found/ },
      { status: 200, type: 'application/json', body: '{"KeyMetadata": [1, 2,', says: /CreateKey answered HTTP 200 .*\{"KeyMetadata": \[1, 2,/ },
    ]
    for (const answer of answers) {
      const other = createServer((req, res) => {
        req.resume()
        req.on('end', () => res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body))
      })
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
      try {
        const res = await run(['--endpoint', `http://127.0.0.1:${(other.address() as AddressInfo).port}`, '--runs', '3', '--quiet'])
        expect(res.code, res.out).toBe(3)
        expect(res.out).toBe('')
        expect(res.err.trimEnd().split('\n')).toHaveLength(1)
        expect(res.err).toMatch(/does not answer as a KMS endpoint/)
        expect(res.err).toMatch(answer.says)
      } finally {
        await new Promise((resolve) => other.close(resolve))
      }
    }
  })

  it('exits 3 when the endpoint cannot be reached', async () => {
    const res = await run(['--endpoint', 'http://127.0.0.1:9', '--runs', '1', '--quiet'])
    expect(res.code).toBe(3)
    expect(res.err).toContain('could not complete')
  })
})
