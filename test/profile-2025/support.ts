/**
 * Support for the 2025-06-05 profile tests (docs/evidence.md §8, §9): an emulator of a chosen profile on a
 * manual clock and the deterministic provider, driven only through `handle` (AWS JSON 1.1), with
 * helpers for the multi-material import flow as a client performs it (GetParametersForImport,
 * client-side wrapping with `wrapKeyMaterial`, ImportKeyMaterial with ImportType / KeyMaterialId /
 * KeyMaterialDescription), rotation, listing, and exact-error assertions.
 */
import { expect } from 'vitest'
import { wrapKeyMaterial } from 'kms-key-import/testing'
import {
  createExternalKey, expectBody, expectOk, kmsFactory, materialOf, stringAt, NO_EXPIRY, type CreatedKey, type Expiry, type JsonObject, type Kms, type Reply,
} from '../support/kms.js'

/** A 2025-06-05 emulator with the deterministic provider (seed 2025) unless told. */
export const newKms = kmsFactory({ profile: '2025-06-05', seed: 2025 })

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
export const importedKeyWithId = async (kms: Kms, material: Uint8Array = materialOf('A')): Promise<{ readonly key: CreatedKey; readonly id: string }> => {
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

/** DeleteImportedKeyMaterial; the reply. */
export const deleteMaterial = (kms: Kms, keyId: string, keyMaterialId?: string): Promise<Reply> =>
  kms.call('DeleteImportedKeyMaterial', { KeyId: keyId, ...(keyMaterialId === undefined ? {} : { KeyMaterialId: keyMaterialId }) })

/**
 * The KeyMaterialId a symmetric ciphertext blob names: the library's documented layout
 * (`src/crypto/ciphertext.ts`: `"KKC1" ‖ keyId(16) ‖ keyMaterialId(32) ‖ …`).
 */
export const ciphertextMaterialId = (ciphertext: string): string => Buffer.from(ciphertext, 'base64').subarray(20, 52).toString('hex')

