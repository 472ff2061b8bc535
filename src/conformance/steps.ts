/**
 * Steps: the abstract requests of a conformance run, and fast-check arbitraries for them. A step
 * names keys, tokens and ciphertexts by their index in the run (`key % keys`), never by id, so the
 * same step means the same thing on every side and survives shrinking.
 *
 * @module
 */
import fc from 'fast-check'
import type { MacAlgorithmSpec } from '../crypto/mac.js'
import type { SigningAlgorithmSpec } from '../crypto/signing.js'
import type { ImportType, WrappingAlgorithm, WrappingKeySpec } from '../model/enums.js'
import { partitionOf } from '../model/region.js'
import { FIXTURE_ECC_P256_PKCS8 } from '../testing/fixture-ecc-keys.js'
import { FIXTURE_RSA_PKCS8 } from '../testing/fixture-keys.js'
import { profiles, resolveProfile, type ProfileSelector } from '../profiles/index.js'
import type { Profile } from '../profiles/profile.js'

/** The names of the key materials a run imports (the same bytes on every side). @since 0.2.0 */
export const MATERIAL_NAMES = ['A', 'B', 'C', 'D'] as const

/** One of {@link MATERIAL_NAMES}. @since 0.2.0 */
export type MaterialName = (typeof MATERIAL_NAMES)[number]

/** The operations a step may name that take only a key. @since 0.2.0 */
export type KeyOnlyOperation = 'DescribeKey' | 'EnableKey' | 'DisableKey' | 'CancelKeyDeletion' | 'Encrypt' | 'RotateKeyOnDemand' | 'ListKeyRotations' | 'GetPublicKey'
  | 'ListAliases' | 'ListResourceTags' | 'ListKeyPolicies' | 'EnableKeyRotation' | 'DisableKeyRotation' | 'GetKeyRotationStatus'
  | 'ReplicateKey' | 'UpdatePrimaryRegion'

/**
 * The alias names alias steps use. Each session makes them its own (`alias/conform-<nonce>-a`, so
 * that sequences sharing an endpoint never meet each other's aliases) and reports them as here.
 * @since 0.2.0
 */
export const ALIAS_NAMES = ['alias/conform-a', 'alias/conform-b', 'alias/conform-c'] as const

/** The tag keys tag steps use: two of a run's own, and one of the reserved `aws:` prefix. @since 0.2.0 */
export const TAG_KEYS = ['conform-a', 'conform-b', 'aws:conform'] as const

/** The tag values TagResource steps use. @since 0.2.0 */
export const TAG_VALUES = ['1', '2'] as const

/** The descriptions UpdateKeyDescription steps set (the empty one included). @since 0.2.0 */
export const DESCRIPTIONS = ['conformance key', ''] as const

/** A size a data-key step asks for: KeySpec, NumberOfBytes, both or neither. @since 0.2.0 */
export interface DataKeySize {
  /** KeySpec. */
  readonly keySpec?: 'AES_256' | 'AES_128'
  /** NumberOfBytes. */
  readonly bytes?: number
}

/**
 * The sizes GenerateDataKey and GenerateDataKeyWithoutPlaintext steps ask for: a KeySpec, a
 * NumberOfBytes (in range or not), neither, or both (refused alike).
 * @since 0.2.0
 */
export const DATA_KEY_SIZES: readonly DataKeySize[] = [
  { keySpec: 'AES_256' }, { keySpec: 'AES_256' }, { keySpec: 'AES_128' }, { bytes: 32 }, { bytes: 1024 }, { bytes: 0 }, { bytes: 1025 }, {}, { keySpec: 'AES_256', bytes: 32 },
]

/**
 * The key policies PutKeyPolicy steps put: the default policy document of a key (root of its
 * account may do everything) and one small custom one; each side writes its own account in.
 * @since 0.2.0
 */
export const POLICY_NAMES = ['default', 'custom'] as const

/**
 * The malformed documents PutKeyPolicy steps put, which every side must refuse with
 * MalformedPolicyDocumentException: one that is not JSON (cut off inside its Statement) and a JSON
 * object without `Statement`. Neither is a lockout case: the reference evaluates no policy.
 * @since 0.2.0
 */
export const MALFORMED_POLICIES = ['not JSON', 'no Statement'] as const

/**
 * The RotationPeriodInDays EnableKeyRotation steps ask for, where the profile has the member
 * (2025-06-05 and later): AWS's bounds (90 and 2560), two periods between them (365 is the
 * default), and one day out of range on each side (ValidationException).
 * @since 0.2.0
 */
export const ROTATION_PERIODS: readonly number[] = [90, 180, 365, 2560, 89, 2561]

/** The NumberOfBytes GenerateRandom steps ask for (out of range included). @since 0.2.0 */
export const RANDOM_SIZES: readonly number[] = [1, 32, 32, 1024, 0, 1025]

/**
 * The key specs a run creates EXTERNAL keys of, besides `SYMMETRIC_DEFAULT`: one RSA and one ECC
 * signing key and one HMAC key, where the profile imports them (2023-10-10 and later).
 * @since 0.2.0
 */
export const OTHER_KEY_SPECS = ['RSA_2048', 'ECC_NIST_P256', 'HMAC_256'] as const

/** A key spec of a run: `SYMMETRIC_DEFAULT` or one of {@link OTHER_KEY_SPECS}. @since 0.2.0 */
export type RunKeySpec = 'SYMMETRIC_DEFAULT' | (typeof OTHER_KEY_SPECS)[number]

/** The messages Sign, Verify, GenerateMac and VerifyMac use (the same bytes on every side). @since 0.2.0 */
export const MESSAGES: readonly string[] = ['message 0', 'message 1']

/** The signing algorithms steps name (RSA and ECC ones, so that each key spec meets compatible and incompatible ones). @since 0.2.0 */
export const STEP_SIGNING_ALGORITHMS: readonly SigningAlgorithmSpec[] = ['RSASSA_PSS_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_256', 'ECDSA_SHA_256']

