/**
 * The KMS enumerations this library speaks, spelled exactly as AWS spells them.
 *
 * Each is an `as const` object (value = name) plus a union type of the same name. Which values a
 * given era of AWS accepts is profile data (see `profiles/`), not a property of these lists: the
 * lists are the union over every profile.
 *
 * @module
 */

/**
 * Key states of a KMS key (DOC key-state.html).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, KeyState } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.ok(created._tag === 'Right')
 * assert.equal(created.right.KeyMetadata.KeyState, KeyState.PendingImport)
 * ```
 * @since 0.1.0
 */
export const KeyState = {
  /** Being created (AWS: multi-Region replicas, custom key stores). No operation of this library produces it. */
  Creating: 'Creating',
  /** Usable for cryptographic operations. */
  Enabled: 'Enabled',
  /** Refused by cryptographic operations (DisabledException) until EnableKey. */
  Disabled: 'Disabled',
  /** Scheduled for deletion: gone once the waiting period ends, unless CancelKeyDeletion. */
  PendingDeletion: 'PendingDeletion',
  /** An `EXTERNAL` key without (all of) its key material: it awaits ImportKeyMaterial. */
  PendingImport: 'PendingImport',
  /** A multi-Region primary key waiting for its replicas to go. No operation of this library produces it. */
  PendingReplicaDeletion: 'PendingReplicaDeletion',
  /** A key of a disconnected custom key store. No operation of this library produces it. */
  Unavailable: 'Unavailable',
  /** Being updated (AWS: multi-Region keys). No operation of this library produces it. */
  Updating: 'Updating',
} as const
/** @since 0.1.0 */
export type KeyState = (typeof KeyState)[keyof typeof KeyState]

/**
 * Where a key's material comes from. Never changes after CreateKey.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, Origin } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const refused = await kms.invoke('CreateKey', { Origin: Origin.AWS_CLOUDHSM })
 * assert.ok(refused._tag === 'Left')
 * assert.equal(refused.left._tag, 'UnsupportedOperationException') // custom key stores are out of scope
 * ```
 * @since 0.1.0
 */
export const Origin = {
  /** KMS generates the key material (the default). */
  AWS_KMS: 'AWS_KMS',
  /** The key material is imported (ImportKeyMaterial). */
  EXTERNAL: 'EXTERNAL',
  /** A CloudHSM custom key store; CreateKey refuses it here (out of scope). */
  AWS_CLOUDHSM: 'AWS_CLOUDHSM',
  /** An external key store; CreateKey refuses it here (out of scope). */
  EXTERNAL_KEY_STORE: 'EXTERNAL_KEY_STORE',
} as const
/** @since 0.1.0 */
export type Origin = (typeof Origin)[keyof typeof Origin]

/**
 * Key specs: the union over every profile (which ones an era knows is profile data).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { KeySpec, profile20231010, profile20250605 } from 'kms-key-import'
 * assert.ok(!profile20231010.enums.keySpec.includes(KeySpec.ML_DSA_65))
 * assert.ok(profile20250605.enums.keySpec.includes(KeySpec.ML_DSA_65))
 * ```
 * @since 0.1.0
 */
export const KeySpec = {
  /** AES-256-GCM: 256-bit symmetric material (the default). */
  SYMMETRIC_DEFAULT: 'SYMMETRIC_DEFAULT',
  /** RSA with a 2048-bit modulus. */
  RSA_2048: 'RSA_2048',
  /** RSA with a 3072-bit modulus. */
  RSA_3072: 'RSA_3072',
  /** RSA with a 4096-bit modulus. */
  RSA_4096: 'RSA_4096',
  /** ECC on NIST P-256 (secp256r1). */
  ECC_NIST_P256: 'ECC_NIST_P256',
  /** ECC on NIST P-384 (secp384r1). */
  ECC_NIST_P384: 'ECC_NIST_P384',
  /** ECC on NIST P-521 (secp521r1). */
  ECC_NIST_P521: 'ECC_NIST_P521',
  /** ECC on secp256k1. */
  ECC_SECG_P256K1: 'ECC_SECG_P256K1',
  /** HMAC with SHA-224. */
  HMAC_224: 'HMAC_224',
  /** HMAC with SHA-256. */
  HMAC_256: 'HMAC_256',
  /** HMAC with SHA-384. */
  HMAC_384: 'HMAC_384',
  /** HMAC with SHA-512. */
  HMAC_512: 'HMAC_512',
  /** SM2 (China Regions only). */
  SM2: 'SM2',
  /** ML-DSA-44 (FIPS 204); from the 2025-06-05 profile. */
  ML_DSA_44: 'ML_DSA_44',
  /** ML-DSA-65 (FIPS 204); from the 2025-06-05 profile. */
  ML_DSA_65: 'ML_DSA_65',
  /** ML-DSA-87 (FIPS 204); from the 2025-06-05 profile. */
  ML_DSA_87: 'ML_DSA_87',
} as const
/** @since 0.1.0 */
export type KeySpec = (typeof KeySpec)[keyof typeof KeySpec]

