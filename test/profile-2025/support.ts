/**
 * Support for the 2025-06-05 profile tests (docs/evidence.md §8, §9): an emulator of a chosen profile on a
 * manual clock and the deterministic provider, driven only through `handle` (AWS JSON 1.1), with
 * helpers for the multi-material import flow as a client performs it (GetParametersForImport,
 * client-side wrapping with `wrapKeyMaterial`, ImportKeyMaterial with ImportType / KeyMaterialId /
 * KeyMaterialDescription), rotation, listing, and exact-error assertions.
 */
import { createHash } from 'node:crypto'
import { expect } from 'vitest'
import { wrapKeyMaterial } from 'kms-key-import/testing'
import { newHarness, type Harness, type JsonObject, type Reply } from '../support/wire.js'

export type { JsonObject, Reply }

/** The instant every emulator of these tests starts at (whole seconds, so wire timestamps are exact). */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z')
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

/** The profiles these tests drive. */
export type ProfileName = 'classic' | '2023-10-10' | '2025-06-05' | 'latest'

/** An emulator under test, its clock, the events it reported, and a caller. */
export type Kms = Harness

/** Options of {@link newKms}. */
export interface KmsOptions {
  readonly profile?: ProfileName
  readonly seed?: number
  readonly start?: number
}

/**
 * `createEmulator({ profile, clock: manualClock(...), crypto: createDeterministicProvider({seed}) })`.
 * @param options - profile (default 2025-06-05), seed (default 2025), start instant (default T0)
 * @returns the emulator and helpers
 */
export const newKms = (options: KmsOptions = {}): Kms =>
  newHarness({ profile: options.profile ?? '2025-06-05', seed: options.seed ?? 2025, start: options.start ?? T0 })

/**
 * Asserts an AWS error response: the HTTP status, the exact `__type` and the exact `message`, and
 * nothing else in the body.
 */
export const expectError = (reply: Reply, type: string, message: string, status = 400): void => {
  expect({ status: reply.status, body: reply.body }).toEqual({ status, body: { __type: type, message } })
}

/** Asserts a successful response and returns its body. */
export const expectOk = (reply: Reply): JsonObject => {
  expect(reply.body.__type, `unexpected error: ${reply.raw.body}`).toBeUndefined()
  expect(reply.status).toBe(200)
  return reply.body
}

/** Asserts a successful response whose body is exactly `body`. */
export const expectBody = (reply: Reply, body: JsonObject): void => {
  expect({ status: reply.status, body: reply.body }).toEqual({ status: 200, body })
}

/** Reads a string member. */
export const stringAt = (body: JsonObject, member: string): string => {
  const v = body[member]
  if (typeof v !== 'string') throw new TypeError(`${member} is not a string in ${JSON.stringify(body)}`)
  return v
}

/** Reads an object member. */
export const objectAt = (body: JsonObject, member: string): JsonObject => {
  const v = body[member]
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`${member} is not an object in ${JSON.stringify(body)}`)
  return v as JsonObject
}

/** Epoch seconds of an instant in ms, as timestamps travel on the wire. */
export const seconds = (ms: number): number => ms / 1000

/** 32 bytes of key material, the same for the same label. */
export const materialOf = (label: string): Uint8Array => new Uint8Array(createHash('sha256').update(`profile-2025/${label}`).digest())

/** A created key. */
export interface CreatedKey {
  readonly keyId: string
  readonly arn: string
}

/** CreateKey, which must succeed. */
export const createKey = async (kms: Kms, request: JsonObject = {}): Promise<CreatedKey> => {
  const meta = objectAt(expectOk(await kms.call('CreateKey', request)), 'KeyMetadata')
  return { keyId: stringAt(meta, 'KeyId'), arn: stringAt(meta, 'Arn') }
}

/** A symmetric `EXTERNAL` key (PendingImport, no material). */
export const createExternalKey = (kms: Kms): Promise<CreatedKey> => createKey(kms, { Origin: 'EXTERNAL' })

/** DescribeKey's `KeyMetadata`, which must succeed. */
export const describeKey = async (kms: Kms, keyId: string): Promise<JsonObject> =>
  objectAt(expectOk(await kms.call('DescribeKey', { KeyId: keyId })), 'KeyMetadata')

