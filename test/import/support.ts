/**
 * Test support for the import issue (test/import, test/interop): a classic-profile emulator on a
 * manual clock and the deterministic provider, driven only through `handle` (AWS JSON 1.1), with
 * helpers for the import flow as a client performs it (GetParametersForImport, client-side
 * wrapping with `wrapKeyMaterial`, ImportKeyMaterial) and assertions on exact AWS error bodies.
 */
import { createHash } from 'node:crypto'
import { expect } from 'vitest'
import type { WrappingAlgorithm } from 'kms-key-import'
import { wrapKeyMaterial } from 'kms-key-import/testing'
import { newHarness, type Harness, type JsonObject, type Reply } from '../support/wire.js'

export type { JsonObject, Reply }

/** The instant every emulator of these tests starts at (whole seconds, so wire timestamps are exact). */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z')
export const SECOND_MS = 1000
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000
export const ACCOUNT = '111122223333'
export const REGION = 'us-east-1'

/** The classic profile's wrapping algorithms (docs/evidence.md §1). */
export const CLASSIC_ALGORITHMS = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSAES_PKCS1_V1_5'] as const satisfies readonly WrappingAlgorithm[]

/** An emulator under test, its clock, and a caller. */
export type Kms = Harness

/** Options of {@link newKms}. */
export interface KmsOptions {
  readonly seed?: number
  readonly start?: number
  /** The 32-byte token sealing key (default: drawn from the provider). */
  readonly sealingKey?: Uint8Array
}

/**
 * A classic-profile emulator: `createEmulator({ clock: manualClock(...), crypto: createDeterministicProvider({seed}) })`.
 * @param options - seed and start instant
 * @returns the emulator and helpers
 */
export const newKms = (options: KmsOptions = {}): Kms =>
  newHarness({ profile: 'classic', seed: options.seed ?? 1, start: options.start ?? T0, sealingKey: options.sealingKey })

/**
 * Asserts an AWS error response: the HTTP status, the exact `__type` and the exact `message`, and
 * nothing else in the body. With `message` undefined the body must carry no `message` at all (as
 * AWS's Decrypt InvalidCiphertextException).
 * @param reply - the response
 * @param type - the exception name
 * @param message - the exact message, or undefined for none
 * @param status - the HTTP status (400 unless said)
 */
export const expectError = (reply: Reply, type: string, message: string | undefined, status = 400): void => {
  expect({ status: reply.status, body: reply.body }).toEqual({ status, body: message === undefined ? { __type: type } : { __type: type, message } })
  if (message === undefined) expect(Object.keys(reply.body)).toEqual(['__type'])
}

/**
 * Asserts a successful response and returns its body.
 * @param reply - the response
 * @returns the body
 */
export const expectOk = (reply: Reply): JsonObject => {
  expect(reply.body.__type, `unexpected error: ${reply.raw.body}`).toBeUndefined()
  expect(reply.status).toBe(200)
  return reply.body
}

/** Reads a nested object member. */
export const objectAt = (body: JsonObject, member: string): JsonObject => {
  const v = body[member]
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`${member} is not an object in ${JSON.stringify(body)}`)
  return v as JsonObject
}

/** Reads a string member. */
export const stringAt = (body: JsonObject, member: string): string => {
  const v = body[member]
  if (typeof v !== 'string') throw new TypeError(`${member} is not a string in ${JSON.stringify(body)}`)
  return v
}

/** Reads a number member. */
export const numberAt = (body: JsonObject, member: string): number => {
  const v = body[member]
  if (typeof v !== 'number') throw new TypeError(`${member} is not a number in ${JSON.stringify(body)}`)
  return v
}

/** Standard base64 of bytes, as blobs travel on the wire. */
export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')
/** Bytes of a base64 blob. */
export const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'))
/** Epoch seconds of an instant in ms, as timestamps travel on the wire. */
export const seconds = (ms: number): number => ms / 1000

/**
 * 32 bytes of key material, the same for the same label.
 * @param label - distinguishes materials
 * @param length - byte count (default 32, the SYMMETRIC_DEFAULT size)
 * @returns the material
 */