/** The MAC algorithms steps name. @since 0.2.0 */
export const STEP_MAC_ALGORITHMS: readonly MacAlgorithmSpec[] = ['HMAC_SHA_256', 'HMAC_SHA_384']

/**
 * One abstract step of a run. `key`, `tokenOf` and `ciphertext` are indices into what the run has
 * created so far (taken modulo their count).
 * @since 0.2.0
 */
export type Step =
  | {
    /** CreateKey with this origin (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT unless `spec` says otherwise). */
    readonly op: 'CreateKey';
    /** `EXTERNAL` or `AWS_KMS`. */
    readonly origin: 'EXTERNAL' | 'AWS_KMS';
    /** Another key spec (EXTERNAL keys only), with its usage: SIGN_VERIFY for RSA and ECC, GENERATE_VERIFY_MAC for HMAC. */
    readonly spec?: (typeof OTHER_KEY_SPECS)[number];
    /** A multi-Region primary key (`MultiRegion: true`, an `mrk-` id). */
    readonly multiRegion?: true
  }
  | {
    /** An operation that takes only a key. */
    readonly op: KeyOnlyOperation;
    /** The key's index. */
    readonly key: number
  }
  | {
    /** ScheduleKeyDeletion. */
    readonly op: 'ScheduleKeyDeletion';
    /** The key's index. */
    readonly key: number;
    /** PendingWindowInDays (out-of-range values included on purpose). */
    readonly days: number
  }
  | {
    /** GetParametersForImport. */
    readonly op: 'GetParametersForImport';
    /** The key's index. */
    readonly key: number;
    /** The wrapping algorithm. */
    readonly algorithm: WrappingAlgorithm;
    /** The wrapping key spec. */
    readonly spec: WrappingKeySpec
  }
  | {
    /** ImportKeyMaterial: the client wraps `material` with the public key of the token's parameters. */
    readonly op: 'ImportKeyMaterial';
    /** Which import token (with its public key): 0 the latest issued, 1 the one before, … */
    readonly token: number;
    /** The key imported into; undefined: the key the token was issued for. */
    readonly key: number | undefined;
    /** The material's name. */
    readonly material: MaterialName;
    /** ValidTo as ms after the step's instant; undefined: KEY_MATERIAL_DOES_NOT_EXPIRE. */
    readonly validFor: number | undefined;
    /** ImportType, where the profile has it. */
    readonly importType: ImportType | undefined;
    /**
     * `true`: the client wraps the material with another algorithm than the token's (see
     * `otherWrappingAlgorithm`), so that the token cannot unwrap it. Absent: the token's algorithm.
     */
    readonly otherWrapping?: true
  }
  | {
    /** DeleteImportedKeyMaterial. */
    readonly op: 'DeleteImportedKeyMaterial';
    /** The key's index. */
    readonly key: number;
    /** KeyMaterialId of this material (as the side knows it), or none. */
    readonly material: MaterialName | undefined
  }
  | {
    /** Decrypt of a ciphertext this side produced earlier (in the Region it was made in). */
    readonly op: 'Decrypt';
    /** The ciphertext's index. */
    readonly ciphertext: number;
    /** Decrypt in the run's other Region (with the related multi-Region key there). */
    readonly otherRegion?: true
  }
  | {
    /** Sign a message with a key. */
    readonly op: 'Sign';
    /** The key's index. */
    readonly key: number;
    /** The message's index in {@link MESSAGES}. */
    readonly message: number;
    /** The algorithm; undefined: the first the key's spec supports (ECDSA_SHA_256 for keys that sign nothing). */
    readonly algorithm: SigningAlgorithmSpec | undefined
  }
  | {
    /** Verify a signature this side produced earlier, with the algorithm it was made with. */
    readonly op: 'Verify';
    /** The signature's index. */
    readonly signature: number;
    /** The key verifying; undefined: the key that signed. */
    readonly key: number | undefined;
    /** The message's index; undefined: the message that was signed. */
    readonly message: number | undefined
  }
  | {
    /** GenerateMac of a message with a key. */
    readonly op: 'GenerateMac';
    /** The key's index. */
    readonly key: number;
    /** The message's index in {@link MESSAGES}. */
    readonly message: number;
    /** The algorithm; undefined: HMAC_SHA_256 (the algorithm of HMAC_256 keys). */
    readonly algorithm: MacAlgorithmSpec | undefined
  }
  | {
    /** VerifyMac of a MAC this side produced earlier, with the algorithm it was made with. */
    readonly op: 'VerifyMac';
    /** The MAC's index. */
    readonly mac: number;
    /** The key verifying; undefined: the key that made it. */
    readonly key: number | undefined;
    /** The message's index; undefined: the message of the MAC. */
    readonly message: number | undefined
  }
  | {
    /** CreateAlias (a new alias) or UpdateAlias (an existing one) naming a key. */
    readonly op: 'CreateAlias' | 'UpdateAlias';
    /** The alias's index in {@link ALIAS_NAMES}. */
    readonly alias: number;
    /** The target key's index. */
    readonly key: number
  }
  | {
    /** DeleteAlias. */
    readonly op: 'DeleteAlias';
    /** The alias's index in {@link ALIAS_NAMES}. */
    readonly alias: number
  }
  | {
    /** DescribeKey or Encrypt with an alias name as KeyId. */
    readonly op: 'DescribeKey' | 'Encrypt';
    /** The alias's index in {@link ALIAS_NAMES}. */
    readonly viaAlias: number
  }
  | {
    /** TagResource with one tag. */
    readonly op: 'TagResource';
    /** The key's index. */
    readonly key: number;
    /** The tag key's index in {@link TAG_KEYS}. */
    readonly tag: number;
    /** The tag value's index in {@link TAG_VALUES}. */
    readonly value: number
  }
  | {
    /** UntagResource of one tag key. */
    readonly op: 'UntagResource';
    /** The key's index. */
    readonly key: number;
    /** The tag key's index in {@link TAG_KEYS}. */
    readonly tag: number
  }
  | {
    /** UpdateKeyDescription. */
    readonly op: 'UpdateKeyDescription';
    /** The key's index. */
    readonly key: number;
    /** The description's index in {@link DESCRIPTIONS}. */
    readonly description: number
  }
  | {
    /** GenerateDataKey or GenerateDataKeyWithoutPlaintext: its ciphertext is one Decrypt and ReEncrypt name. */
    readonly op: 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext';
    /** The key's index. */
    readonly key: number;
    /** The size's index in {@link DATA_KEY_SIZES}. */
    readonly size: number
  }
  | {
    /** ReEncrypt of a ciphertext this side produced earlier (as Decrypt names one) under a key. */
    readonly op: 'ReEncrypt';
    /** The ciphertext's index. */
    readonly ciphertext: number;
    /** The destination key's index. */
    readonly key: number
  }
  | {
    /** GenerateRandom. */
    readonly op: 'GenerateRandom';
    /** NumberOfBytes. */
    readonly bytes: number
  }
  | {
    /** GetKeyPolicy. */
    readonly op: 'GetKeyPolicy';
    /** The key's index. */
    readonly key: number;
    /** Whether PolicyName (`default`) is given. */
    readonly named: boolean
  }
  | {
    /** PutKeyPolicy (PolicyName `default`). */
    readonly op: 'PutKeyPolicy';
    /** The key's index. */
    readonly key: number;
    /** The document's index in {@link POLICY_NAMES}. */
    readonly policy: number
  }
  | {
    /** PutKeyPolicy (PolicyName `default`) of a document every side must refuse. */
    readonly op: 'PutKeyPolicy';
    /** The key's index. */
    readonly key: number;
    /** The document's index in {@link MALFORMED_POLICIES}. */
    readonly malformed: number
  }
  | {
    /** EnableKeyRotation with RotationPeriodInDays (generated where the profile has the member). */
    readonly op: 'EnableKeyRotation';
    /** The key's index. */
    readonly key: number;
    /** RotationPeriodInDays, one of {@link ROTATION_PERIODS} (out of range included). */
    readonly periodInDays: number
  }
  | {
    /**
     * ListAliases without KeyId: every alias of the account and Region, every page. An endpoint
     * holds aliases the run did not make (`alias/aws/…`, other runs'): only the session's own are
     * compared, in the order of their names.
     */
    readonly op: 'ListAliases';
    /** Marks the listing of every key's aliases. */
    readonly everyKey: true
  }
  | {
    /** Time passes (the shared manual clock moves, or the run sleeps). */
    readonly op: 'Wait';
    /** Milliseconds. */
    readonly ms: number
  }

