/**
 * Support for the 2023-10-10 profile tests: an emulator on a manual clock driven through
 * `handle` (the wire, as an SDK would), key creation with the usage each key spec needs, and
 * GetParametersForImport / ImportKeyMaterial helpers.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { createEmulator, createNodeProvider, type CryptoProvider, type Emulator } from 'kms-key-import'
import { createDeterministicProvider, manualClock, type ManualClock } from 'kms-key-import/testing'
import type { KeySpecName, WrappingKeySpecName, AlgorithmName, Profile } from './expectations.js'
import { wireCaller, type JsonObject, type Reply } from '../support/wire.js'

export type { JsonObject, Reply }

export const T0 = Date.parse('2026-03-02T09:00:00.000Z')
export const DAY_MS = 86_400_000
export const US = 'us-east-1'
export const CN = 'cn-north-1'

export interface Kms {
  readonly emulator: Emulator
  readonly clock: ManualClock
  readonly region: string
  call(operation: string, body?: unknown): Promise<Reply>
}

export interface KmsOptions {
  readonly profile?: Profile
  readonly region?: string
  readonly seed?: number
  /** `node` for the node:crypto provider (SM2 wrapping keys); default deterministic. */
  readonly provider?: 'deterministic' | 'node'
}

/**
 * An emulator of the given profile and region, on a manual clock.
 * @param options - profile (default 2023-10-10), region (default us-east-1), seed, provider
 */
export const newKms = (options: KmsOptions = {}): Kms => {
  const clock = manualClock(T0)
  const region = options.region ?? US
  const crypto: CryptoProvider = options.provider === 'node' ? createNodeProvider() : createDeterministicProvider({ seed: options.seed ?? 2023 })
  const emulator = createEmulator({ profile: options.profile ?? '2023-10-10', region, clock, crypto })
  return {
    emulator,
    clock,
    region,
    call: wireCaller(emulator),
  }
}

/** The KeyUsage CreateKey needs for an EXTERNAL key of each spec. */
export const usageOf = (keySpec: KeySpecName): string =>
  keySpec === 'SYMMETRIC_DEFAULT' || keySpec.startsWith('RSA_')
    ? 'ENCRYPT_DECRYPT'
    : keySpec.startsWith('HMAC_')
      ? 'GENERATE_VERIFY_MAC'
      : 'SIGN_VERIFY'

/** CreateKey with Origin EXTERNAL; returns the raw reply. */
export const createExternal = (kms: Kms, keySpec: KeySpecName): Promise<Reply> =>
  kms.call('CreateKey', { KeySpec: keySpec, KeyUsage: usageOf(keySpec), Origin: 'EXTERNAL' })

/** CreateKey with Origin EXTERNAL that must succeed; returns the key ARN. */
export const createExternalKey = async (kms: Kms, keySpec: KeySpecName): Promise<string> => {
  const reply = await createExternal(kms, keySpec)
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  const meta = reply.body.KeyMetadata as JsonObject
  expect(meta.KeyState).toBe('PendingImport')
  return meta.Arn as string
}

export interface Parameters {
  readonly keyArn: string
  readonly importToken: string
  readonly publicKey: Uint8Array
  readonly validTo: number
}

/** GetParametersForImport that must succeed. */
export const getParameters = async (kms: Kms, keyArn: string, wrappingKeySpec: WrappingKeySpecName, algorithm: AlgorithmName): Promise<Parameters> => {
  const reply = await kms.call('GetParametersForImport', { KeyId: keyArn, WrappingAlgorithm: algorithm, WrappingKeySpec: wrappingKeySpec })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return {
    keyArn: reply.body.KeyId as string,
    importToken: reply.body.ImportToken as string,
    publicKey: new Uint8Array(Buffer.from(reply.body.PublicKey as string, 'base64')),
    validTo: reply.body.ParametersValidTo as number,
  }
}

/** ImportKeyMaterial with material that never expires. */
export const importMaterial = (kms: Kms, params: Parameters, encrypted: Uint8Array): Promise<Reply> =>
  kms.call('ImportKeyMaterial', {
    KeyId: params.keyArn,
    ImportToken: params.importToken,
    EncryptedKeyMaterial: Buffer.from(encrypted).toString('base64'),
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  })

/** Asserts an AWS error: status 400 (unless given), exact `__type` and exact `message`, nothing else. */
export const expectError = (reply: Reply, type: string, message: string, status = 400): void => {
  expect({ status: reply.status, body: reply.body }).toEqual({ status, body: { __type: type, message } })
}

/** Asserts a successful ImportKeyMaterial for `keyArn`. */
export const expectImported = (reply: Reply, keyArn: string): void => {
  expect({ status: reply.status, body: reply.body }).toEqual({ status: 200, body: { KeyId: keyArn } })
}

/**
 * Asserts that no rendering of `material` (hex either case, base64, base64url) occurs in `text`:
 * 12-byte windows at its start, middle and end (for PKCS#8 the end is the key itself).
 */
export const expectNoLeak = (text: string, material: Uint8Array): void => {
  const b = Buffer.from(material)
  const size = Math.min(12, b.length)
  const starts = [...new Set([0, Math.max(0, Math.floor(b.length / 2) - size / 2), b.length - size].map(Math.floor))]
  for (const start of starts) {
    const window = b.subarray(start, start + size)
    const hex = window.toString('hex')
    for (const shown of [hex, hex.toUpperCase(), window.toString('base64').slice(0, 12), window.toString('base64url').slice(0, 12)]) {
      if (shown.length >= 8) expect(text).not.toContain(shown)
    }
  }
}

// ------------------------------------------------------------------------------------------
// OpenSSL CLI
// ------------------------------------------------------------------------------------------

/** Fails loudly when the OpenSSL CLI is missing: these tests must run, not skip. */
export const requireOpenssl = (): string => {
  try {
    return execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim()
  } catch (e) {
    throw new Error(`the OpenSSL CLI ('openssl') is required by test/profile-2023 and was not found or failed: ${String(e)}`)
  }
}

/** Runs `openssl` with `args` in `cwd`; stdout as a Buffer. */
export const openssl = (cwd: string, args: readonly string[], input?: Uint8Array): Buffer =>
  execFileSync('openssl', [...args], { cwd, ...(input === undefined ? {} : { input }), stdio: ['pipe', 'pipe', 'pipe'] })

/** A temporary directory, removed by the returned cleanup. */
export const tempDir = (prefix: string): { readonly dir: string; readonly path: (name: string) => string; readonly remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), `kms-${prefix}-`))
  return { dir, path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) }
}
