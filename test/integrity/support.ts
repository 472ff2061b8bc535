/**
 * Support for the integrity properties (import tokens and wrapped key material): an emulator of a
 * given profile on a manual clock and the deterministic provider, with or without its token cache,
 * driven through `handle`; the import flow as a client performs it; and an independent check of
 * what material a key holds (its ciphertexts decrypted locally with the material the client
 * wrapped, by the documented blob layout).
 */
import { gcm } from '@noble/ciphers/aes.js'
import { expect } from 'vitest'
import { createEmulator, resolveProfile, type Emulator, type ProfileName, type WrappingAlgorithm } from 'kms-key-import'
import { createDeterministicProvider, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'

export const T0 = Date.parse('2026-07-01T12:00:00.000Z')
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

export const INVALID_TOKEN = 'Import token is invalid or is associated with a different KMS key.'
export const EXPIRED_TOKEN = 'Import token has expired.'
export const UNWRAP_FAILED = 'The encrypted key material could not be decrypted with the wrapping key and algorithm of the import token.'

/** The profiles and the wrapping algorithms each accepts (docs/evidence.md §1, §5; SM2PKE is China only). */
export const PROFILE_ALGORITHMS: readonly (readonly [ProfileName, WrappingAlgorithm])[] = [
  ['classic', 'RSAES_OAEP_SHA_1'],
  ['classic', 'RSAES_OAEP_SHA_256'],
  ['classic', 'RSAES_PKCS1_V1_5'],
  ...(['2023-10-10', '2025-06-05'] as const)
    .filter((p) => resolveProfile(p) !== undefined)
    .flatMap((p) => (['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256'] as const).map((a) => [p, a] as const)),
]

/** Every wrapping algorithm a client could use against an RSA wrapping key. */
export const RSA_ALGORITHMS: readonly WrappingAlgorithm[] = ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256']

/** A response with its body parsed. */
export interface Reply {
  readonly status: number
  readonly body: Readonly<Record<string, unknown>>
  readonly text: string
}

/** An emulator under test. */
export interface Kms {
  readonly emulator: Emulator
  readonly clock: ManualClock
  call(operation: string, body: unknown): Promise<Reply>
}

/** Options of {@link newKms}. */
export interface KmsOptions {
  readonly seed?: number
  readonly sealingKey?: Uint8Array
  readonly accountId?: string
  readonly region?: string
  /** 0 turns the token cache off. */
  readonly tokenCacheSize?: number
}

/**
 * An emulator of `profile`.
 * @param profile - the profile
 * @param options - seed, sealing key, account, region, token cache
 * @returns the emulator and a caller
 */
export const newKms = (profile: ProfileName, options: KmsOptions = {}): Kms => {
  const clock = manualClock(T0)
  const emulator = createEmulator({
    profile, clock, crypto: createDeterministicProvider({ seed: options.seed ?? 1 }),
    ...(options.sealingKey === undefined ? {} : { sealingKey: options.sealingKey }),
    ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.tokenCacheSize === undefined ? {} : { tokenCacheSize: options.tokenCacheSize }),
  })
  return {
    emulator,
    clock,
    call: async (operation, body) => {
      const res = await emulator.handle({ target: `TrentService.${operation}`, body: JSON.stringify(body) })
      return { status: res.status, body: JSON.parse(res.body) as Record<string, unknown>, text: res.body }
    },
  }
}

export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')
export const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'))

/** Asserts an error reply: status 400, `__type`, and (when given) the exact message. */
export const expectError = (reply: Reply, type: string, message?: string): void => {
  expect({ status: reply.status, type: reply.body.__type }, reply.text).toEqual({ status: 400, type })
  if (message !== undefined) expect(reply.body.message, reply.text).toBe(message)
}

/** Asserts a successful reply and returns its body. */
export const expectOk = (reply: Reply): Readonly<Record<string, unknown>> => {
  expect({ status: reply.status, type: reply.body.__type }, reply.text).toEqual({ status: 200, type: undefined })
  return reply.body
}

/** A created key. */
export interface Key {
  readonly keyId: string
  readonly arn: string
}

/** CreateKey, which must succeed. */
export const createKey = async (kms: Kms, request: Readonly<Record<string, unknown>> = { Origin: 'EXTERNAL' }): Promise<Key> => {
  const meta = expectOk(await kms.call('CreateKey', request)).KeyMetadata as Record<string, string>
  return { keyId: String(meta.KeyId), arn: String(meta.Arn) }
}

/** Import parameters, decoded. */
export interface Params {
  readonly algorithm: WrappingAlgorithm
  readonly token: Uint8Array
  readonly publicKey: Uint8Array
  /** Epoch ms. */
  readonly validTo: number
}

/** GetParametersForImport, which must succeed. */
export const getParams = async (kms: Kms, keyId: string, algorithm: WrappingAlgorithm, spec = 'RSA_2048'): Promise<Params> => {
  const body = expectOk(await kms.call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: spec }))
  return { algorithm, token: unb64(String(body.ImportToken)), publicKey: unb64(String(body.PublicKey)), validTo: Math.round(Number(body.ParametersValidTo) * 1000) }
}

/** An ImportKeyMaterial body (material that never expires). */
export const importBody = (keyId: string, token: Uint8Array, wrapped: Uint8Array): Readonly<Record<string, unknown>> => ({
  KeyId: keyId, ImportToken: b64(token), EncryptedKeyMaterial: b64(wrapped), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
})

/** Wraps material as a client does. */
export const wrap = (params: Params, material: Uint8Array, algorithm: WrappingAlgorithm = params.algorithm): Uint8Array =>
  wrapKeyMaterial(params.publicKey, algorithm, material)

/** A copy of `bytes` with byte `i` XORed with `mask` (non-zero). */
export const xorAt = (bytes: Uint8Array, i: number, mask: number): Uint8Array => {
  const out = Uint8Array.from(bytes)
  out[i] = (out[i] ?? 0) ^ mask
  return out
}

/** Identity and state of a key, as DescribeKey shows it. */
export const describe = async (kms: Kms, keyId: string): Promise<Readonly<Record<string, unknown>>> =>
  expectOk(await kms.call('DescribeKey', { KeyId: keyId })).KeyMetadata as Record<string, unknown>

const MAGIC = [0x4b, 0x4b, 0x43, 0x31] // "KKC1"
const HEADER = 4 + 16 + 32
const NONCE = 12

/**
 * Whether the key holds exactly `material`: Encrypt under the key, then open the ciphertext blob
 * locally with `material` (layout `"KKC1" ‖ keyId(16) ‖ keyMaterialId(32) ‖ nonce(12) ‖
 * AES-256-GCM`, the header as additional data, no encryption context). Independent of the
 * emulator's own Decrypt.
 * @param kms - the emulator
 * @param keyId - a symmetric key
 * @param material - the 32 bytes the client wrapped
 * @returns true when the key's material is `material`
 */
export const holdsMaterial = async (kms: Kms, keyId: string, material: Uint8Array): Promise<boolean> => {
  const plaintext = new TextEncoder().encode('integrity probe')
  const blob = unb64(String(expectOk(await kms.call('Encrypt', { KeyId: keyId, Plaintext: b64(plaintext) })).CiphertextBlob))
  expect([...blob.subarray(0, 4)]).toEqual(MAGIC)
  try {
    const opened = gcm(material, blob.subarray(HEADER, HEADER + NONCE), blob.subarray(0, HEADER)).decrypt(blob.subarray(HEADER + NONCE))
    return Buffer.from(opened).equals(Buffer.from(plaintext))
  } catch {
    return false
  }
}