/** The operations steps can name (all but `Wait` are KMS operations). @since 0.2.0 */
export type StepOperation = Step['op']

/**
 * The operations of the import lifecycle and of the use of imported keys: what the kit covered
 * before the operations around a key (aliases, …). Pass them as `operations` to generate the
 * sequences of those alone.
 * @since 0.2.0
 */
export const LIFECYCLE_OPERATIONS: readonly StepOperation[] = [
  'CreateKey', 'DescribeKey', 'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'GetParametersForImport', 'ImportKeyMaterial',
  'DeleteImportedKeyMaterial', 'Encrypt', 'Decrypt', 'Wait', 'RotateKeyOnDemand', 'ListKeyRotations', 'GetPublicKey', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac',
]

/**
 * The operations around an imported key, by group: the steps of each are generated by default
 * (alias names as KeyId in DescribeKey and Encrypt where `CreateAlias` is among the operations).
 * @since 0.2.0
 */
export const AROUND_KEY_OPERATIONS = {
  /** Aliases. */
  aliases: ['CreateAlias', 'UpdateAlias', 'DeleteAlias', 'ListAliases'],
  /** Tags and the description. */
  tags: ['TagResource', 'UntagResource', 'ListResourceTags', 'UpdateKeyDescription'],
  /** Data keys. */
  'data-keys': ['GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncrypt', 'GenerateRandom'],
  /** Key policies and rotation settings. */
  policies: ['GetKeyPolicy', 'PutKeyPolicy', 'ListKeyPolicies', 'EnableKeyRotation', 'DisableKeyRotation', 'GetKeyRotationStatus'],
} as const satisfies Readonly<Record<string, readonly StepOperation[]>>

/**
 * The multi-Region operations (the `multi-region` group of `--operations`): ReplicateKey (into the
 * run's other Region) and UpdatePrimaryRegion (to it). Where they are among the operations, the
 * run also creates a multi-Region EXTERNAL key, decrypts in one Region what the other encrypted,
 * and waits out the transient states (5 s). Generated by default where the profile serves them.
 * @since 0.2.0
 */
export const MULTI_REGION_OPERATIONS: readonly StepOperation[] = ['ReplicateKey', 'UpdatePrimaryRegion']

/**
 * Whether a run generates the multi-Region steps: by default where the profile serves ReplicateKey,
 * otherwise where ReplicateKey is among the operations.
 * @param profile - the profile
 * @param operations - the run's operations (default all)
 * @returns true when the run has the multi-Region steps
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile } from 'kms-key-import'
 * import { LIFECYCLE_OPERATIONS, MULTI_REGION_OPERATIONS, multiRegionRun } from 'kms-key-import/conformance'
 * assert.equal(multiRegionRun(classicProfile), true)
 * assert.equal(multiRegionRun(classicProfile, LIFECYCLE_OPERATIONS), false)
 * assert.equal(multiRegionRun(classicProfile, [...LIFECYCLE_OPERATIONS, ...MULTI_REGION_OPERATIONS]), true)
 * ```
 * @since 0.2.0
 */
export const multiRegionRun = (profile: Profile, operations?: readonly StepOperation[]): boolean =>
  (profile.stateTable as Readonly<Partial<Record<string, unknown>>>).ReplicateKey !== undefined && (operations === undefined || operations.includes('ReplicateKey'))

/** The durations of the transient multi-Region states (`Creating`, `Updating`). @internal */
export const TRANSIENT_MS = 5000

const aliasName = (n: number): string => ALIAS_NAMES[n % ALIAS_NAMES.length] ?? ALIAS_NAMES[0]
/** An element of a fixed list by a step's index (taken modulo its length). @internal */
export const nth = <T>(list: readonly [T, ...T[]], n: number): T => list[n % list.length] ?? list[0]

