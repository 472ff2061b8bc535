/**
 * Support for the 2023-10-10 profile tests: the shared harness with this folder's defaults, key
 * creation with the usage each key spec needs, GetParametersForImport / ImportKeyMaterial helpers
 * by ARN, and the OpenSSL CLI runner.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { KeySpecName, WrappingKeySpecName, AlgorithmName } from './expectations.js'
import { kmsFactory, type JsonObject, type Kms, type Reply } from '../support/kms.js'

/** A 2023-10-10 emulator in us-east-1 with the deterministic provider (seed 2023) unless told. */
export const newKms = kmsFactory({ profile: '2023-10-10', seed: 2023 })

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
export const externalKeyArn = async (kms: Kms, keySpec: KeySpecName): Promise<string> => {
  const reply = await createExternal(kms, keySpec)
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  const meta = reply.body.KeyMetadata as JsonObject
  expect(meta.KeyState).toBe('PendingImport')
  return meta.Arn as string
}

export interface ArnParameters {
  readonly keyArn: string
  readonly importToken: string
  readonly publicKey: Uint8Array
  readonly validTo: number
}

/** GetParametersForImport that must succeed. */
export const parametersFor = async (kms: Kms, keyArn: string, wrappingKeySpec: WrappingKeySpecName, algorithm: AlgorithmName): Promise<ArnParameters> => {
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
export const importWrapped = (kms: Kms, params: ArnParameters, encrypted: Uint8Array): Promise<Reply> =>
  kms.call('ImportKeyMaterial', {
    KeyId: params.keyArn,
    ImportToken: params.importToken,
    EncryptedKeyMaterial: Buffer.from(encrypted).toString('base64'),
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  })

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
