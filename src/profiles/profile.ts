/**
 * The shape of a rule profile: one era of AWS behaviour as plain data (docs/evidence.md §1). Operations
 * read a profile's tables; none asks which profile it is in.
 *
 * @module
 */
import type { MessageId, Messages } from '../errors/messages.js'
import type { EncryptionAlgorithmSpec } from '../operations/support/key-metadata.js'
import type {
  ExpirationModel, ImportType, KeySpec, KeyState, KeyUsage, Origin, Partition, WrappingAlgorithm, WrappingKeySpec,
} from '../model/enums.js'

/** Names of the profiles the library ships. @since 0.1.0 */
export type ProfileName = 'classic' | '2023-10-10' | '2025-06-05'

/** Operations whose behaviour depends on the key's state (docs/evidence.md §2.1). @since 0.1.0 */
export type StatefulOperation =
  | 'GetParametersForImport' | 'ImportKeyMaterial' | 'DeleteImportedKeyMaterial'
  | 'EnableKey' | 'DisableKey' | 'ScheduleKeyDeletion' | 'CancelKeyDeletion'
  | 'Encrypt' | 'Decrypt' | 'DescribeKey'
  | 'GetPublicKey' | 'Sign' | 'Verify' | 'GenerateMac' | 'VerifyMac'
  | 'RotateKeyOnDemand' | 'ListKeyRotations'
  | 'ReplicateKey' | 'UpdatePrimaryRegion'
  | 'UpdateKeyDescription' | 'CreateAlias' | 'UpdateAlias' | 'DeleteAlias' | 'ListAliases'
  | 'TagResource' | 'UntagResource' | 'ListResourceTags' | 'GetKeyPolicy' | 'PutKeyPolicy' | 'ListKeyPolicies'
  | 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext' | 'GenerateDataKeyPair' | 'GenerateDataKeyPairWithoutPlaintext' | 'ReEncrypt'
  | 'EnableKeyRotation' | 'DisableKeyRotation' | 'GetKeyRotationStatus'

/** What the state table says about one operation in one key state. @since 0.1.0 */
export type StateVerdict =
  | {
    /** The operation proceeds. */
    readonly allow: true
  }
  | {
    /** The operation is refused, */
    readonly allow: false;
    /** with this exception (the key-state exceptions only) */
    readonly exception: 'KMSInvalidStateException' | 'DisabledException';
    /** and this message of {@link Messages}. */
    readonly message: MessageId
  }

/** One row of the key-state table. @since 0.1.0 */
export interface StateRule {
  /** Allowed only for `EXTERNAL` keys; UnsupportedOperationException otherwise, in every state, checked first. */
  readonly externalOnly: boolean
  /** Each key state's verdict. */
  readonly states: Readonly<Record<KeyState, StateVerdict>>
}

/** The key-state table: for each operation, each state's verdict. @since 0.1.0 */
export type StateTable = Readonly<Record<StatefulOperation, StateRule>>

/** Where a key spec exists and what it may be used for. @since 0.1.0 */
export interface KeySpecRule {
  /** Key usages CreateKey accepts with this spec; the first is not a default (only SYMMETRIC_DEFAULT has one). */
  readonly usages: readonly KeyUsage[]
  /** Partitions where keys of this spec exist; undefined = every partition. */
  readonly partitions?: readonly Partition[]
  /** Whether an `EXTERNAL` key of this spec may be created and receive imported material. */
  readonly importable: boolean
}

/** What plaintext key material a key spec accepts (docs/evidence.md §6). @since 0.1.0 */
export type MaterialRule =
  | {
    /** Raw symmetric bytes. */
    readonly kind: 'symmetric';
    /** Their exact length. */
    readonly bytes: number;
    /** Other lengths in some partitions. */
    readonly bytesByPartition?: Readonly<Partial<Record<Partition, number>>>
  }
  | {
    /** Raw HMAC key bytes. */
    readonly kind: 'hmac';
    /** Shortest length. */
    readonly minBytes: number;
    /** Longest length. */
    readonly maxBytes: number
  }
  | {
    /** An RSA private key (PKCS#8 DER). */
    readonly kind: 'rsa';
    /** Its modulus size. */
    readonly modulusBits: number
  }
  | {
    /** An EC private key (PKCS#8 DER). */
    readonly kind: 'ec';
    /** Its curve. */
    readonly curve: 'P-256' | 'P-384' | 'P-521' | 'secp256k1' | 'SM2'
  }

