/**
 * Aliases: friendly names of keys (`alias/…`), one account-and-region-wide table beside the keys.
 * An alias is not a property of its key: it can move to another key (UpdateAlias), and it goes
 * when its key is deleted (docs/evidence.md §12).
 *
 * @module
 */

/**
 * One alias, immutable.
 * @since 0.2.0
 */
export interface AliasRecord {
  /** `alias/` and the name, as created. */
  readonly aliasName: string
  /** The key id it points at. */
  readonly targetKeyId: string
  /** Epoch milliseconds of CreateAlias. */
  readonly creationDate: number
  /** Epoch milliseconds of the last UpdateAlias (or CreateAlias). */
  readonly lastUpdatedDate: number
}

/** The prefix AWS reserves for AWS managed keys' aliases (DOC). @since 0.2.0 */
export const RESERVED_ALIAS_PREFIX = 'alias/aws/'

/**
 * The alias ARN of an alias name.
 * @param partition - the partition
 * @param region - the region
 * @param accountId - the account
 * @param aliasName - `alias/…`
 * @returns `arn:<partition>:kms:<region>:<account>:alias/…`
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { aliasArn } from 'kms-key-import'
 * assert.equal(aliasArn('aws', 'us-east-1', '111122223333', 'alias/app'), 'arn:aws:kms:us-east-1:111122223333:alias/app')
 * ```
 * @since 0.2.0
 */
export const aliasArn = (partition: string, region: string, accountId: string, aliasName: string): string =>
  `arn:${partition}:kms:${region}:${accountId}:${aliasName}`

/**
 * A new alias record, frozen.
 * @param aliasName - `alias/…`
 * @param targetKeyId - the key id
 * @param now - epoch ms
 * @returns the record
 * @since 0.2.0
 */
export const makeAlias = (aliasName: string, targetKeyId: string, now: number): AliasRecord =>
  Object.freeze({ aliasName, targetKeyId, creationDate: now, lastUpdatedDate: now })
