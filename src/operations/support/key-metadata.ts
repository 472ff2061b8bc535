/**
 * The `KeyMetadata` structure of DescribeKey and CreateKey, derived from a key record.
 *
 * @module
 */
import type { ExpirationModel, KeySpec, KeyState, KeyUsage, Origin } from '../../model/enums.js'
import { currentMaterial, isPermanentlyAssociated, type KeyRecord } from '../../model/key-record.js'
import { keyArn } from '../../model/ids.js'
import type { MultiRegionKeySet } from '../../model/key-store.js'
import { partitionOf } from '../../model/region.js'
import type { Profile } from '../../profiles/profile.js'
import type { SigningAlgorithmSpec } from '../../crypto/signing.js'
import type { MacAlgorithmSpec } from '../../crypto/mac.js'

/** One key of a set of related multi-Region keys, as DescribeKey shows it. @since 0.2.0 */
export interface MultiRegionKey {
  /** Its key ARN. */
  readonly Arn: string
  /** Its Region. */
  readonly Region: string
}

/** DescribeKey's `MultiRegionConfiguration` (docs/evidence.md §11). @since 0.2.0 */
export interface MultiRegionConfiguration {
  /** Whether this key is the primary key or a replica. */
  readonly MultiRegionKeyType: 'PRIMARY' | 'REPLICA'
  /** The primary key (this key when it is the primary). */
  readonly PrimaryKey: MultiRegionKey
  // a fresh mutable array, so that the type is assignable to the AWS SDK v3's
  /** Every replica key (this key among them when it is a replica). */
  readonly ReplicaKeys: MultiRegionKey[]
}

/**
 * The `MultiRegionConfiguration` of a key of a multi-Region set.
 * @param key - a key of the set
 * @param set - its related keys
 * @returns the configuration as DescribeKey shows it
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider(), region: 'us-east-1' })
 * const created = await kms.invoke('CreateKey', { MultiRegion: true })
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * await kms.invoke('ReplicateKey', { KeyId, ReplicaRegion: 'eu-west-1' })
 * const described = await kms.invoke('DescribeKey', { KeyId })
 * assert.ok(described._tag === 'Right')
 * assert.equal(described.right.KeyMetadata.MultiRegionConfiguration?.MultiRegionKeyType, 'PRIMARY')
 * assert.deepEqual(described.right.KeyMetadata.MultiRegionConfiguration?.ReplicaKeys.map((k) => k.Region), ['eu-west-1'])
 * ```
 * @since 0.2.0
 */
export const multiRegionConfiguration = (key: KeyRecord, set: MultiRegionKeySet): MultiRegionConfiguration => {
  const at = (region: string): MultiRegionKey => ({ Arn: keyArn(partitionOf(region), region, key.accountId, key.keyId), Region: region })
  return {
    MultiRegionKeyType: key.region === set.primaryRegion ? 'PRIMARY' : 'REPLICA',
    PrimaryKey: at(set.primaryRegion),
    ReplicaKeys: set.regions.filter((r) => r !== set.primaryRegion).map(at),
  }
}

/** AWS's encryption algorithm value set. @since 0.1.0 */
export type EncryptionAlgorithmSpec = 'SYMMETRIC_DEFAULT' | 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'SM2PKE'
/** The key specs that have a `CustomerMasterKeySpec` (AWS's deprecated name predates ML-DSA). @since 0.1.0 */
export type CustomerMasterKeySpec = Exclude<KeySpec, 'ML_DSA_44' | 'ML_DSA_65' | 'ML_DSA_87'>

/**
 * Whether a key spec has a `CustomerMasterKeySpec` (every spec but ML-DSA's).
 * @param spec - the key spec
 * @returns true when the deprecated name has the spec
 * @since 0.2.0
 */
export const hasCustomerMasterKeySpec = (spec: KeySpec): spec is CustomerMasterKeySpec => !spec.startsWith('ML_DSA_')

