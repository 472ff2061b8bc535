/**
 * The `classic` profile: the seed document's era, from the launch of import (2016-08-11) until
 * 2023-06-04. Only `SYMMETRIC_DEFAULT` keys may be `EXTERNAL`; the wrapping key is `RSA_2048`;
 * three wrapping algorithms, PKCS#1 v1.5 among them; one key material per key, forever.
 *
 * @module
 */
import { Messages } from '../errors/messages.js'
import type { KeySpecRule, Profile } from './profile.js'
import { keyStateTable } from './state-table.js'
import { standardLimits } from './limits.js'

const rsaUsages: KeySpecRule = { usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], importable: false }
const eccUsages: KeySpecRule = { usages: ['SIGN_VERIFY'], importable: false }
const hmacUsages: KeySpecRule = { usages: ['GENERATE_VERIFY_MAC'], importable: false }

/**
 * The seed's profile, the default.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ profile: 'classic', crypto: createDeterministicProvider() })
 * assert.equal(kms.profile, classicProfile)
 * assert.deepEqual(classicProfile.enums.wrappingKeySpec, ['RSA_2048'])
 * ```
 * @since 0.1.0
 */
export const classicProfile: Profile = {
  name: 'classic',
  title: 'The seed document: symmetric keys only, RSA_2048 wrapping, PKCS#1 v1.5 still accepted',
  since: '2016-08-11',
  enums: {
    keySpec: ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2'],
    keyUsage: ['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC'],
    origin: ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'],
    wrappingAlgorithm: ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
    wrappingKeySpec: ['RSA_2048'],
    expirationModel: ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'],
    importType: [],
    encryptionAlgorithm: ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'],
  },
  keySpecs: {
    SYMMETRIC_DEFAULT: { usages: ['ENCRYPT_DECRYPT'], importable: true },
    RSA_2048: rsaUsages,
    RSA_3072: rsaUsages,
    RSA_4096: rsaUsages,
    ECC_NIST_P256: eccUsages,
    ECC_NIST_P384: eccUsages,
    ECC_NIST_P521: eccUsages,
    ECC_SECG_P256K1: eccUsages,
    HMAC_224: hmacUsages,
    HMAC_256: hmacUsages,
    HMAC_384: hmacUsages,
    HMAC_512: hmacUsages,
    SM2: { usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], importable: false, partitions: ['aws-cn'] },
  },
  material: {
    SYMMETRIC_DEFAULT: { kind: 'symmetric', bytes: 32, bytesByPartition: { 'aws-cn': 16 } },
  },
  absentMembers: {
    ImportKeyMaterial: ['ImportType', 'KeyMaterialId', 'KeyMaterialDescription'],
    DeleteImportedKeyMaterial: ['KeyMaterialId'],
    // a rotation period exists from 2024-04 (here the 2025-06-05 profile)
    EnableKeyRotation: ['RotationPeriodInDays'],
  },
  wrappingRules: [],
  stateTable: keyStateTable,
  limits: standardLimits,
  features: { multipleKeyMaterials: false, rotationPeriods: false },
  messages: Messages,
}
