/**
 * The KMS enumerations this library speaks, spelled exactly as AWS spells them.
 *
 * Each is an `as const` object (value = name) plus a union type of the same name. Which values a
 * given era of AWS accepts is profile data (see `profiles/`), not a property of these lists: the
 * lists are the union over every profile.
 *
 * @module
 */

/** Key states of a KMS key (DOC key-state.html). @since 0.1.0 */
export const KeyState = {
  Creating: 'Creating',
  Enabled: 'Enabled',
  Disabled: 'Disabled',
  PendingDeletion: 'PendingDeletion',
  PendingImport: 'PendingImport',
  PendingReplicaDeletion: 'PendingReplicaDeletion',
  Unavailable: 'Unavailable',
  Updating: 'Updating',
} as const
/** @since 0.1.0 */
export type KeyState = (typeof KeyState)[keyof typeof KeyState]

/** Where a key's material comes from. Never changes after CreateKey. @since 0.1.0 */
export const Origin = {
  AWS_KMS: 'AWS_KMS',
  EXTERNAL: 'EXTERNAL',
  AWS_CLOUDHSM: 'AWS_CLOUDHSM',
  EXTERNAL_KEY_STORE: 'EXTERNAL_KEY_STORE',
} as const
/** @since 0.1.0 */
export type Origin = (typeof Origin)[keyof typeof Origin]

/** Key specs. @since 0.1.0 */
export const KeySpec = {
  SYMMETRIC_DEFAULT: 'SYMMETRIC_DEFAULT',
  RSA_2048: 'RSA_2048',
  RSA_3072: 'RSA_3072',
  RSA_4096: 'RSA_4096',
  ECC_NIST_P256: 'ECC_NIST_P256',
  ECC_NIST_P384: 'ECC_NIST_P384',
  ECC_NIST_P521: 'ECC_NIST_P521',
  ECC_SECG_P256K1: 'ECC_SECG_P256K1',
  HMAC_224: 'HMAC_224',
  HMAC_256: 'HMAC_256',
  HMAC_384: 'HMAC_384',
  HMAC_512: 'HMAC_512',
  SM2: 'SM2',
  ML_DSA_44: 'ML_DSA_44',
  ML_DSA_65: 'ML_DSA_65',
  ML_DSA_87: 'ML_DSA_87',
} as const
/** @since 0.1.0 */
export type KeySpec = (typeof KeySpec)[keyof typeof KeySpec]

/** Key usages. @since 0.1.0 */
export const KeyUsage = {
  ENCRYPT_DECRYPT: 'ENCRYPT_DECRYPT',
  SIGN_VERIFY: 'SIGN_VERIFY',
  GENERATE_VERIFY_MAC: 'GENERATE_VERIFY_MAC',
  KEY_AGREEMENT: 'KEY_AGREEMENT',
} as const
/** @since 0.1.0 */
export type KeyUsage = (typeof KeyUsage)[keyof typeof KeyUsage]

/** Algorithms a client may use to wrap key material for import. @since 0.1.0 */
export const WrappingAlgorithm = {
  RSAES_PKCS1_V1_5: 'RSAES_PKCS1_V1_5',
  RSAES_OAEP_SHA_1: 'RSAES_OAEP_SHA_1',
  RSAES_OAEP_SHA_256: 'RSAES_OAEP_SHA_256',
  RSA_AES_KEY_WRAP_SHA_1: 'RSA_AES_KEY_WRAP_SHA_1',
  RSA_AES_KEY_WRAP_SHA_256: 'RSA_AES_KEY_WRAP_SHA_256',
  SM2PKE: 'SM2PKE',
} as const
/** @since 0.1.0 */
export type WrappingAlgorithm = (typeof WrappingAlgorithm)[keyof typeof WrappingAlgorithm]

/** Specs of the wrapping (public) key returned by GetParametersForImport. @since 0.1.0 */
export const WrappingKeySpec = {
  RSA_2048: 'RSA_2048',
  RSA_3072: 'RSA_3072',
  RSA_4096: 'RSA_4096',
  SM2: 'SM2',
} as const
/** @since 0.1.0 */
export type WrappingKeySpec = (typeof WrappingKeySpec)[keyof typeof WrappingKeySpec]

/** Whether imported material expires. @since 0.1.0 */
export const ExpirationModel = {
  KEY_MATERIAL_EXPIRES: 'KEY_MATERIAL_EXPIRES',
  KEY_MATERIAL_DOES_NOT_EXPIRE: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
} as const
/** @since 0.1.0 */
export type ExpirationModel = (typeof ExpirationModel)[keyof typeof ExpirationModel]

/** State of one key material of a key (2025-06-05 profile; one CURRENT material before). @since 0.1.0 */
export const KeyMaterialState = {
  CURRENT: 'CURRENT',
  NON_CURRENT: 'NON_CURRENT',
  PENDING_ROTATION: 'PENDING_ROTATION',
} as const
/** @since 0.1.0 */
export type KeyMaterialState = (typeof KeyMaterialState)[keyof typeof KeyMaterialState]

/** Whether a key material is present or awaits (re)import. @since 0.1.0 */
export const ImportState = {
  IMPORTED: 'IMPORTED',
  PENDING_IMPORT: 'PENDING_IMPORT',
} as const
/** @since 0.1.0 */
export type ImportState = (typeof ImportState)[keyof typeof ImportState]

/** ImportKeyMaterial's `ImportType` (2025-06-05 profile). @since 0.1.0 */
export const ImportType = {
  NEW_KEY_MATERIAL: 'NEW_KEY_MATERIAL',
  EXISTING_KEY_MATERIAL: 'EXISTING_KEY_MATERIAL',
} as const
/** @since 0.1.0 */
export type ImportType = (typeof ImportType)[keyof typeof ImportType]

/** ARN partitions the library knows. @since 0.1.0 */
export const Partition = {
  aws: 'aws',
  'aws-cn': 'aws-cn',
  'aws-us-gov': 'aws-us-gov',
} as const
/** @since 0.1.0 */
export type Partition = (typeof Partition)[keyof typeof Partition]