export const materialOf = (label: string, length = 32): Uint8Array => {
  const out = new Uint8Array(length)
  let filled = 0
  for (let i = 0; filled < length; i++) {
    const block = createHash('sha256').update(`${label}/${i}`).digest()
    const take = Math.min(block.length, length - filled)
    out.set(block.subarray(0, take), filled)
    filled += take
  }
  return out
}

/** A created key. */
export interface CreatedKey {
  readonly keyId: string
  readonly arn: string
}

/**
 * CreateKey, which must succeed.
 * @param kms - the emulator
 * @param request - the request
 * @returns id and ARN
 */
export const createKey = async (kms: Kms, request: JsonObject = {}): Promise<CreatedKey> => {
  const meta = objectAt(expectOk(await kms.call('CreateKey', request)), 'KeyMetadata')
  return { keyId: stringAt(meta, 'KeyId'), arn: stringAt(meta, 'Arn') }
}

/** A symmetric `EXTERNAL` key (PendingImport, no material). */
export const createExternalKey = (kms: Kms): Promise<CreatedKey> => createKey(kms, { Origin: 'EXTERNAL' })

/** A symmetric `AWS_KMS` key (Enabled, generated material). */
export const createAwsKmsKey = (kms: Kms): Promise<CreatedKey> => createKey(kms, {})

/**
 * Runs an operation on a key, which must succeed.
 * @returns the body
 */
export const succeed = async (kms: Kms, operation: string, keyId: string, extra: JsonObject = {}): Promise<JsonObject> =>
  expectOk(await kms.call(operation, { KeyId: keyId, ...extra }))

/** DescribeKey's `KeyMetadata`, which must succeed. */
export const describeKey = async (kms: Kms, keyId: string): Promise<JsonObject> => objectAt(await succeed(kms, 'DescribeKey', keyId), 'KeyMetadata')

/** Import parameters, decoded. */
export interface ImportParameters {
  readonly algorithm: WrappingAlgorithm
  readonly importToken: Uint8Array
  readonly publicKey: Uint8Array
  /** Epoch ms. */
  readonly parametersValidTo: number
}

/**
 * GetParametersForImport with an RSA_2048 wrapping key, which must succeed.
 * @param kms - the emulator
 * @param keyId - the key
 * @param algorithm - the wrapping algorithm (default RSAES_OAEP_SHA_256)
 * @returns the parameters
 */
