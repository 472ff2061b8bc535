/**
 * Evaluation of a profile's wrapping rules (docs/evidence.md §3.6, §5): which combinations of wrapping
 * algorithm, wrapping key spec, key spec and partition are refused, and why.
 *
 * @module
 */
import type { KeySpec, Partition, WrappingAlgorithm, WrappingKeySpec } from '../model/enums.js'
import type { Profile, WrappingRule } from './profile.js'

/** One combination to judge. @since 0.1.0 */
export interface WrappingCombination {
  /** GetParametersForImport's `WrappingAlgorithm`. */
  readonly algorithm: WrappingAlgorithm
  /** GetParametersForImport's `WrappingKeySpec`. */
  readonly wrappingKeySpec: WrappingKeySpec
  /** The key spec of the key to import into. */
  readonly keySpec: KeySpec
  /** The partition of the emulator's region. */
  readonly partition: Partition
}

const matches = (rule: WrappingRule, c: WrappingCombination): boolean => {
  const w = rule.when
  return (w.algorithms === undefined || w.algorithms.includes(c.algorithm)) &&
    (w.wrappingKeySpecs === undefined || w.wrappingKeySpecs.includes(c.wrappingKeySpec)) &&
    (w.keySpecs === undefined || w.keySpecs.includes(c.keySpec)) &&
    (w.partitions === undefined || w.partitions.includes(c.partition)) &&
    (w.notPartitions === undefined || !w.notPartitions.includes(c.partition))
}

/**
 * The first rule of the profile that refuses a combination.
 * @param profile - the profile
 * @param c - the combination
 * @returns the refusing rule, or undefined when the combination is allowed
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { profile20231010, wrappingRefusal } from 'kms-key-import'
 * const sm2 = { algorithm: 'SM2PKE', wrappingKeySpec: 'SM2', keySpec: 'SYMMETRIC_DEFAULT', partition: 'aws' } as const
 * assert.equal(wrappingRefusal(profile20231010, sm2)?.id, 'sm2-spec-china-only')
 * assert.equal(wrappingRefusal(profile20231010, { ...sm2, partition: 'aws-cn' }), undefined)
 * ```
 * @since 0.1.0
 */
export const wrappingRefusal = (profile: Profile, c: WrappingCombination): WrappingRule | undefined =>
  profile.wrappingRules.find((rule) => matches(rule, c))