/**
 * The algorithm an ImportKeyMaterial step with `otherWrapping` wraps with, for a token of
 * `algorithm`: one that the token's algorithm refuses every time, never by chance (the other OAEP
 * hash; for RSAES_PKCS1_V1_5, whose padding check an OAEP block passes one time in a few hundred,
 * RSA_AES_KEY_WRAP_SHA_256, longer than the modulus; for SM2PKE an RSA algorithm, which no SM2 key
 * wraps with).
 * @param algorithm - the token's wrapping algorithm
 * @returns the algorithm the material is wrapped with instead
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { otherWrappingAlgorithm } from 'kms-key-import/conformance'
 * assert.equal(otherWrappingAlgorithm('RSAES_OAEP_SHA_256'), 'RSAES_OAEP_SHA_1')
 * assert.equal(otherWrappingAlgorithm('RSAES_PKCS1_V1_5'), 'RSA_AES_KEY_WRAP_SHA_256')
 * ```
 * @since 0.2.0
 */
export const otherWrappingAlgorithm = (algorithm: WrappingAlgorithm): WrappingAlgorithm => {
  switch (algorithm) {
    case 'RSAES_OAEP_SHA_256': return 'RSAES_OAEP_SHA_1'
    case 'RSAES_OAEP_SHA_1': return 'RSAES_OAEP_SHA_256'
    case 'RSA_AES_KEY_WRAP_SHA_256': return 'RSA_AES_KEY_WRAP_SHA_1'
    case 'RSA_AES_KEY_WRAP_SHA_1': return 'RSA_AES_KEY_WRAP_SHA_256'
    case 'RSAES_PKCS1_V1_5': return 'RSA_AES_KEY_WRAP_SHA_256'
    default: return 'RSAES_OAEP_SHA_256'
  }
}

const ms = (n: number): string => (n % 86_400_000 === 0 && n !== 0 ? `${n / 86_400_000}d` : n % 1000 === 0 ? `${n / 1000}s` : `${n}ms`)

/**
 * A step as one line of a script, e.g. `ImportKeyMaterial(its key, token #0, material A, ValidTo now+1d)`.
 * @param step - the step
 * @returns the line
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { describeStep } from 'kms-key-import/conformance'
 * assert.equal(describeStep({ op: 'Wait', ms: 86_400_000 }), 'Wait(1d)')
 * assert.equal(describeStep({ op: 'EnableKey', key: 1 }), 'EnableKey(key #1)')
 * ```
 * @since 0.2.0
 */
export const describeStep = (step: Step): string => {
  switch (step.op) {
    case 'CreateKey': return `CreateKey(${step.origin}${step.spec === undefined ? '' : `, ${step.spec}`}${step.multiRegion === true ? ', multi-Region' : ''})`
    case 'Sign': return `Sign(key #${step.key}, message ${step.message % MESSAGES.length}${step.algorithm === undefined ? '' : `, ${step.algorithm}`})`
    case 'GenerateMac': return `GenerateMac(key #${step.key}, message ${step.message % MESSAGES.length}${step.algorithm === undefined ? '' : `, ${step.algorithm}`})`
    case 'Verify': case 'VerifyMac': {
      const what = step.op === 'Verify' ? `signature #${step.signature}` : `MAC #${step.mac}`
      return `${step.op}(${what}, ${step.key === undefined ? 'its key' : `key #${step.key}`}, ${step.message === undefined ? 'its message' : `message ${step.message % MESSAGES.length}`})`
    }
    case 'ScheduleKeyDeletion': return `ScheduleKeyDeletion(key #${step.key}, ${step.days} days)`
    case 'GetParametersForImport': return `GetParametersForImport(key #${step.key}, ${step.algorithm}, ${step.spec})`
    case 'ImportKeyMaterial':
      return `ImportKeyMaterial(${step.key === undefined ? 'its key' : `key #${step.key}`}, token #${step.token}, material ${step.material}, ${step.validFor === undefined ? 'no expiry' : `ValidTo now${step.validFor < 0 ? '-' : '+'}${ms(Math.abs(step.validFor))}`}${step.importType === undefined ? '' : `, ${step.importType}`}${step.otherWrapping === true ? ', wrapped with another algorithm' : ''})`
    case 'DeleteImportedKeyMaterial': return `DeleteImportedKeyMaterial(key #${step.key}${step.material === undefined ? '' : `, material ${step.material}`})`
    case 'Decrypt': return `Decrypt(ciphertext #${step.ciphertext}${step.otherRegion === true ? ', in the other Region' : ''})`
    case 'Wait': return `Wait(${ms(step.ms)})`
    case 'CreateAlias': case 'UpdateAlias': return `${step.op}(${aliasName(step.alias)}, key #${step.key})`
    case 'DeleteAlias': return `DeleteAlias(${aliasName(step.alias)})`
    case 'TagResource': return `TagResource(key #${step.key}, ${nth(TAG_KEYS, step.tag)}=${nth(TAG_VALUES, step.value)})`
    case 'UntagResource': return `UntagResource(key #${step.key}, ${nth(TAG_KEYS, step.tag)})`
    case 'GenerateDataKey': case 'GenerateDataKeyWithoutPlaintext': {
      const size = DATA_KEY_SIZES[step.size % DATA_KEY_SIZES.length] ?? {}
      const shown = [size.keySpec, size.bytes === undefined ? undefined : `${size.bytes} bytes`].filter((x) => x !== undefined).join(' and ')
      return `${step.op}(key #${step.key}, ${shown === '' ? 'no size' : shown})`
    }
    case 'ReEncrypt': return `ReEncrypt(ciphertext #${step.ciphertext}, to key #${step.key})`
    case 'GenerateRandom': return `GenerateRandom(${step.bytes} bytes)`
    case 'GetKeyPolicy': return `GetKeyPolicy(key #${step.key}${step.named ? ', default' : ''})`
    case 'PutKeyPolicy': return 'malformed' in step
      ? `PutKeyPolicy(key #${step.key}, a document ${nth(MALFORMED_POLICIES, step.malformed) === 'not JSON' ? 'that is not JSON' : 'without Statement'})`
      : `PutKeyPolicy(key #${step.key}, ${nth(POLICY_NAMES, step.policy)} policy)`
    case 'EnableKeyRotation': return `EnableKeyRotation(key #${step.key}${'periodInDays' in step ? `, ${step.periodInDays} days` : ''})`
    case 'ListAliases': return 'everyKey' in step ? 'ListAliases(every key)' : `ListAliases(key #${step.key})`
    case 'UpdateKeyDescription': return `UpdateKeyDescription(key #${step.key}, ${JSON.stringify(nth(DESCRIPTIONS, step.description))})`
    default: return 'viaAlias' in step ? `${step.op}(${aliasName(step.viaAlias)})` : `${step.op}(key #${step.key})`
  }
}