/** The expiry members of an ImportKeyMaterial request. */
export type Expiry = { readonly ExpirationModel?: string; readonly ValidTo?: number }

/** `ExpirationModel: KEY_MATERIAL_DOES_NOT_EXPIRE`. */
export const NO_EXPIRY: Expiry = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }

/** `{ExpirationModel: KEY_MATERIAL_EXPIRES, ValidTo}` for material valid until `validToMs`. */
export const expiresAt = (validToMs: number): Expiry => ({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: seconds(validToMs) })

/** The 2025 members of an ImportKeyMaterial request. */
export type Intent = { readonly ImportType?: string; readonly KeyMaterialId?: string; readonly KeyMaterialDescription?: string }

/** The members of an ImportKeyMaterial request besides the key, token and material. */
export type ImportExtras = Expiry & Intent

/**
 * The whole client flow, once: GetParametersForImport (RSAES_OAEP_SHA_256 / RSA_2048), wrap with
 * `wrapKeyMaterial`, ImportKeyMaterial with `extras` (default: never expires). Returns the reply.
 */
export const importReply = async (kms: Kms, keyId: string, material: Uint8Array, extras: ImportExtras = NO_EXPIRY): Promise<Reply> => {
  const params = expectOk(await kms.call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }))
  const publicKey = new Uint8Array(Buffer.from(stringAt(params, 'PublicKey'), 'base64'))
  const encrypted = wrapKeyMaterial(publicKey, 'RSAES_OAEP_SHA_256', material)
  return kms.call('ImportKeyMaterial', {
    KeyId: keyId,
    ImportToken: stringAt(params, 'ImportToken'),
    EncryptedKeyMaterial: Buffer.from(encrypted).toString('base64'),
    ...(extras.ExpirationModel === undefined && extras.ValidTo === undefined ? NO_EXPIRY : {}),
    ...extras,
  })
}

/** ImportKeyMaterial that must succeed with `{KeyId: arn, KeyMaterialId}`; returns the KeyMaterialId. */
export const importOk = async (kms: Kms, key: CreatedKey, material: Uint8Array, extras: ImportExtras = NO_EXPIRY): Promise<string> => {
  const reply = await importReply(kms, key.keyId, material, extras)
  const body = expectOk(reply)
  const id = stringAt(body, 'KeyMaterialId')
  expect(body).toEqual({ KeyId: key.arn, KeyMaterialId: id })
  expect(id).toMatch(/^[0-9a-f]{64}$/)
  return id
}

/** ImportKeyMaterial of new material (ImportType NEW_KEY_MATERIAL) that must succeed; its KeyMaterialId. */
export const importNew = (kms: Kms, key: CreatedKey, material: Uint8Array, extras: ImportExtras = NO_EXPIRY): Promise<string> =>
  importOk(kms, key, material, { ImportType: 'NEW_KEY_MATERIAL', ...extras })

/** RotateKeyOnDemand that must succeed with exactly `{KeyId: <key id>}`. */
export const rotate = async (kms: Kms, key: CreatedKey): Promise<void> => {
  expectBody(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), { KeyId: key.keyId })
}

/** An EXTERNAL symmetric key holding `materials[0]` as CURRENT (never expiring); returns the key and the id. */
export const importedKey = async (kms: Kms, material: Uint8Array = materialOf('A')): Promise<{ readonly key: CreatedKey; readonly id: string }> => {
  const key = await createExternalKey(kms)
  const id = await importOk(kms, key, material)
  return { key, id }
}

/** ListKeyRotations that must succeed; the whole body. */
export const listRotations = async (kms: Kms, keyId: string, extra: JsonObject = {}): Promise<JsonObject> =>
  expectOk(await kms.call('ListKeyRotations', { KeyId: keyId, ...extra }))

/** ListKeyRotations with ALL_KEY_MATERIAL, one page of up to 1000; the entries. */
export const allMaterials = async (kms: Kms, keyId: string): Promise<readonly JsonObject[]> => {
  const body = await listRotations(kms, keyId, { IncludeKeyMaterial: 'ALL_KEY_MATERIAL', Limit: 1000 })
  expect(body.Truncated).toBe(false)
  return body.Rotations as readonly JsonObject[]
}

