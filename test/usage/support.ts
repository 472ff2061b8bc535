/**
 * Test support for the usage operations (test/usage): a `2023-10-10` emulator on a manual clock and
 * the deterministic provider, driven only through `handle` (AWS JSON 1.1), with the client side of
 * an asymmetric or HMAC import (GetParametersForImport, `wrapKeyMaterial`, ImportKeyMaterial) and
 * assertions on exact AWS error bodies. RSA material is the committed fixture keys (never generated
 * here); EC material comes from node's `generateKeyPairSync('ec', …)`, which is fast.
 */
import { execFileSync } from 'node:child_process'
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { createEmulator, type Emulator, type WireResponse, type WrappingAlgorithm } from 'kms-key-import'
import { createDeterministicProvider, fixtureRsaKeyPairs, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'

/** Whole seconds, so wire timestamps are exact. */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z')

/** A JSON object as read from a response body. */
export type Json = Readonly<Record<string, unknown>>

/** A response with its body parsed. */
export interface Reply {
  readonly status: number
  readonly body: Json
  readonly raw: WireResponse
}

/** An emulator under test and a caller. */
export interface Kms {
  readonly emulator: Emulator
  readonly clock: ManualClock
  /** Calls one operation through `handle`; `body` is serialized as JSON. */
  call(operation: string, body?: unknown): Promise<Reply>
}

/**
 * A `2023-10-10` emulator: `createEmulator({ profile: '2023-10-10', clock: manualClock(T0), crypto: createDeterministicProvider({ seed }) })`.
 * @param options - seed (default 1) and region (default us-east-1; `cn-north-1` for SM2)
 * @returns the emulator and a caller
 */
export const newKms = (options: { readonly seed?: number; readonly region?: string } = {}): Kms => {
  const clock = manualClock(T0)
  const emulator = createEmulator({
    profile: '2023-10-10', clock, crypto: createDeterministicProvider({ seed: options.seed ?? 1 }), ...(options.region === undefined ? {} : { region: options.region }),
  })
  return {
    emulator,
    clock,
    call: async (operation, body = {}) => {
      const raw = await emulator.handle({ target: `TrentService.${operation}`, body: JSON.stringify(body) })
      const parsed = JSON.parse(raw.body) as unknown
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError(`response body is not a JSON object: ${raw.body}`)
      return { status: raw.status, body: parsed as Json, raw }
    },
  }
}

/**
 * Asserts an AWS error: status 400, the exact `__type` and `message`, nothing else; with `message`
 * undefined the body has no `message` at all.
 */
export const expectError = (reply: Reply, type: string, message: string | undefined): void => {
  expect({ status: reply.status, body: reply.body }).toEqual({ status: 400, body: message === undefined ? { __type: type } : { __type: type, message } })
}

/** Asserts success and returns the body. */
export const expectOk = (reply: Reply): Json => {
  expect(reply.body.__type, `unexpected error: ${reply.raw.body}`).toBeUndefined()
  expect(reply.status).toBe(200)
  return reply.body
}

/** Reads a string member. */
export const str = (body: Json, member: string): string => {
  const v = body[member]
  if (typeof v !== 'string') throw new TypeError(`${member} is not a string in ${JSON.stringify(body)}`)
  return v
}

/** Standard base64. */
export const b64 = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64')
/** Bytes of base64. */
export const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'))
/** Bytes of a base64 member of a body. */
export const bytesAt = (body: Json, member: string): Uint8Array => unb64(str(body, member))

/** A copy of `bytes` with bit `bit` (0 = most significant bit of byte 0) flipped. */
export const flipBit = (bytes: Uint8Array, bit: number): Uint8Array => {
  const out = Uint8Array.from(bytes)
  const i = Math.floor(bit / 8)
  out[i] = (out[i] ?? 0) ^ (0x80 >> (bit % 8))
  return out
}

/** A created key. */
export interface Key {
  readonly keyId: string
  readonly arn: string
}

/**
 * CreateKey, which must succeed.
 * @param kms - the emulator
 * @param request - the request
 * @returns id and ARN
 */
export const createKey = async (kms: Kms, request: Json): Promise<Key> => {
  const meta = expectOk(await kms.call('CreateKey', request)).KeyMetadata as Json
  return { keyId: str(meta, 'KeyId'), arn: str(meta, 'Arn') }
}

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
export const importedKey = async (kms: Kms, keySpec: string, keyUsage: string, material: Uint8Array, algorithm?: WrappingAlgorithm): Promise<Key> => {
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

/** Messages of the state table. */
export const disabled = (arn: string): string => `${arn} is disabled.`
export const pendingImport = (arn: string): string => `${arn} is pending import.`
export const pendingDeletion = (arn: string): string => `${arn} is pending deletion.`
export const keyUsageMismatch = (arn: string, usage: string, operation: string): string => `${arn} key usage is ${usage}, which is not valid for ${operation}.`
export const incompatible = (algorithm: string, keySpec: string): string => `Algorithm ${algorithm} is incompatible with key spec ${keySpec}.`

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