/**
 * AWS's `KeyMetadata` (the members this library models), as the AWS SDK v3 types it.
 * @since 0.1.0
 */
export interface KeyMetadata {
  /** The owning account. */
  readonly AWSAccountId: string
  /** The key id. */
  readonly KeyId: string
  /** The key ARN. */
  readonly Arn: string
  /** When the key was created. */
  readonly CreationDate: Date
  /** Whether the key state is `Enabled`. */
  readonly Enabled: boolean
  /** CreateKey's `Description` (empty when none). */
  readonly Description: string
  /** The key usage. */
  readonly KeyUsage: KeyUsage
  /** The key state at the request. */
  readonly KeyState: KeyState
  /** When the key goes; only while PendingDeletion. */
  readonly DeletionDate?: Date
  /** For `EXTERNAL` keys: the earliest expiry among their imported materials. */
  readonly ValidTo?: Date
  /** Where the material comes from. */
  readonly Origin: Origin
  /** Always `CUSTOMER`: AWS managed keys are not modelled. */
  readonly KeyManager: 'CUSTOMER'
  /** The key spec, under AWS's deprecated name (absent for specs newer than the name: ML-DSA). */
  readonly CustomerMasterKeySpec?: CustomerMasterKeySpec
  /** The key spec. */
  readonly KeySpec: KeySpec
  // The algorithm lists are typed as (fresh, never shared) mutable arrays of AWS's value sets, so
  // that KeyMetadata is assignable to the AWS SDK v3 `KeyMetadata`, whose arrays are mutable.
  /** For `ENCRYPT_DECRYPT` keys. */
  readonly EncryptionAlgorithms?: EncryptionAlgorithmSpec[]
  /** For `SIGN_VERIFY` keys. */
  readonly SigningAlgorithms?: (SigningAlgorithmSpec | 'ML_DSA_SHAKE_256')[]
  /** For `GENERATE_VERIFY_MAC` keys. */
  readonly MacAlgorithms?: MacAlgorithmSpec[]
  /** For `KEY_AGREEMENT` keys. */
  readonly KeyAgreementAlgorithms?: 'ECDH'[]
  /** For `EXTERNAL` keys with material: as imported. */
  readonly ExpirationModel?: ExpirationModel
  /** Whether the key is a multi-Region key (docs/evidence.md §11). */
  readonly MultiRegion: boolean
  /** For a multi-Region key: its primary and replica keys. @since 0.2.0 */
  readonly MultiRegionConfiguration?: MultiRegionConfiguration
  /** The waiting period of a primary that still has replicas: only while PendingReplicaDeletion (it starts when the last replica is deleted; a PendingDeletion key shows `DeletionDate` instead). */
  readonly PendingDeletionWindowInDays?: number
  /** The CURRENT material (2025-06-05 profile, symmetric keys). */
  readonly CurrentKeyMaterialId?: string
}

type Algorithms = Pick<KeyMetadata, 'EncryptionAlgorithms' | 'SigningAlgorithms' | 'MacAlgorithms' | 'KeyAgreementAlgorithms'>

/** In AWS's order: PKCS#1 v1.5 first (DOC: the AWS CLI's describe-key example of an RSA signing key). */
const RSA_SIGN = (): SigningAlgorithmSpec[] => ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512']

/**
 * The algorithms DescribeKey lists for a key spec and usage (DOC key-spec pages).
 * @param spec - key spec
 * @param usage - key usage
 * @returns the algorithm lists present for that combination
 * @since 0.1.0
 */
