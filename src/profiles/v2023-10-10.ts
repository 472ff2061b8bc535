/**
 * The `2023-10-10` profile: asymmetric and HMAC import (AWS, 2023-06-05), RSA_AES key wrap,
 * 3072/4096-bit wrapping keys, and PKCS#1 v1.5 retired (2023-10-10). In the China partition
 * symmetric material is 128-bit (SM4), `RSA_AES_*` is unavailable and `SM2`/`SM2PKE` are
 * available (docs/evidence.md §1, §3.6, §5, §6).
 *
 * @module
 */
import type { KeySpec, WrappingAlgorithm } from '../model/enums.js'
import { classicProfile } from './classic.js'
import type { KeySpecRule, MaterialRule, Profile, WrappingRule } from './profile.js'

const importable = (rule: KeySpecRule | undefined): KeySpecRule => ({ usages: rule?.usages ?? [], ...(rule?.partitions !== undefined ? { partitions: rule.partitions } : {}), importable: true })
const OAEP: readonly WrappingAlgorithm[] = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']
const RSA_AES: readonly WrappingAlgorithm[] = ['RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256']
const RSA_KEYS: readonly KeySpec[] = ['RSA_2048', 'RSA_3072', 'RSA_4096']

/**
 * Wrapping combinations refused at GetParametersForImport (CHOSEN: refuse every combination that
 * can never work, with ValidationException naming the rule; docs/evidence.md §3.6).
 * @since 0.1.0
 */
export const wrappingRules2023: readonly WrappingRule[] = [
  {
    id: 'pkcs1-retired', when: { algorithms: ['RSAES_PKCS1_V1_5'] }, exception: 'ValidationException', evidence: 'DOC',
    message: 'The wrapping algorithm RSAES_PKCS1_V1_5 is no longer supported for importing key material. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.',
    reason: 'AWS retired RSAES_PKCS1_V1_5 for key import on 2023-10-10; it stays in the enum.',
  },
  {
    id: 'sm2-spec-china-only', when: { wrappingKeySpecs: ['SM2'], notPartitions: ['aws-cn'] }, exception: 'ValidationException', evidence: 'DOC',
    message: 'The wrapping key spec SM2 is supported only in the China Regions.',
    reason: 'SM2 wrapping keys exist only in the China partition.',
  },
  {
    id: 'sm2pke-china-only', when: { algorithms: ['SM2PKE'], notPartitions: ['aws-cn'] }, exception: 'ValidationException', evidence: 'DOC',
    message: 'The wrapping algorithm SM2PKE is supported only in the China Regions.',
    reason: 'SM2PKE exists only in the China partition.',
  },
  {
    id: 'rsa-aes-not-in-china', when: { algorithms: RSA_AES, partitions: ['aws-cn'] }, exception: 'ValidationException', evidence: 'DOC',
    message: 'The wrapping algorithm {algorithm} is not supported in the China Regions.',
    reason: 'RSA_AES key wrap is unavailable in the China partition.',
  },
  {
    id: 'sm2pke-needs-sm2-key', when: { algorithms: ['SM2PKE'], wrappingKeySpecs: ['RSA_2048', 'RSA_3072', 'RSA_4096'] }, exception: 'ValidationException', evidence: 'DOC',
    message: 'The wrapping algorithm SM2PKE requires the wrapping key spec SM2.',
    reason: 'SM2PKE encrypts with an SM2 public key.',
  },
  {
    id: 'sm2-key-needs-sm2pke', when: { wrappingKeySpecs: ['SM2'], algorithms: ['RSAES_PKCS1_V1_5', ...OAEP, ...RSA_AES] }, exception: 'ValidationException', evidence: 'DOC',
    message: 'The wrapping key spec SM2 requires the wrapping algorithm SM2PKE.',
    reason: 'An SM2 wrapping key can only be used with SM2PKE.',
  },
  {
    id: 'rsa-private-key-needs-rsa-aes', when: { algorithms: OAEP, keySpecs: RSA_KEYS }, exception: 'ValidationException', evidence: 'DOC',
    message: 'RSA private key material of key spec {keySpec} is too large for {algorithm}. Use RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256.',
    reason: 'A PKCS#8 RSA private key is larger than any RSAES-OAEP payload (RFC 8017: k − 2·hLen − 2 bytes).',
  },
  {
    id: 'p521-exceeds-oaep-2048', when: { algorithms: OAEP, wrappingKeySpecs: ['RSA_2048'], keySpecs: ['ECC_NIST_P521'] }, exception: 'ValidationException', evidence: 'DOC',
    message: 'ECC_NIST_P521 key material is too large for {algorithm} with an RSA_2048 wrapping key. Use RSA_3072 or RSA_4096, or RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256.',
    reason: 'A P-521 PKCS#8 key (about 241 bytes) exceeds the RSA_2048 OAEP payload (214 / 190 bytes).',
  },
]

const hmac = (minBytes: number): MaterialRule => ({ kind: 'hmac', minBytes, maxBytes: 128 })

/**
 * The 2023-10-10 profile.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, profile20231010, wrappingRefusal } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ profile: '2023-10-10', crypto: createDeterministicProvider() })
 * assert.equal(kms.profile, profile20231010)
 * const pkcs1 = { algorithm: 'RSAES_PKCS1_V1_5', wrappingKeySpec: 'RSA_2048', keySpec: 'SYMMETRIC_DEFAULT', partition: 'aws' } as const
 * assert.equal(wrappingRefusal(profile20231010, pkcs1)?.id, 'pkcs1-retired')
 * ```
 * @since 0.1.0
 */
export const profile20231010: Profile = {
  ...classicProfile,
  name: '2023-10-10',
  title: 'Asymmetric and HMAC import, RSA_AES key wrap, 3072/4096-bit wrapping keys; PKCS#1 v1.5 retired',
  since: '2023-10-10',
  enums: {
    ...classicProfile.enums,
    wrappingAlgorithm: ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256', 'SM2PKE'],
    wrappingKeySpec: ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2'],
  },
  keySpecs: Object.fromEntries(Object.entries(classicProfile.keySpecs).map(([spec, rule]) => [spec, importable(rule)])),
  material: {
    ...classicProfile.material,
    HMAC_224: hmac(28),
    HMAC_256: hmac(32),
    HMAC_384: hmac(48),
    HMAC_512: hmac(64),
    RSA_2048: { kind: 'rsa', modulusBits: 2048 },
    RSA_3072: { kind: 'rsa', modulusBits: 3072 },
    RSA_4096: { kind: 'rsa', modulusBits: 4096 },
    ECC_NIST_P256: { kind: 'ec', curve: 'P-256' },
    ECC_NIST_P384: { kind: 'ec', curve: 'P-384' },
    ECC_NIST_P521: { kind: 'ec', curve: 'P-521' },
    ECC_SECG_P256K1: { kind: 'ec', curve: 'secp256k1' },
    SM2: { kind: 'ec', curve: 'SM2' },
  },
  wrappingRules: wrappingRules2023,
}