/**
 * Key usages.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, KeyUsage } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: KeyUsage.SIGN_VERIFY })
 * assert.ok(created._tag === 'Right')
 * assert.deepEqual(created.right.KeyMetadata.SigningAlgorithms, ['ECDSA_SHA_256'])
 * ```
 * @since 0.1.0
 */
export const KeyUsage = {
  /** Encrypt and Decrypt (the default for symmetric keys). */
  ENCRYPT_DECRYPT: 'ENCRYPT_DECRYPT',
  /** Sign and Verify (asymmetric keys). */
  SIGN_VERIFY: 'SIGN_VERIFY',
  /** GenerateMac and VerifyMac (HMAC keys). */
  GENERATE_VERIFY_MAC: 'GENERATE_VERIFY_MAC',
  /** DeriveSharedSecret (ECC and SM2 keys); not served by this library. */
  KEY_AGREEMENT: 'KEY_AGREEMENT',
} as const
/** @since 0.1.0 */
export type KeyUsage = (typeof KeyUsage)[keyof typeof KeyUsage]

/**
 * Algorithms a client may use to wrap key material for import.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, profile20231010, WrappingAlgorithm } from 'kms-key-import'
 * assert.ok(!classicProfile.enums.wrappingAlgorithm.includes(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256))
 * assert.ok(profile20231010.enums.wrappingAlgorithm.includes(WrappingAlgorithm.RSA_AES_KEY_WRAP_SHA_256))
 * ```
 * @since 0.1.0
 */
export const WrappingAlgorithm = {
  /** RSA PKCS #1 v1.5 encryption; refused for import from the 2023-10-10 profile. */
  RSAES_PKCS1_V1_5: 'RSAES_PKCS1_V1_5',
  /** RSAES-OAEP with SHA-1. */
  RSAES_OAEP_SHA_1: 'RSAES_OAEP_SHA_1',
  /** RSAES-OAEP with SHA-256. */
  RSAES_OAEP_SHA_256: 'RSAES_OAEP_SHA_256',
  /** An ephemeral AES key under RSAES-OAEP with SHA-1, then the material under AES key wrap with padding (RFC 5649). */
  RSA_AES_KEY_WRAP_SHA_1: 'RSA_AES_KEY_WRAP_SHA_1',
  /** As `RSA_AES_KEY_WRAP_SHA_1`, with SHA-256 in OAEP. */
  RSA_AES_KEY_WRAP_SHA_256: 'RSA_AES_KEY_WRAP_SHA_256',
  /** SM2 public-key encryption, with an SM2 wrapping key (China Regions only). */
  SM2PKE: 'SM2PKE',
} as const
/** @since 0.1.0 */
export type WrappingAlgorithm = (typeof WrappingAlgorithm)[keyof typeof WrappingAlgorithm]

/**
 * Specs of the wrapping (public) key returned by GetParametersForImport.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, profile20231010, WrappingKeySpec } from 'kms-key-import'
 * assert.deepEqual(classicProfile.enums.wrappingKeySpec, [WrappingKeySpec.RSA_2048])
 * assert.deepEqual(profile20231010.enums.wrappingKeySpec, Object.values(WrappingKeySpec))
 * ```
 * @since 0.1.0
 */
export const WrappingKeySpec = {
  /** A 2048-bit RSA wrapping key (the only one of the classic profile). */
  RSA_2048: 'RSA_2048',
  /** A 3072-bit RSA wrapping key. */
  RSA_3072: 'RSA_3072',
  /** A 4096-bit RSA wrapping key. */
  RSA_4096: 'RSA_4096',
  /** An SM2 wrapping key (China Regions only). */
  SM2: 'SM2',
} as const
/** @since 0.1.0 */
export type WrappingKeySpec = (typeof WrappingKeySpec)[keyof typeof WrappingKeySpec]

