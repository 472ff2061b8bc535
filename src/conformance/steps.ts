/**
 * Steps: the abstract requests of a conformance run, and fast-check arbitraries for them. A step
 * names keys, tokens and ciphertexts by their index in the run (`key % keys`), never by id, so the
 * same step means the same thing on every side and survives shrinking.
 *
 * @module
 */
import fc from 'fast-check'
import type { ImportType, WrappingAlgorithm, WrappingKeySpec } from '../model/enums.js'
import { partitionOf } from '../model/region.js'
import type { Profile } from '../profiles/profile.js'

/** The names of the key materials a run imports (the same bytes on every side). @since 0.2.0 */
export const MATERIAL_NAMES = ['A', 'B', 'C', 'D'] as const

/** One of {@link MATERIAL_NAMES}. @since 0.2.0 */
export type MaterialName = (typeof MATERIAL_NAMES)[number]

/** The operations a step may name that take only a key. @since 0.2.0 */
export type KeyOnlyOperation = 'DescribeKey' | 'EnableKey' | 'DisableKey' | 'CancelKeyDeletion' | 'Encrypt' | 'RotateKeyOnDemand' | 'ListKeyRotations'

/**
 * One abstract step of a run. `key`, `tokenOf` and `ciphertext` are indices into what the run has
 * created so far (taken modulo their count).
 * @since 0.2.0
 */
export type Step =
  | {
    /** CreateKey with this origin (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT). */
    readonly op: 'CreateKey';
    /** `EXTERNAL` or `AWS_KMS`. */
    readonly origin: 'EXTERNAL' | 'AWS_KMS'
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
    readonly importType: ImportType | undefined
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
    /** Decrypt of a ciphertext this side produced earlier. */
    readonly op: 'Decrypt';
    /** The ciphertext's index. */
    readonly ciphertext: number
  }
  | {
    /** Time passes (the shared manual clock moves, or the run sleeps). */
    readonly op: 'Wait';
    /** Milliseconds. */
    readonly ms: number
  }

/** The operations steps can name (all but `Wait` are KMS operations). @since 0.2.0 */
export type StepOperation = Step['op']

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
    case 'CreateKey': return `CreateKey(${step.origin})`
    case 'ScheduleKeyDeletion': return `ScheduleKeyDeletion(key #${step.key}, ${step.days} days)`
    case 'GetParametersForImport': return `GetParametersForImport(key #${step.key}, ${step.algorithm}, ${step.spec})`
    case 'ImportKeyMaterial':
      return `ImportKeyMaterial(${step.key === undefined ? 'its key' : `key #${step.key}`}, token #${step.token}, material ${step.material}, ${step.validFor === undefined ? 'no expiry' : `ValidTo now${step.validFor < 0 ? '-' : '+'}${ms(Math.abs(step.validFor))}`}${step.importType === undefined ? '' : `, ${step.importType}`})`
    case 'DeleteImportedKeyMaterial': return `DeleteImportedKeyMaterial(key #${step.key}${step.material === undefined ? '' : `, material ${step.material}`})`
    case 'Decrypt': return `Decrypt(ciphertext #${step.ciphertext})`
    case 'Wait': return `Wait(${ms(step.ms)})`
    default: return `${step.op}(key #${step.key})`
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

/** A wrapping algorithm with a wrapping key spec, as GetParametersForImport asks for them. @since 0.2.0 */
export interface WrappingChoice {
  /** The wrapping algorithm. */
  readonly algorithm: WrappingAlgorithm
  /** The wrapping key spec. */
  readonly spec: WrappingKeySpec
}

/** Options of {@link stepArbitraries}. @since 0.2.0 */
export interface StepArbitraryOptions {
  /** The profile: its enums decide the wrapping combinations, ImportType and the multi-material steps. */
  readonly profile: Profile
  /**
   * `manual`: the clock is shared and moves by hours and days; `real`: time is real, so expiring
   * material gets a ValidTo {@link StepArbitraryOptions.realValidForMs} ahead and waits are
   * {@link StepArbitraryOptions.realWaitMs}.
   */
  readonly timing: 'manual' | 'real'
  /** The largest key index generated (default 5; indices are taken modulo the keys created). */
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
}

const DAY = 86_400_000