/**
 * The bytes of a named material for a profile and region: the symmetric key length of
 * SYMMETRIC_DEFAULT there, every byte `0x41 + index` (`A` is 0x41…).
 * @param profile - the profile
 * @param region - the region (its partition may change the length)
 * @param name - the material's name
 * @returns the plaintext key material
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile } from 'kms-key-import'
 * import { materialBytes } from 'kms-key-import/conformance'
 * assert.deepEqual(materialBytes(classicProfile, 'us-east-1', 'B'), new Uint8Array(32).fill(0x42))
 * ```
 * @since 0.2.0
 */
export const materialBytes = (profile: Profile, region: string, name: MaterialName): Uint8Array => {
  const rule = profile.material.SYMMETRIC_DEFAULT
  const partition = partitionOf(region)
  const length = rule?.kind === 'symmetric' ? (partition !== undefined ? rule.bytesByPartition?.[partition] : undefined) ?? rule.bytes : 32
  return new Uint8Array(length).fill(0x41 + MATERIAL_NAMES.indexOf(name))
}

/**
 * The bytes of a named material for a key of a run: {@link materialBytes} for SYMMETRIC_DEFAULT;
 * for HMAC_256, 32 bytes of `0x41 + index`; for RSA_2048 and ECC_NIST_P256, a committed fixture
 * private key (PKCS#8 DER), one per name. The same on every side.
 * @param profile - the profile
 * @param region - the region
 * @param spec - the key's spec
 * @param name - the material's name
 * @returns the plaintext key material
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createPrivateKey } from 'node:crypto'
 * import { profile20231010 } from 'kms-key-import'
 * import { materialFor } from 'kms-key-import/conformance'
 * assert.deepEqual(materialFor(profile20231010, 'us-east-1', 'HMAC_256', 'A'), new Uint8Array(32).fill(0x41))
 * const ecc = createPrivateKey({ key: Buffer.from(materialFor(profile20231010, 'us-east-1', 'ECC_NIST_P256', 'B')), format: 'der', type: 'pkcs8' })
 * assert.equal(ecc.asymmetricKeyDetails?.namedCurve, 'prime256v1')
 * ```
 * @since 0.2.0
 */
export const materialFor = (profile: Profile, region: string, spec: RunKeySpec, name: MaterialName): Uint8Array => {
  switch (spec) {
    case 'SYMMETRIC_DEFAULT': return materialBytes(profile, region, name)
    case 'HMAC_256': return new Uint8Array(32).fill(0x41 + MATERIAL_NAMES.indexOf(name))
    default: return privateKeyMaterial(spec, name)
  }
}

/** The committed fixture private key (PKCS#8 DER) a run imports as material `name` into keys of `spec`. @internal */
export const privateKeyMaterial = (spec: 'RSA_2048' | 'ECC_NIST_P256', name: MaterialName): Uint8Array => {
  const index = MATERIAL_NAMES.indexOf(name)
  return new Uint8Array(Buffer.from((spec === 'RSA_2048' ? FIXTURE_RSA_PKCS8.RSA_2048[index] : FIXTURE_ECC_P256_PKCS8[index]) ?? '', 'base64'))
}

/** A wrapping algorithm with a wrapping key spec, as GetParametersForImport asks for them. @since 0.2.0 */
export interface WrappingChoice {
  /** The wrapping algorithm. */
  readonly algorithm: WrappingAlgorithm
  /** The wrapping key spec. */
  readonly spec: WrappingKeySpec
}

/** Options of {@link stepArbitraries}. @since 0.2.0 */
export interface StepArbitraryOptions {
  /**
   * The profile, or its name (`'latest'` too): its enums decide the wrapping combinations,
   * ImportType and the multi-material steps.
   */
  readonly profile: Profile | ProfileSelector
  /**
   * `manual`: the clock is shared and moves by hours and days; `real`: time is real, so expiring
   * material gets a ValidTo {@link StepArbitraryOptions.realValidForMs} ahead and waits are
   * {@link StepArbitraryOptions.realWaitMs}.
   */
  readonly timing: 'manual' | 'real'
  /** The largest key index generated (default 5, or 8 where the run has RSA, ECC or HMAC keys; indices are taken modulo the keys created). */
  readonly maxKeyIndex?: number
  /** Real time: ValidTo this far ahead (default 3000 ms). */
  readonly realValidForMs?: number
  /** Real time: each Wait step (default 5000 ms). */
  readonly realWaitMs?: number
  /** Only steps of these operations (default all the profile serves). */
  readonly operations?: readonly StepOperation[]
  /** How often each operation is drawn relative to the others (defaults: imports 5, parameters 3, …, 1). */
  readonly weights?: Readonly<Partial<Record<StepOperation, number>>>
  /** The wrapping combinations GetParametersForImport asks for (default every algorithm and spec of the profile, valid or not). */
  readonly wrappings?: readonly WrappingChoice[]
  /**
   * The key specs CreateKey steps create (default `SYMMETRIC_DEFAULT` and those of
   * {@link OTHER_KEY_SPECS} the profile imports). Where a run has RSA, ECC or HMAC keys, steps of
   * GetPublicKey, Sign, Verify, GenerateMac and VerifyMac are generated too.
   */
  readonly keySpecs?: readonly RunKeySpec[]
}

