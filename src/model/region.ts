/**
 * Regions and their partitions. The China partition is a region property, not a profile
 * (docs/evidence.md §1): profile rules that differ in China say so in their data.
 *
 * @module
 */
import type { Partition } from './enums.js'

/** The shape of an AWS region name (`us-east-1`, `cn-north-1`, `us-gov-west-1`). */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/

/**
 * Region names of partitions this library does not model, though shaped as the others:
 * `us-iso-*` (aws-iso), `us-isob-*` (aws-iso-b), `eu-isoe-*` (aws-iso-e), `us-isof-*` (aws-iso-f).
 * Without this, {@link partitionOf} would take them for the commercial partition. (The European
 * Sovereign Cloud's `eusc-*` does not have the shape.)
 */
const OTHER_PARTITION_PATTERN = /^[a-z]{2}-iso[a-z]?-/

/**
 * The ARN partition of a region: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, else `aws`.
 *
 * @param region - an AWS region name
 * @returns its partition
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { partitionOf } from 'kms-key-import'
 * assert.equal(partitionOf('cn-north-1'), 'aws-cn')
 * assert.equal(partitionOf('us-gov-west-1'), 'aws-us-gov')
 * assert.equal(partitionOf('eu-west-1'), 'aws')
 * ```
 * @since 0.1.0
 */
export const partitionOf = (region: string): Partition =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws'

/**
 * Whether a string is shaped like an AWS region name of a partition this library models (`aws`,
 * `aws-cn`, `aws-us-gov`; not the ISO partitions' `us-iso-east-1`, `us-isob-east-1`, …).
 *
 * @param region - candidate
 * @returns true for `us-east-1`-shaped names outside the ISO partitions
 * @since 0.1.0
 */
export const isRegionName = (region: string): boolean => REGION_PATTERN.test(region) && !OTHER_PARTITION_PATTERN.test(region)
