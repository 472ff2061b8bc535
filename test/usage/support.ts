/**
 * Test support for the usage operations (test/usage): a `2023-10-10` emulator on a manual clock and
 * the deterministic provider (the shared harness), with the client side of
 * an asymmetric or HMAC import (GetParametersForImport, `wrapKeyMaterial`, ImportKeyMaterial) and
 * assertions on exact AWS error bodies. RSA material is the committed fixture keys (never generated
 * here); EC material comes from node's `generateKeyPairSync('ec', …)`, which is fast.
 */
import { execFileSync } from 'node:child_process'
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { WrappingAlgorithm } from 'kms-key-import'
import { fixtureRsaKeyPairs, wrapKeyMaterial } from 'kms-key-import/testing'
import { b64, bytesAt, createKey, expectOk, kmsFactory, type CreatedKey, type Kms } from '../support/kms.js'

/** A 2023-10-10 emulator with the deterministic provider (seed 1) unless told; `region: CN` for SM2. */
export const newKms = kmsFactory({ profile: '2023-10-10' })

/**
 * Imports `material` into `keyId` as a client does; must succeed.
 * @param kms - the emulator
 * @param keyId - an EXTERNAL key
 * @param material - plaintext material (PKCS#8 DER for asymmetric keys, raw bytes for HMAC)
 * @param algorithm - wrapping algorithm (default RSA_AES_KEY_WRAP_SHA_256, which fits every key)
 */
export const importInto = async (kms: Kms, keyId: string, material: Uint8Array, algorithm: WrappingAlgorithm = 'RSA_AES_KEY_WRAP_SHA_256'): Promise<void> => {
  const params = expectOk(await kms.call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048' }))
  const encrypted = wrapKeyMaterial(bytesAt(params, 'PublicKey'), algorithm, material)
  expectOk(await kms.call('ImportKeyMaterial', {
    KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: b64(encrypted), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  }))
}

/**
 * An EXTERNAL key of `KeySpec`/`KeyUsage` holding `material`, Enabled.
 * @returns the key
 */
export const importedKeyOf = async (kms: Kms, keySpec: string, keyUsage: string, material: Uint8Array, algorithm?: WrappingAlgorithm): Promise<CreatedKey> => {
  const key = await createKey(kms, { KeySpec: keySpec, KeyUsage: keyUsage, Origin: 'EXTERNAL' })
  await importInto(kms, key.keyId, material, algorithm)
  return key
}

/** A key pair a client holds: node key objects and the DER forms. */
export interface ClientKeyPair {
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  /** PKCS#8 DER: the material to import. */
  readonly pkcs8: Uint8Array
  /** DER SPKI, as OpenSSL derives it. */
  readonly spki: Uint8Array
}

const pairOf = (privateKey: KeyObject): ClientKeyPair => {
  const publicKey = createPublicKey(privateKey)
  return {
    privateKey,
    publicKey,
    pkcs8: new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })),
    spki: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
  }
}

/** OpenSSL's curve names of the EC key specs. */
export const OPENSSL_CURVES = {
  ECC_NIST_P256: 'prime256v1', ECC_NIST_P384: 'secp384r1', ECC_NIST_P521: 'secp521r1', ECC_SECG_P256K1: 'secp256k1', SM2: 'SM2',
} as const

/** A fresh EC key pair of a key spec (node `generateKeyPairSync('ec', …)`). */
export const ecKeyPair = (keySpec: keyof typeof OPENSSL_CURVES): ClientKeyPair =>
  pairOf(generateKeyPairSync('ec', { namedCurve: OPENSSL_CURVES[keySpec] }).privateKey)

/** Fixture RSA key pair `i` of a modulus size (committed keys; no generation). */
export const rsaKeyPair = (spec: 'RSA_2048' | 'RSA_3072' | 'RSA_4096', i: number): ClientKeyPair => {
  const pair = fixtureRsaKeyPairs(spec)[i]
  if (pair === undefined) throw new RangeError(`no fixture pair ${spec}[${i}]`)
  return pairOf(createPrivateKey({ key: Buffer.from(pair.privateKey), format: 'der', type: 'pkcs8' }))
}

/** What an OpenSSL run left: its stdout and the output files asked for. */
export interface OpensslRun {
  readonly stdout: string
  readonly outputs: Readonly<Record<string, Uint8Array>>
}

/**
 * Runs the OpenSSL CLI in a fresh temporary directory holding `files`; throws (failing the test)
 * when OpenSSL is missing or the command fails (exit status ≠ 0, e.g. "Verification failure").
 * @param files - file name → content, written first
 * @param args - the command line after `openssl`
 * @param outputs - names of files to read back
 * @returns stdout and the outputs
 */
export const openssl = (files: Readonly<Record<string, Uint8Array | string>>, args: readonly string[], outputs: readonly string[] = []): OpensslRun => {
  const dir = mkdtempSync(join(tmpdir(), 'kms-key-import-usage-'))
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
    const stdout = execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    return { stdout, outputs: Object.fromEntries(outputs.map((name) => [name, new Uint8Array(readFileSync(join(dir, name)))])) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The PEM of a public key, for OpenSSL. */
export const publicPem = (spki: Uint8Array): string => createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }).toString()