/**
 * fast-check arbitraries of steps, one per kind (import-related ones weigh more): give them to
 * `fc.commands` through {@link conformanceCommands}, or sample them.
 * @param options - profile and timing
 * @returns the arbitraries
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
  const { profile } = options
  const key = fc.nat(options.maxKeyIndex ?? 5)
  const name = fc.constantFrom<MaterialName>('A', 'A', ...MATERIAL_NAMES.slice(1))
  const realValidFor = options.realValidForMs ?? 3000
  const validFor: fc.Arbitrary<number | undefined> = options.timing === 'manual'
    ? fc.option(fc.oneof(fc.constantFrom(-1000, 0, 1000, 3_600_000, DAY, 365 * DAY, 365 * DAY + 1000), fc.integer({ min: 1, max: 40 }).map((d) => d * DAY)), { nil: undefined, freq: 2 })
    : fc.option(fc.constantFrom(realValidFor, realValidFor, -1000, 366 * DAY), { nil: undefined, freq: 2 })
  const waits = options.timing === 'manual' ? fc.constantFrom(1000, 3_600_000, DAY - 1000, DAY, 7 * DAY, 31 * DAY) : fc.constant(options.realWaitMs ?? 5000)
  const algorithms = profile.enums.wrappingAlgorithm
  const specs = profile.enums.wrappingKeySpec
  const preferred = algorithms.includes('RSAES_OAEP_SHA_256') && specs.includes('RSA_2048')
    ? fc.constant({ algorithm: 'RSAES_OAEP_SHA_256' as WrappingAlgorithm, spec: 'RSA_2048' as WrappingKeySpec })
    : fc.record({ algorithm: fc.constantFrom(...algorithms), spec: fc.constantFrom(...specs) })
  const wrapping = options.wrappings !== undefined
    ? fc.constantFrom(...options.wrappings)
    : fc.oneof({ arbitrary: preferred, weight: 3 }, { arbitrary: fc.record({ algorithm: fc.constantFrom(...algorithms), spec: fc.constantFrom(...specs) }), weight: 1 })
  const importType: fc.Arbitrary<ImportType | undefined> = profile.enums.importType.length > 0 ? fc.option(fc.constantFrom(...profile.enums.importType), { nil: undefined }) : fc.constant(undefined)
  const multi = profile.features.multipleKeyMaterials
  const onKey = (op: KeyOnlyOperation): fc.Arbitrary<Step> => key.map((k) => ({ op, key: k }))
  const gpi: fc.Arbitrary<Step> = fc.tuple(key, wrapping).map(([k, w]) => ({ op: 'GetParametersForImport', key: k, algorithm: w.algorithm, spec: w.spec }))
  const importStep: fc.Arbitrary<Step> = fc.tuple(fc.nat(3), fc.option(key, { nil: undefined, freq: 4 }), name, validFor, importType)
    .map(([token, k, material, v, type]) => ({ op: 'ImportKeyMaterial', token, key: k, material, validFor: v, importType: type }))
  // import-related steps weigh more: they are what the reference is about; an import needs parameters first
  const table: readonly (readonly [StepOperation, number, fc.Arbitrary<Step>])[] = [
    ['CreateKey', 1, fc.constantFrom<'EXTERNAL' | 'AWS_KMS'>('EXTERNAL', 'AWS_KMS').map((origin): Step => ({ op: 'CreateKey', origin }))],
    ['DescribeKey', 1, onKey('DescribeKey')],
    ['EnableKey', 1, onKey('EnableKey')],
    ['DisableKey', 2, onKey('DisableKey')],
    ['ScheduleKeyDeletion', 2, fc.tuple(key, fc.oneof(fc.constantFrom(6, 7, 30, 31), fc.integer({ min: 7, max: 30 }))).map(([k, days]): Step => ({ op: 'ScheduleKeyDeletion', key: k, days }))],
    ['CancelKeyDeletion', 2, onKey('CancelKeyDeletion')],
    ['GetParametersForImport', 3, gpi],
    ['ImportKeyMaterial', 5, importStep],
    ['DeleteImportedKeyMaterial', 2, fc.tuple(key, multi ? fc.option(name, { nil: undefined }) : fc.constant(undefined)).map(([k, material]): Step => ({ op: 'DeleteImportedKeyMaterial', key: k, material }))],
    ['Encrypt', 2, onKey('Encrypt')],
    ['Decrypt', 1, fc.nat(20).map((c): Step => ({ op: 'Decrypt', ciphertext: c }))],
    ['Wait', 2, waits.map((w): Step => ({ op: 'Wait', ms: w }))],
    ...(multi ? [['RotateKeyOnDemand', 2, onKey('RotateKeyOnDemand')] as const, ['ListKeyRotations', 1, onKey('ListKeyRotations')] as const] : []),
  ]
  return table
    .filter(([op]) => options.operations === undefined || options.operations.includes(op))
    .flatMap(([op, weight, arbitrary]) => Array.from({ length: options.weights?.[op] ?? weight }, () => arbitrary))
}