export const getParameters = async (kms: Kms, keyId: string, algorithm: WrappingAlgorithm = 'RSAES_OAEP_SHA_256'): Promise<ImportParameters> => {
  const body = await succeed(kms, 'GetParametersForImport', keyId, { WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048' })
  return {
    algorithm,
    importToken: unb64(stringAt(body, 'ImportToken')),
    publicKey: unb64(stringAt(body, 'PublicKey')),
    parametersValidTo: Math.round(numberAt(body, 'ParametersValidTo') * 1000),
  }
}

/**
 * Wraps material under the parameters' public key, as a client does.
 * @param params - the import parameters
 * @param material - plaintext material
 * @returns EncryptedKeyMaterial
 */
export const wrap = (params: ImportParameters, material: Uint8Array): Uint8Array => wrapKeyMaterial(params.publicKey, params.algorithm, material)

/** The expiry members of an ImportKeyMaterial request. */
export type Expiry = { readonly ExpirationModel?: string; readonly ValidTo?: number }

/** No expiry: `ExpirationModel: KEY_MATERIAL_DOES_NOT_EXPIRE`. */
export const NO_EXPIRY: Expiry = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }

/**
 * The expiry members for material valid until `validToMs`.
 * @param validToMs - epoch ms
 * @returns `{ExpirationModel: KEY_MATERIAL_EXPIRES, ValidTo}`
 */
export const expiresAt = (validToMs: number): Expiry => ({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: seconds(validToMs) })

/**
 * An ImportKeyMaterial request body.
 * @param keyId - the key
 * @param token - the ImportToken
 * @param encrypted - the EncryptedKeyMaterial
 * @param expiry - the expiry members (default none expiring)
 * @returns the body
 */
export const importBody = (keyId: string, token: Uint8Array, encrypted: Uint8Array, expiry: Expiry = NO_EXPIRY): JsonObject => ({
  KeyId: keyId, ImportToken: b64(token), EncryptedKeyMaterial: b64(encrypted), ...expiry,
})

/**
 * Calls ImportKeyMaterial with a wrapped material and an existing token.
 * @returns the reply
 */
export const importWith = (kms: Kms, keyId: string, params: ImportParameters, material: Uint8Array, expiry: Expiry = NO_EXPIRY): Promise<Reply> =>
  kms.call('ImportKeyMaterial', importBody(keyId, params.importToken, wrap(params, material), expiry))

/**
 * The whole client flow: fresh parameters, wrap, import; it must succeed.
 * @returns the parameters used
 */
export const importMaterial = async (
  kms: Kms, keyId: string, material: Uint8Array, expiry: Expiry = NO_EXPIRY, algorithm: WrappingAlgorithm = 'RSAES_OAEP_SHA_256',
): Promise<ImportParameters> => {
  const params = await getParameters(kms, keyId, algorithm)
  expectOk(await importWith(kms, keyId, params, material, expiry))
  return params
}

/** An `EXTERNAL` key holding `material` (never expiring), Enabled. */
export const importedKey = async (kms: Kms, material: Uint8Array = materialOf('default'), expiry: Expiry = NO_EXPIRY): Promise<CreatedKey> => {
  const key = await createExternalKey(kms)
  await importMaterial(kms, key.keyId, material, expiry)
  return key
}

/** The request body of Encrypt. */
export const encryptBody = (keyId: string, plaintext: string, context?: Readonly<Record<string, string>>): JsonObject => ({
  KeyId: keyId, Plaintext: Buffer.from(plaintext).toString('base64'), ...(context === undefined ? {} : { EncryptionContext: context }),
})

/**
 * Encrypt, which must succeed.
 * @returns the CiphertextBlob, base64
 */
export const encrypt = async (kms: Kms, keyId: string, plaintext: string, context?: Readonly<Record<string, string>>): Promise<string> =>
  stringAt(expectOk(await kms.call('Encrypt', encryptBody(keyId, plaintext, context))), 'CiphertextBlob')

/**
 * Decrypt, which must succeed.
 * @returns the plaintext as UTF-8 text
 */
export const decrypt = async (kms: Kms, ciphertext: string, context?: Readonly<Record<string, string>>, keyId?: string): Promise<string> => {
  const body = expectOk(await kms.call('Decrypt', {
    CiphertextBlob: ciphertext, ...(context === undefined ? {} : { EncryptionContext: context }), ...(keyId === undefined ? {} : { KeyId: keyId }),
  }))
  return Buffer.from(stringAt(body, 'Plaintext'), 'base64').toString('utf8')
}

/** `<arn> is pending import.` */
export const pendingImport = (arn: string): string => `${arn} is pending import.`
/** `<arn> is pending deletion.` */
export const pendingDeletion = (arn: string): string => `${arn} is pending deletion.`
/** `<arn> is disabled.` */
export const disabled = (arn: string): string => `${arn} is disabled.`
/** `<arn> origin is AWS_KMS which is not valid for this operation.` */
export const wrongOrigin = (arn: string, origin = 'AWS_KMS'): string => `${arn} origin is ${origin} which is not valid for this operation.`

export const INVALID_TOKEN = 'Import token is invalid or is associated with a different KMS key.'
export const EXPIRED_TOKEN = 'Import token has expired.'
export const UNWRAP_FAILED = 'The encrypted key material could not be decrypted with the wrapping key and algorithm of the import token.'
export const MATERIAL_MISMATCH = 'The key material does not match the key material previously imported into this KMS key.'
/** IncorrectKeyMaterialException message for symmetric material of the wrong size. */
export const wrongSize = (length: number): string => `The key material for key spec SYMMETRIC_DEFAULT must be 32 bytes; it was ${length} bytes.`

/**
 * A copy of `bytes` with bit `bit` (0 = most significant bit of byte 0) flipped.
 * @param bytes - the bytes
 * @param bit - the bit index
 * @returns the altered copy
 */
export const flipBit = (bytes: Uint8Array, bit: number): Uint8Array => {
  const out = Uint8Array.from(bytes)
  const i = Math.floor(bit / 8)
  out[i] = (out[i] ?? 0) ^ (0x80 >> (bit % 8))
  return out
}