export const algorithmsOf = (spec: KeySpec, usage: KeyUsage): Algorithms => {
  if (spec === 'SYMMETRIC_DEFAULT') return { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] }
  if (spec.startsWith('HMAC_')) return { MacAlgorithms: [`HMAC_SHA_${spec.slice(5)}` as MacAlgorithmSpec] }
  if (spec.startsWith('RSA_')) return usage === 'SIGN_VERIFY' ? { SigningAlgorithms: RSA_SIGN() } : { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] }
  if (usage === 'KEY_AGREEMENT') return { KeyAgreementAlgorithms: ['ECDH'] }
  switch (spec) {
    case 'ECC_NIST_P256': case 'ECC_SECG_P256K1': return { SigningAlgorithms: ['ECDSA_SHA_256'] }
    case 'ECC_NIST_P384': return { SigningAlgorithms: ['ECDSA_SHA_384'] }
    case 'ECC_NIST_P521': return { SigningAlgorithms: ['ECDSA_SHA_512'] }
    case 'SM2': return usage === 'SIGN_VERIFY' ? { SigningAlgorithms: ['SM2DSA'] } : { EncryptionAlgorithms: ['SM2PKE'] }
    case 'ML_DSA_44': case 'ML_DSA_65': case 'ML_DSA_87': return { SigningAlgorithms: ['ML_DSA_SHAKE_256'] }
    default: return {}
  }
}

/**
 * The key's metadata as DescribeKey shows it. For EXTERNAL keys, `ExpirationModel` and `ValidTo`
 * come from the material (absent when there is none); `ValidTo` is the earliest expiry among
 * permanently associated materials (docs/evidence.md §8). `CurrentKeyMaterialId` is shown only under a
 * profile with multiple key materials, for symmetric keys, and stays after a delete (OBS).
 * @param profile - the profile
 * @param key - the key, settled
 * @param set - for a multi-Region key, its related keys (from the store)
 * @returns the metadata
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { allKeys, createEmulator, keyMetadata } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * await kms.invoke('CreateKey', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
 * const [key] = allKeys(kms.store())
 * const metadata = keyMetadata(kms.profile, key!)
 * assert.equal(metadata.KeyState, 'Enabled')
 * assert.deepEqual(metadata.MacAlgorithms, ['HMAC_SHA_256'])
 * ```
 * @since 0.1.0
 */
export const keyMetadata = (profile: Profile, key: KeyRecord, set?: MultiRegionKeySet): KeyMetadata => {
  const current = currentMaterial(key)
  const external = key.origin === 'EXTERNAL'
  const present = key.materials.filter((m) => isPermanentlyAssociated(m) && m.secret !== undefined)
  const expiries = present.map((m) => m.validTo).filter((v): v is number => v !== undefined)
  const expirationModel = external ? (current?.secret !== undefined ? current.expirationModel : undefined) : undefined
  const validTo = external && expiries.length > 0 ? Math.min(...expiries) : undefined
  return {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.creationDate),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    ...(key.state === 'PendingDeletion' && key.deletionDate !== undefined ? { DeletionDate: new Date(key.deletionDate) } : {}),
    ...(validTo !== undefined ? { ValidTo: new Date(validTo) } : {}),
    Origin: key.origin,
    KeyManager: 'CUSTOMER',
    ...(hasCustomerMasterKeySpec(key.keySpec) ? { CustomerMasterKeySpec: key.keySpec } : {}),
    KeySpec: key.keySpec,
    ...algorithmsOf(key.keySpec, key.keyUsage),
    ...(expirationModel !== undefined ? { ExpirationModel: expirationModel } : {}),
    MultiRegion: key.multiRegion === true,
    ...(key.multiRegion === true && set !== undefined ? { MultiRegionConfiguration: multiRegionConfiguration(key, set) } : {}),
    // Only while PendingReplicaDeletion; a PendingDeletion key shows its DeletionDate instead (docs/evidence.md §2).
    ...(key.state === 'PendingReplicaDeletion' && key.pendingDeletionWindowInDays !== undefined
      ? { PendingDeletionWindowInDays: key.pendingDeletionWindowInDays }
      : {}),
    ...(profile.features.multipleKeyMaterials && key.keySpec === 'SYMMETRIC_DEFAULT' && current !== undefined ? { CurrentKeyMaterialId: current.keyMaterialId } : {}),
  }
}
