/**
 * Test support for the classic profile: an emulator on a manual clock and the deterministic
 * provider (fixture RSA keys, no key generation), a wire-level `call`, and the assertions the
 * operation tests share. Everything goes through `handle`, as an SDK would.
 */
import { expect } from 'vitest'
import { createEmulator, type Emulator } from 'kms-key-import'
import { createDeterministicProvider, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'
import { wireCaller, type JsonObject, type Reply } from './wire.js'

export type { JsonObject, Reply }

/** The instant every test emulator starts at. */
export const T0 = Date.parse('2026-01-15T10:00:00.000Z')
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000
export const ACCOUNT = '111122223333'
export const OTHER_ACCOUNT = '444455556666'
export const REGION = 'us-east-1'

/** An emulator under test with its clock. */
export interface Kms {
  readonly emulator: Emulator
  readonly clock: ManualClock
  /**
   * Calls one operation through `handle`.
   * @param operation - the name after `TrentService.`
   * @param body - an object (serialized as JSON) or the raw body text
   */
  call(operation: string, body?: unknown): Promise<Reply>
}

/** Options of {@link newKms}. */
export interface KmsOptions {
  readonly region?: string
  readonly seed?: number
  readonly start?: number
}

/**
 * A classic-profile emulator on a manual clock and the deterministic provider.
 * @param options - region, seed, start instant
 * @returns the emulator and helpers
 */
export const newKms = (options: KmsOptions = {}): Kms => {
  const clock = manualClock(options.start ?? T0)
  const emulator = createEmulator({
    profile: 'classic',
    clock,
    crypto: createDeterministicProvider({ seed: options.seed ?? 7 }),
    ...(options.region === undefined ? {} : { region: options.region }),
  })
  return {
    emulator,
    clock,
    call: wireCaller(emulator),
  }
}

/**
 * Asserts an AWS error response: HTTP status, exact `__type` and exact `message`, nothing else.
 * @param reply - the response
 * @param type - the exception name
 * @param message - the exact message
 * @param status - the HTTP status (400 unless said)
 */
export const expectError = (reply: Reply, type: string, message: string, status = 400): void => {
  expect({ status: reply.status, body: reply.body }).toEqual({ status, body: { __type: type, message } })
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

/**
 * A nested JSON object of a body.
 * @param body - the body
 * @param member - the member name
 * @returns the member, which must be an object
 */
export const objectAt = (body: JsonObject, member: string): JsonObject => {
  const v = body[member]
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`${member} is not an object`)
  return v as JsonObject
}

/**
 * A string member of a body.
 * @param body - the body
 * @param member - the member name
 * @returns the member, which must be a string
 */
export const stringAt = (body: JsonObject, member: string): string => {
  const v = body[member]
  if (typeof v !== 'string') throw new TypeError(`${member} is not a string`)
  return v
}

/** A created key as the tests refer to it. */
export interface CreatedKey {
  readonly keyId: string
  readonly arn: string
}

/**
 * CreateKey with a request, which must succeed.
 * @param kms - the emulator
 * @param request - the CreateKey request
 * @returns the key id and ARN
 */
export const createKey = async (kms: Kms, request: Readonly<Record<string, unknown>> = {}): Promise<CreatedKey> => {
  const meta = objectAt(expectOk(await kms.call('CreateKey', request)), 'KeyMetadata')
  return { keyId: stringAt(meta, 'KeyId'), arn: stringAt(meta, 'Arn') }
}

/** An `EXTERNAL` symmetric key: `PendingImport`, no material. */
export const createExternalKey = (kms: Kms): Promise<CreatedKey> => createKey(kms, { Origin: 'EXTERNAL' })

/**
 * Imports 32 bytes of material into an EXTERNAL symmetric key, as a client does it
 * (GetParametersForImport, RSAES_OAEP_SHA_256 wrapping, ImportKeyMaterial); must succeed.
 * @param kms - the emulator
 * @param keyId - the key
 * @param material - the 32 bytes (default 0x2a…)
 */
export const importMaterial = async (kms: Kms, keyId: string, material: Uint8Array = new Uint8Array(32).fill(0x2a)): Promise<void> => {
  const params = expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId)))
  const publicKey = new Uint8Array(Buffer.from(stringAt(params, 'PublicKey'), 'base64'))
  const encrypted = wrapKeyMaterial(publicKey, 'RSAES_OAEP_SHA_256', material)
  expectOk(await kms.call('ImportKeyMaterial', {
    KeyId: keyId,
    ImportToken: params.ImportToken,
    EncryptedKeyMaterial: Buffer.from(encrypted).toString('base64'),
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  }))
}

/** An `EXTERNAL` symmetric key whose material was imported: `Enabled`. */
export const createImportedKey = async (kms: Kms): Promise<CreatedKey> => {
  const key = await createExternalKey(kms)
  await importMaterial(kms, key.keyId)
  return key
}

/** An `AWS_KMS` symmetric key: `Enabled`, with generated material. */
export const createAwsKmsKey = (kms: Kms): Promise<CreatedKey> => createKey(kms, {})

/**
 * Runs an operation on a key, which must succeed.
 * @param kms - the emulator
 * @param operation - e.g. `DisableKey`
 * @param keyId - the key
 * @param extra - other request members
 * @returns the body
 */
export const succeed = async (kms: Kms, operation: string, keyId: string, extra: Readonly<Record<string, unknown>> = {}): Promise<JsonObject> =>
  expectOk(await kms.call(operation, { KeyId: keyId, ...extra }))

/**
 * DescribeKey's `KeyMetadata`, which must succeed.
 * @param kms - the emulator
 * @param keyId - the key
 * @returns the metadata
 */
export const describe = async (kms: Kms, keyId: string): Promise<JsonObject> => objectAt(await succeed(kms, 'DescribeKey', keyId), 'KeyMetadata')

/** The key's state, from DescribeKey. */
export const stateOf = async (kms: Kms, keyId: string): Promise<unknown> => (await describe(kms, keyId)).KeyState

/**
 * A valid GetParametersForImport request for a key.
 * @param keyId - key id or ARN
 * @param algorithm - wrapping algorithm
 * @returns the request
 */
export const paramsRequest = (keyId: string, algorithm = 'RSAES_OAEP_SHA_256'): Readonly<Record<string, unknown>> => ({
  KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048',
})

/** The classic profile's wrapping algorithms, as AWS prints the enum. */
export const CLASSIC_ALGORITHMS = ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const

/** A key id no key has. */
export const UNKNOWN_KEY_ID = '0f0e0d0c-0b0a-4908-8706-050403020100'

/**
 * The key ARN of a key id in the test account and region.
 * @param keyId - the key id
 * @param region - the region (default us-east-1)
 * @param account - the account (default the emulator's)
 * @returns the ARN
 */
export const arnOf = (keyId: string, region = REGION, account = ACCOUNT): string => `arn:aws:kms:${region}:${account}:key/${keyId}`