/**
 * The key specs of {@link OTHER_KEY_SPECS} a profile imports (none under `classic`).
 * @param profile - the profile
 * @param keySpecs - a restriction (default none)
 * @returns those specs
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, profile20231010 } from 'kms-key-import'
 * import { otherKeySpecs } from 'kms-key-import/conformance'
 * assert.deepEqual(otherKeySpecs(classicProfile), [])
 * assert.deepEqual(otherKeySpecs(profile20231010), ['RSA_2048', 'ECC_NIST_P256', 'HMAC_256'])
 * ```
 * @since 0.2.0
 */
export const otherKeySpecs = (profile: Profile, keySpecs?: readonly RunKeySpec[]): (typeof OTHER_KEY_SPECS)[number][] =>
  OTHER_KEY_SPECS.filter((s) => (keySpecs === undefined || keySpecs.includes(s)) && profile.material[s] !== undefined && profile.keySpecs[s]?.importable === true)

const DAY = 86_400_000

/**
 * The profile a kit option names: a profile value as it is, or a profile's name (`'classic'`,
 * `'2023-10-10'`, `'2025-06-05'`, `'latest'`), as `createEmulator` and the CLI take it. Anything
 * else — from JavaScript, an unknown name or no profile — is refused with a message that says what
 * to pass, instead of a TypeError from deep inside the kit's reading of the profile's tables.
 * @param profile - the option as given
 * @returns the profile
 * @throws TypeError when it names no profile
 */
export const profileOf = (profile: Profile | ProfileSelector): Profile => {
  const given: unknown = profile
  if (typeof given === 'string') {
    const named = resolveProfile(given)
    if (named !== undefined) return named
  } else {
    const p = given as Partial<Profile> | null | undefined
    if (typeof p === 'object' && p !== null && typeof p.name === 'string' && typeof p.enums === 'object' && typeof p.material === 'object') return p as Profile
  }
  const names = [...profiles.map((p) => `'${p.name}'`), "'latest'"].join(', ')
  throw new TypeError(`profile must be a profile's name (${names}) or a profile value from 'kms-key-import', not ${typeof given === 'string' ? `the string ${JSON.stringify(given)}` : String(given)}`)
}

/**
 * fast-check arbitraries of steps, one per kind (import-related ones weigh more): give them to
 * `fc.commands` through {@link conformanceCommands}, or sample them.
 * @param options - profile and timing
 * @returns the arbitraries
 * @throws TypeError when `profile` names no profile
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import fc from 'fast-check'
 * import { classicProfile } from 'kms-key-import'
 * import { stepArbitraries } from 'kms-key-import/conformance'
 * const steps = fc.sample(fc.oneof(...stepArbitraries({ profile: classicProfile, timing: 'manual' })), { seed: 1, numRuns: 50 })
 * assert.ok(steps.some((s) => s.op === 'ImportKeyMaterial'))
 * assert.ok(!steps.some((s) => s.op === 'RotateKeyOnDemand')) // multiple materials are a 2025-06-05 feature
 * ```
 * @since 0.2.0
 */
