/**
 * Aliases: friendly names of keys (`alias/…`), unique in an account and region. Each is held by the
 * record of the key it points at (so it is persisted with that key, moves with UpdateAlias, and
 * goes when the key is deleted, docs/evidence.md §12); the store keeps an index by name.
 *
 * @module
 */

/**
 * One alias, as its key's record holds it (immutable).
 * @since 0.2.0
 */
export interface KeyAlias {
  /** `alias/` and the name, as created. */
  readonly aliasName: string
  /** Epoch milliseconds of CreateAlias. */
  readonly creationDate: number
  /** Epoch milliseconds of the last UpdateAlias (or CreateAlias). */
  readonly lastUpdatedDate: number
}

/**
 * One alias and the key it points at (what ListAliases shows).
 * @since 0.2.0
 */
export interface AliasRecord extends KeyAlias {
  /** The key id it points at. */
  readonly targetKeyId: string
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
 * A new alias, frozen.
 * @param aliasName - `alias/…`
 * @param now - epoch ms
 * @returns the alias
 * @since 0.2.0
 */
export const makeAlias = (aliasName: string, now: number): KeyAlias =>
  Object.freeze({ aliasName, creationDate: now, lastUpdatedDate: now })