/**
 * Whether imported material expires.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, ExpirationModel } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.ok(created._tag === 'Right')
 * const imported = await kms.invoke('ImportKeyMaterial', {
 *   KeyId: created.right.KeyMetadata.KeyId, ImportToken: new Uint8Array(16), EncryptedKeyMaterial: new Uint8Array(256),
 *   ExpirationModel: ExpirationModel.KEY_MATERIAL_EXPIRES, // the default: it needs a ValidTo
 * })
 * assert.ok(imported._tag === 'Left')
 * assert.equal(imported.left.message, 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES')
 * ```
 * @since 0.1.0
 */
export const ExpirationModel = {
  /** The material expires at `ValidTo` (required then): the default of ImportKeyMaterial. */
  KEY_MATERIAL_EXPIRES: 'KEY_MATERIAL_EXPIRES',
  /** The material stays until DeleteImportedKeyMaterial (`ValidTo` must be absent). */
  KEY_MATERIAL_DOES_NOT_EXPIRE: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
} as const
/** @since 0.1.0 */
export type ExpirationModel = (typeof ExpirationModel)[keyof typeof ExpirationModel]

/**
 * State of one key material of a key (2025-06-05 profile; one CURRENT material before).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, getKey, KeyMaterialState } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const [material] = getKey(kms.store(), created.right.KeyMetadata.KeyId)?.materials ?? []
 * assert.equal(material?.state, KeyMaterialState.CURRENT)
 * ```
 * @since 0.1.0
 */
export const KeyMaterialState = {
  /** The material the key encrypts with now; a key has at most one. */
  CURRENT: 'CURRENT',
  /** A former CURRENT material: it still decrypts what it encrypted. */
  NON_CURRENT: 'NON_CURRENT',
  /** Imported as `NEW_KEY_MATERIAL`, waiting for RotateKeyOnDemand to make it CURRENT. */
  PENDING_ROTATION: 'PENDING_ROTATION',
} as const
/** @since 0.1.0 */
export type KeyMaterialState = (typeof KeyMaterialState)[keyof typeof KeyMaterialState]

/**
 * Whether a key material is present or awaits (re)import (ListKeyRotations' `ImportState`).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { ImportState, type RotationsListEntry } from 'kms-key-import'
 * const awaitsReimport = (e: RotationsListEntry): boolean => e.ImportState === ImportState.PENDING_IMPORT
 * assert.ok(awaitsReimport({ KeyId: 'k', KeyMaterialId: 'm', KeyMaterialState: 'NON_CURRENT', ImportState: 'PENDING_IMPORT' }))
 * ```
 * @since 0.1.0
 */
export const ImportState = {
  /** The material is present. */
  IMPORTED: 'IMPORTED',
  /** The material was deleted or expired and awaits reimport. */
  PENDING_IMPORT: 'PENDING_IMPORT',
} as const
/** @since 0.1.0 */
export type ImportState = (typeof ImportState)[keyof typeof ImportState]

/**
 * ImportKeyMaterial's `ImportType` (2025-06-05 profile).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, ImportType, profile20250605 } from 'kms-key-import'
 * assert.deepEqual(classicProfile.enums.importType, []) // no ImportType before 2025-06-05
 * assert.deepEqual(profile20250605.enums.importType, [ImportType.NEW_KEY_MATERIAL, ImportType.EXISTING_KEY_MATERIAL])
 * ```
 * @since 0.1.0
 */
export const ImportType = {
  /** Material the key has never had: it becomes CURRENT (first import) or PENDING_ROTATION. */
  NEW_KEY_MATERIAL: 'NEW_KEY_MATERIAL',
  /** Material the key had before, reimported (the default). */
  EXISTING_KEY_MATERIAL: 'EXISTING_KEY_MATERIAL',
} as const
/** @since 0.1.0 */
export type ImportType = (typeof ImportType)[keyof typeof ImportType]

/**
 * ARN partitions the library knows; a region's partition is {@link partitionOf}.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, Partition } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ region: 'cn-north-1', crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * assert.ok(created.right.KeyMetadata.Arn.startsWith(`arn:${Partition['aws-cn']}:kms:cn-north-1:`))
 * ```
 * @since 0.1.0
 */
export const Partition = {
  /** The commercial Regions. */
  aws: 'aws',
  /** The China Regions (`cn-*`). */
  'aws-cn': 'aws-cn',
  /** The AWS GovCloud (US) Regions (`us-gov-*`). */
  'aws-us-gov': 'aws-us-gov',
} as const
/** @since 0.1.0 */
export type Partition = (typeof Partition)[keyof typeof Partition]