export const stepArbitraries = (options: StepArbitraryOptions): fc.Arbitrary<Step>[] => {
  const profile = profileOf(options.profile)
  const others = otherKeySpecs(profile, options.keySpecs)
  const key = fc.nat(options.maxKeyIndex ?? (others.length === 0 ? 5 : 8))
  // half of the parameters and of the signing and MAC steps name one of the starting RSA, ECC and
  // HMAC keys (indices 3, 4, 5 after the kit's default starting keys), so that runs sign and MAC
  const usingKey = others.length === 0 ? key : fc.oneof(key, fc.integer({ min: 3, max: 2 + others.length }))
  const name = fc.constantFrom<MaterialName>('A', 'A', ...MATERIAL_NAMES.slice(1))
  const realValidFor = options.realValidForMs ?? 3000
  const validFor: fc.Arbitrary<number | undefined> = options.timing === 'manual'
    ? fc.option(fc.oneof(fc.constantFrom(-1000, 0, 1000, 3_600_000, DAY, 365 * DAY, 365 * DAY + 1000), fc.integer({ min: 1, max: 40 }).map((d) => d * DAY)), { nil: undefined, freq: 2 })
    : fc.option(fc.constantFrom(realValidFor, realValidFor, -1000, 366 * DAY), { nil: undefined, freq: 2 })
  const waits = options.timing === 'manual' ? fc.constantFrom(1000, 3_600_000, DAY - 1000, DAY, 7 * DAY, 31 * DAY) : fc.constant(options.realWaitMs ?? 5000)
  const algorithms = profile.enums.wrappingAlgorithm
  const specs = profile.enums.wrappingKeySpec
  // RSA private keys are too large for RSAES_OAEP_*: where the run has RSA keys, RSA_AES_KEY_WRAP_SHA_256 is preferred too
  const preferredChoices: WrappingChoice[] = [
    ...(algorithms.includes('RSAES_OAEP_SHA_256') && specs.includes('RSA_2048') ? [{ algorithm: 'RSAES_OAEP_SHA_256' as const, spec: 'RSA_2048' as const }] : []),
    ...(others.includes('RSA_2048') && algorithms.includes('RSA_AES_KEY_WRAP_SHA_256') && specs.includes('RSA_2048') ? [{ algorithm: 'RSA_AES_KEY_WRAP_SHA_256' as const, spec: 'RSA_2048' as const }] : []),
  ]
  const preferred = preferredChoices.length > 0
    ? fc.constantFrom(...preferredChoices)
    : fc.record({ algorithm: fc.constantFrom(...algorithms), spec: fc.constantFrom(...specs) })
  const wrapping = options.wrappings !== undefined
    ? fc.constantFrom(...options.wrappings)
    : fc.oneof({ arbitrary: preferred, weight: 3 }, { arbitrary: fc.record({ algorithm: fc.constantFrom(...algorithms), spec: fc.constantFrom(...specs) }), weight: 1 })
  const importType: fc.Arbitrary<ImportType | undefined> = profile.enums.importType.length > 0 ? fc.option(fc.constantFrom(...profile.enums.importType), { nil: undefined }) : fc.constant(undefined)
  const multi = profile.features.multipleKeyMaterials
  const onKey = (op: KeyOnlyOperation): fc.Arbitrary<Step> => key.map((k) => ({ op, key: k }))
  const gpi: fc.Arbitrary<Step> = fc.tuple(usingKey, wrapping).map(([k, w]) => ({ op: 'GetParametersForImport', key: k, algorithm: w.algorithm, spec: w.spec }))
  const importStep: fc.Arbitrary<Step> = fc.tuple(fc.nat(3), fc.option(key, { nil: undefined, freq: 4 }), name, validFor, importType)
    .map(([token, k, material, v, type]) => ({ op: 'ImportKeyMaterial', token, key: k, material, validFor: v, importType: type }))
  // import-related steps weigh more: they are what the reference is about; an import needs parameters first
  const message = fc.nat(MESSAGES.length - 1)
  const otherMessage = fc.option(message, { nil: undefined, freq: 2 })
  const otherKey = fc.option(key, { nil: undefined, freq: 3 })
  const createKey: fc.Arbitrary<Step> = others.length === 0
    ? fc.constantFrom<'EXTERNAL' | 'AWS_KMS'>('EXTERNAL', 'AWS_KMS').map((origin): Step => ({ op: 'CreateKey', origin }))
    : fc.oneof(
      fc.constantFrom<'EXTERNAL' | 'AWS_KMS'>('EXTERNAL', 'AWS_KMS').map((origin): Step => ({ op: 'CreateKey', origin })),
      fc.constantFrom(...others).map((spec): Step => ({ op: 'CreateKey', origin: 'EXTERNAL', spec })),
    )
  // keys that sign and MAC exist only where the profile imports RSA, ECC or HMAC material
  const using: readonly (readonly [StepOperation, number, fc.Arbitrary<Step>])[] = others.length === 0 ? [] : [
    ['GetPublicKey', 1, usingKey.map((k): Step => ({ op: 'GetPublicKey', key: k }))],
    ['Sign', 1, fc.tuple(usingKey, message, fc.option(fc.constantFrom(...STEP_SIGNING_ALGORITHMS), { nil: undefined, freq: 2 })).map(([k, m, algorithm]): Step => ({ op: 'Sign', key: k, message: m, algorithm }))],
    ['Verify', 1, fc.tuple(fc.nat(20), otherKey, otherMessage).map(([signature, k, m]): Step => ({ op: 'Verify', signature, key: k, message: m }))],
    ['GenerateMac', 1, fc.tuple(usingKey, message, fc.option(fc.constantFrom(...STEP_MAC_ALGORITHMS), { nil: undefined, freq: 2 })).map(([k, m, algorithm]): Step => ({ op: 'GenerateMac', key: k, message: m, algorithm }))],
    ['VerifyMac', 1, fc.tuple(fc.nat(20), otherKey, otherMessage).map(([mac, k, m]): Step => ({ op: 'VerifyMac', mac, key: k, message: m }))],
  ]
  const table: readonly (readonly [StepOperation, number, fc.Arbitrary<Step>])[] = [
    ['CreateKey', 1, createKey],
    ['DescribeKey', 1, onKey('DescribeKey')],
    ['EnableKey', 1, onKey('EnableKey')],
    ['DisableKey', 2, onKey('DisableKey')],
    ['ScheduleKeyDeletion', 2, fc.tuple(key, fc.oneof(fc.constantFrom(6, 7, 30, 31), fc.integer({ min: 7, max: 30 }))).map(([k, days]): Step => ({ op: 'ScheduleKeyDeletion', key: k, days }))],
    ['CancelKeyDeletion', 2, onKey('CancelKeyDeletion')],
    // where the run has RSA, ECC and HMAC keys too, more keys need material: parameters and imports weigh more
    ['GetParametersForImport', others.length === 0 ? 3 : 4, gpi],
    ['ImportKeyMaterial', others.length === 0 ? 5 : 7, importStep],
    ['DeleteImportedKeyMaterial', 2, fc.tuple(key, multi ? fc.option(name, { nil: undefined }) : fc.constant(undefined)).map(([k, material]): Step => ({ op: 'DeleteImportedKeyMaterial', key: k, material }))],
    ['Encrypt', 2, onKey('Encrypt')],
    ['Decrypt', 1, fc.nat(20).map((c): Step => ({ op: 'Decrypt', ciphertext: c }))],
    ['Wait', 2, waits.map((w): Step => ({ op: 'Wait', ms: w }))],
    ...(multi ? [['RotateKeyOnDemand', 2, onKey('RotateKeyOnDemand')] as const, ['ListKeyRotations', 1, onKey('ListKeyRotations')] as const] : []),
    ...using,
  ]
  // the operations around a key come after those of the lifecycle, so that runs of the lifecycle
  // operations alone (LIFECYCLE_OPERATIONS) draw the same sequences as before they existed
  const alias = fc.nat(ALIAS_NAMES.length - 1)
  const withAliases = options.operations === undefined || options.operations.includes('CreateAlias')
  const around: readonly (readonly [StepOperation, number, fc.Arbitrary<Step>])[] = [
    ['CreateAlias', 2, fc.tuple(alias, key).map(([a, k]): Step => ({ op: 'CreateAlias', alias: a, key: k }))],
    ['UpdateAlias', 1, fc.tuple(alias, key).map(([a, k]): Step => ({ op: 'UpdateAlias', alias: a, key: k }))],
    ['DeleteAlias', 1, alias.map((a): Step => ({ op: 'DeleteAlias', alias: a }))],
    ['ListAliases', 1, onKey('ListAliases')],
    ...(withAliases ? (['DescribeKey', 'Encrypt'] as const).map((op) => [op, 1, alias.map((a): Step => ({ op, viaAlias: a }))] as const) : []),
    ['TagResource', 2, fc.tuple(key, fc.nat(TAG_KEYS.length - 1), fc.nat(TAG_VALUES.length - 1)).map(([k, tag, value]): Step => ({ op: 'TagResource', key: k, tag, value }))],
    ['UntagResource', 1, fc.tuple(key, fc.nat(TAG_KEYS.length - 1)).map(([k, tag]): Step => ({ op: 'UntagResource', key: k, tag }))],
    ['ListResourceTags', 1, onKey('ListResourceTags')],
    ...(['GenerateDataKey', 'GenerateDataKeyWithoutPlaintext'] as const).map((op) => [op, 1, fc.tuple(key, fc.nat(DATA_KEY_SIZES.length - 1)).map(([k, size]): Step => ({ op, key: k, size }))] as const),
    ['ReEncrypt', 1, fc.tuple(fc.nat(20), key).map(([ciphertext, k]): Step => ({ op: 'ReEncrypt', ciphertext, key: k }))],
    ['GenerateRandom', 1, fc.constantFrom(...RANDOM_SIZES).map((bytes): Step => ({ op: 'GenerateRandom', bytes }))],
    ['GetKeyPolicy', 1, fc.tuple(key, fc.boolean()).map(([k, named]): Step => ({ op: 'GetKeyPolicy', key: k, named }))],
    ['PutKeyPolicy', 1, fc.tuple(key, fc.nat(POLICY_NAMES.length - 1)).map(([k, policy]): Step => ({ op: 'PutKeyPolicy', key: k, policy }))],
    ['ListKeyPolicies', 1, onKey('ListKeyPolicies')],
    ['EnableKeyRotation', 1, onKey('EnableKeyRotation')],
    ['DisableKeyRotation', 1, onKey('DisableKeyRotation')],
    ['GetKeyRotationStatus', 1, onKey('GetKeyRotationStatus')],
    ['UpdateKeyDescription', 1, fc.tuple(key, fc.nat(DESCRIPTIONS.length - 1)).map(([k, description]): Step => ({ op: 'UpdateKeyDescription', key: k, description }))],
  ]
  // the multi-Region steps come last (runs without them draw the sequences they drew before); three
  // in four of their key steps name the run's multi-Region key or its replica (the two keys after
  // the kit's default starting keys)
  const mrk = 3 + others.length
  const mrKey = fc.oneof({ arbitrary: key, weight: 1 }, { arbitrary: fc.integer({ min: mrk, max: mrk + 1 }), weight: 3 })
  const multiRegion: readonly (readonly [StepOperation, number, fc.Arbitrary<Step>])[] = !multiRegionRun(profile, options.operations) ? [] : [
    ['ReplicateKey', 1, mrKey.map((k): Step => ({ op: 'ReplicateKey', key: k }))],
    ['UpdatePrimaryRegion', 1, mrKey.map((k): Step => ({ op: 'UpdatePrimaryRegion', key: k }))],
    ['CreateKey', 1, fc.constant<Step>({ op: 'CreateKey', origin: 'EXTERNAL', multiRegion: true })],
    ['GetParametersForImport', 2, fc.tuple(mrKey, wrapping).map(([k, w]): Step => ({ op: 'GetParametersForImport', key: k, algorithm: w.algorithm, spec: w.spec }))],
    // related keys take the same material: the multi-Region imports lean to the latest token and material A
    ['ImportKeyMaterial', 2, fc.tuple(fc.constantFrom(0, 0, 0, 1), fc.constantFrom<MaterialName>('A', 'A', 'A', 'B'), fc.option(validFor, { nil: undefined, freq: 3 }), importType)
      .map(([token, material, v, type]): Step => ({ op: 'ImportKeyMaterial', token, key: undefined, material, validFor: v, importType: type }))],
    ['Encrypt', 1, mrKey.map((k): Step => ({ op: 'Encrypt', key: k }))],
    ['DescribeKey', 1, mrKey.map((k): Step => ({ op: 'DescribeKey', key: k }))],
    ['Decrypt', 2, fc.nat(20).map((c): Step => ({ op: 'Decrypt', ciphertext: c, otherRegion: true }))],
    // the transient states end after 5 s (on the manual clock; in real time Wait is --wait-ms)
    ['Wait', 2, (options.timing === 'manual' ? fc.constant(TRANSIENT_MS) : waits).map((w): Step => ({ op: 'Wait', ms: w }))],
  ]
  // the steps added after the multi-Region ones come last of all, for the same reason: ListAliases
  // of every key, PutKeyPolicy of a malformed document, EnableKeyRotation with a period (where the
  // profile has RotationPeriodInDays; half of them name the starting AWS_KMS key, #2, the one
  // starting key that rotates automatically, so that runs reach accepted periods)
  const rotating = fc.oneof(key, fc.constant(2))
  const later: readonly (readonly [StepOperation, number, fc.Arbitrary<Step>])[] = [
    ['ListAliases', 1, fc.constant<Step>({ op: 'ListAliases', everyKey: true })],
    // material wrapped with another algorithm than the token's: what the token cannot unwrap
    ['ImportKeyMaterial', 1, fc.tuple(fc.constantFrom(0, 0, 1), name)
      .map(([token, material]): Step => ({ op: 'ImportKeyMaterial', token, key: undefined, material, validFor: undefined, importType: undefined, otherWrapping: true }))],
    ['PutKeyPolicy', 1, fc.tuple(key, fc.nat(MALFORMED_POLICIES.length - 1)).map(([k, malformed]): Step => ({ op: 'PutKeyPolicy', key: k, malformed }))],
    ...(profile.features.rotationPeriods
      ? [['EnableKeyRotation', 1, fc.tuple(rotating, fc.constantFrom(...ROTATION_PERIODS)).map(([k, periodInDays]): Step => ({ op: 'EnableKeyRotation', key: k, periodInDays }))] as const]
      : []),
  ]
  return [...table, ...around, ...multiRegion, ...later]
    .filter(([op]) => options.operations === undefined || options.operations.includes(op))
    .flatMap(([op, weight, arbitrary]) => Array.from({ length: options.weights?.[op] ?? weight }, () => arbitrary))
}
