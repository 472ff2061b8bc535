/**
 * The RSA workers failing for real, and what docs/security.md promises then: a request whose RSA
 * generation a worker was to make is answered through the provider's on-demand path (generated on
 * the event loop): an answer, not a hang, not a refusal. The workers are made unable to start by
 * Node itself: under its permission model (`--experimental-permission` without `--allow-worker`)
 * `new Worker` throws `ERR_ACCESS_DENIED`. `kms-key-import serve` runs so in a child process,
 * with its default wrapping-key pool (whose fills fail too), and is asked for wrapping pairs
 * (pooled RSA_2048, unpooled RSA_3072) and RSA key material; an import through the wrapping key
 * it handed out must succeed. tsx's loader needs a worker thread of its own, so the command runs
 * from a bundle of src/cli/main.ts (esbuild), made in a scratch directory whose `node_modules`
 * links to the repository's.
 */
import { spawn, spawnSync } from 'node:child_process'
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { post } from '../crash/harness.js'
import { outputMatching } from '../support/child-output.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Node's permission model, everything allowed that the command needs, worker threads not. */
const NO_WORKERS = ['--experimental-permission', '--allow-fs-read=*', '--allow-addons']

// what the RSA workers answer where they run: printed as JSON
const PROBE = `
import { createRsaWorkers } from './src/crypto/rsa-workers.ts'
const workers = createRsaWorkers()
const probe = await workers.probe()
workers.close()
process.stdout.write(JSON.stringify({ tag: probe._tag, left: probe.left }))
`

let dir: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kki-workers-'))
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  const common = { bundle: true, format: 'esm', platform: 'node', packages: 'external', logLevel: 'silent' } as const
  await build({ ...common, entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(dir, 'main.mjs') })
  await build({ ...common, stdin: { contents: PROBE, resolveDir: root, loader: 'ts' }, outfile: join(dir, 'probe.mjs') })
}, 60_000)
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const env = { ...process.env, NODE_NO_WARNINGS: '1' }

/** The modulus length of a DER SubjectPublicKeyInfo given in base64. */
const bitsOf = (spki: unknown): number | undefined => createPublicKey({ key: Buffer.from(String(spki), 'base64'), format: 'der', type: 'spki' }).asymmetricKeyDetails?.modulusLength

describe('RSA workers that cannot start', () => {
  it('under Node\'s permission model without --allow-worker, no worker starts (and without it, one does)', () => {
    const probe = (flags: readonly string[]): unknown => JSON.parse(spawnSync(process.execPath, [...flags, join(dir, 'probe.mjs')], { cwd: root, encoding: 'utf8', env }).stdout) as unknown
    expect(probe(NO_WORKERS)).toEqual({ tag: 'Left', left: 'no worker answered' })
    expect(probe([])).toMatchObject({ tag: 'Right' })
  })

  it('serve answers every request that needed one, from the on-demand path: wrapping pairs, RSA key material, an import through the pair handed out', async () => {
    const server = spawn(process.execPath, [...NO_WORKERS, join(dir, 'main.mjs'), 'serve', '--port', '0', '--profile', 'latest'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env })
    let stderr = ''
    server.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
    try {
      const url = await outputMatching(server, /http:\/\/127\.0\.0\.1:\d+/)
      const external = await post(url, 'CreateKey', { Origin: 'EXTERNAL' })
      expect(external.status).toBe(200)
      const KeyId = (external.body.KeyMetadata as { KeyId: string }).KeyId

      // RSA_3072: not pooled, generated for the call; then RSA_2048: pooled, the pool's fills failing too
      const wide = await post(url, 'GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_3072' })
      expect(wide.status).toBe(200)
      expect(bitsOf(wide.body.PublicKey)).toBe(3072)
      const params = await post(url, 'GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
      expect(params.status).toBe(200)
      expect(bitsOf(params.body.PublicKey)).toBe(2048)

      // the pair handed out is whole: material wrapped under its public key is imported
      const wrapped = publicEncrypt({ key: createPublicKey({ key: Buffer.from(String(params.body.PublicKey), 'base64'), format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(32))
      const imported = await post(url, 'ImportKeyMaterial', { KeyId, ImportToken: params.body.ImportToken, EncryptedKeyMaterial: wrapped.toString('base64'), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
      expect(imported).toEqual({ status: 200, body: expect.objectContaining({ KeyId: expect.stringContaining(KeyId) }) as unknown })

      // RSA key material of CreateKey
      const signing = await post(url, 'CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })
      expect(signing.status).toBe(200)
      const publicKey = await post(url, 'GetPublicKey', { KeyId: (signing.body.KeyMetadata as { KeyId: string }).KeyId })
      expect(publicKey.status).toBe(200)
      expect(bitsOf(publicKey.body.PublicKey)).toBe(2048)

      server.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(stderr.split('\n').filter((l) => l !== '').map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual([
        'POST / TrentService.CreateKey 200',
        'POST / TrentService.GetParametersForImport 200',
        'POST / TrentService.GetParametersForImport 200',
        'POST / TrentService.ImportKeyMaterial 200',
        'POST / TrentService.CreateKey 200',
        'POST / TrentService.GetPublicKey 200',
        'kms-key-import: SIGTERM, shutting down',
      ])
    } finally {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL')
    }
  }, 90_000)
})