/** The `KeyState` DescribeKey reports. */
export const keyState = async (kms: Kms, keyId: string): Promise<unknown> => (await describeKey(kms, keyId)).KeyState

/** DeleteImportedKeyMaterial; the reply. */
export const deleteMaterial = (kms: Kms, keyId: string, keyMaterialId?: string): Promise<Reply> =>
  kms.call('DeleteImportedKeyMaterial', { KeyId: keyId, ...(keyMaterialId === undefined ? {} : { KeyMaterialId: keyMaterialId }) })

/** Encrypt, which must succeed; the CiphertextBlob (base64). */
export const encrypt = async (kms: Kms, keyId: string, plaintext: string): Promise<string> =>
  stringAt(expectOk(await kms.call('Encrypt', { KeyId: keyId, Plaintext: Buffer.from(plaintext).toString('base64') })), 'CiphertextBlob')

/** Decrypt; the reply. */
export const decryptReply = (kms: Kms, ciphertext: string): Promise<Reply> => kms.call('Decrypt', { CiphertextBlob: ciphertext })

/** Decrypt, which must succeed; the plaintext as UTF-8. */
export const decrypt = async (kms: Kms, ciphertext: string): Promise<string> =>
  Buffer.from(stringAt(expectOk(await decryptReply(kms, ciphertext)), 'Plaintext'), 'base64').toString('utf8')

/**
 * The KeyMaterialId a symmetric ciphertext blob names: the library's documented layout
 * (`src/crypto/ciphertext.ts`: `"KKC1" ‖ keyId(16) ‖ keyMaterialId(32) ‖ …`).
 */
export const ciphertextMaterialId = (ciphertext: string): string => Buffer.from(ciphertext, 'base64').subarray(20, 52).toString('hex')

// Messages (docs/evidence.md §2.1, §8)

/** `<arn> is pending import.` */
export const pendingImport = (arn: string): string => `${arn} is pending import.`
/** `<arn> is pending deletion.` */
export const pendingDeletion = (arn: string): string => `${arn} is pending deletion.`
/** `<arn> is disabled.` */
export const disabled = (arn: string): string => `${arn} is disabled.`
/** `<arn> origin is <ORIGIN> which is not valid for this operation.` */
export const wrongOrigin = (arn: string, origin: string): string => `${arn} origin is ${origin} which is not valid for this operation.`
/** KMSInvalidStateException of a second NEW import while one is pending (OBS). */
export const pendingRotation = (arn: string, newId: string, pendingId: string): string =>
  `New key material (id: ${newId}) cannot be imported into KMS key ${arn}, because another key material (id: ${pendingId}) is pending rotation.`
/** KMSInvalidStateException of RotateKeyOnDemand with nothing pending (OBS). */
export const noPendingRotation = (arn: string): string => `No available key material pending rotation for the key: ${arn}.`
/** LimitExceededException of the 26th on-demand rotation (OBS). */
export const rotationLimit = (arn: string): string =>
  `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${arn}`
/** UnsupportedOperationException of RotateKeyOnDemand on a key spec that cannot rotate. */
export const rotationUnsupported = (arn: string, keySpec: string): string => `${arn} key spec ${keySpec} does not support on-demand rotation.`
export const alreadyAssociated = (arn: string): string => `The key material is already associated with KMS key ${arn}. To reimport it, use ImportType EXISTING_KEY_MATERIAL.`
export const MATERIAL_MISMATCH = 'The key material does not match the key material previously imported into this KMS key.'
export const materialIdMismatch = (id: string): string => `The key material does not match the key material with KeyMaterialId ${id}.`
export const MATERIAL_ID_WITH_NEW = 'KeyMaterialId cannot be specified when ImportType is NEW_KEY_MATERIAL.'
export const SYMMETRIC_ONLY = 'ImportType, KeyMaterialId and KeyMaterialDescription are supported only for symmetric encryption KMS keys.'
export const keyMaterialNotFound = (id: string, arn: string): string => `Key material ${id} does not exist in KMS key ${arn}.`
export const INVALID_MARKER = 'The marker is not valid for this request.'
/** A model-format ValidationException message for one member. */
export const validation1 = (value: string, member: string, constraint: string): string =>
  `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must ${constraint}`