/** A combination of wrapping algorithm, wrapping key spec, key spec and partition the profile refuses. @since 0.1.0 */
export interface WrappingRule {
  /** A stable name for docs and tests. */
  readonly id: string
  /** Each present criterion must match (an absent one matches anything). */
  readonly when: {
    /** The wrapping algorithm is one of these. */
    readonly algorithms?: readonly WrappingAlgorithm[]
    /** The wrapping key spec is one of these. */
    readonly wrappingKeySpecs?: readonly WrappingKeySpec[]
    /** The key's spec is one of these. */
    readonly keySpecs?: readonly KeySpec[]
    /** The region is in one of these partitions. */
    readonly partitions?: readonly Partition[]
    /** The region is in none of these partitions. */
    readonly notPartitions?: readonly Partition[]
  }
  /** The exception and message template (placeholders: algorithm, wrappingKeySpec, keySpec, region). */
  readonly exception: 'ValidationException' | 'UnsupportedOperationException'
  /** The message template. */
  readonly message: string
  /** Why, for the generated docs. */
  readonly reason: string
  /** How the rule is known: AWS documentation, an observation, or a choice of this library. */
  readonly evidence: 'DOC' | 'OBS' | 'CHOSEN'
}

/** Numeric limits. @since 0.1.0 */
export interface Limits {
  /** How long GetParametersForImport's parameters stay valid (24 h, DOC). */
  readonly importParametersValidityMs: number
  /** How far ahead ValidTo may be (365 days, DOC). */
  readonly maxValidToMs: number
  /** Blob members: ImportToken, EncryptedKeyMaterial, CiphertextBlob (6144, model). */
  readonly maxBlobBytes: number
  /** Plaintext of Encrypt (4096, model). */
  readonly maxPlaintextBytes: number
  /** KeyId member length (2048, model). */
  readonly maxKeyIdLength: number
  /** Description member length (8192, model). */
  readonly maxDescriptionLength: number
  /** ScheduleKeyDeletion's shortest waiting period (7 days, DOC). */
  readonly minPendingWindowInDays: number
  /** ScheduleKeyDeletion's longest waiting period (30 days, DOC). */
  readonly maxPendingWindowInDays: number
  /** The waiting period when none is given (30 days, DOC). */
  readonly defaultPendingWindowInDays: number
  /** How long a new replica stays `Creating` ("a few seconds", DOC; the figure CHOSEN). @since 0.2.0 */
  readonly replicaCreatingMs: number
  /** How long UpdatePrimaryRegion's keys stay `Updating` ("a few seconds", DOC; the figure CHOSEN). @since 0.2.0 */
  readonly primaryUpdatingMs: number
  /** On-demand rotations a key may have (25, OBS). */
  readonly maxOnDemandRotations: number
}

/** Behaviour switches that are facts of an era, read as data. @since 0.1.0 */
export interface Features {
  /** Key materials have visible ids, ImportType and rotation (2025-06-05). */
  readonly multipleKeyMaterials: boolean
  /**
   * Automatic rotation has a period (EnableKeyRotation's `RotationPeriodInDays`) and
   * GetKeyRotationStatus answers `KeyId`, `RotationPeriodInDays` and `NextRotationDate` (AWS: 2024-04;
   * here from the 2025-06-05 profile).
   */
  readonly rotationPeriods: boolean
}

/**
 * A rule profile: everything an operation needs to know about one era of AWS.
 * @since 0.1.0
 */
export interface Profile {
  /** The profile's name, as {@link ProfileName}. */
  readonly name: ProfileName
  /** One line for humans. */
  readonly title: string
  /** First day of this behaviour on AWS (ISO date). */
  readonly since: string
  /** Enum value sets of the service model in this era (validation layer, docs/evidence.md §3.1). */
  readonly enums: {
    /** `KeySpec` values. */
    readonly keySpec: readonly KeySpec[]
    /** `KeyUsage` values. */
    readonly keyUsage: readonly KeyUsage[]
    /** `Origin` values. */
    readonly origin: readonly Origin[]
    /** `WrappingAlgorithm` values. */
    readonly wrappingAlgorithm: readonly WrappingAlgorithm[]
    /** `WrappingKeySpec` values. */
    readonly wrappingKeySpec: readonly WrappingKeySpec[]
    /** `ExpirationModel` values. */
    readonly expirationModel: readonly ExpirationModel[]
    /** `ImportType` values (none before 2025-06-05). */
    readonly importType: readonly ImportType[]
    /** `EncryptionAlgorithm` values. */
    readonly encryptionAlgorithm: readonly EncryptionAlgorithmSpec[]
  }
  /**
   * Members of AWS's model this era's API does not have, by operation (`ImportType` of
   * ImportKeyMaterial before 2025-06-05): unknown members then, which the service ignores, so the
   * protocol layer drops them when it decodes a request.
   */
  readonly absentMembers: Readonly<Record<string, readonly string[]>>
  /** The key specs CreateKey accepts, with their usages and partitions. */
  readonly keySpecs: Readonly<Partial<Record<KeySpec, KeySpecRule>>>
  /** What plaintext material each importable key spec accepts. */
  readonly material: Readonly<Partial<Record<KeySpec, MaterialRule>>>
  /** The refused wrapping combinations, in the order they are checked. */
  readonly wrappingRules: readonly WrappingRule[]
  /** The key-state table. */
  readonly stateTable: StateTable
  /** The numeric limits. */
  readonly limits: Limits
  /** The behaviour switches. */
  readonly features: Features
  /** The message templates ({@link Messages}). */
  readonly messages: typeof Messages
}
