/**
 * Branded identifiers: {@link KeyId} (a UUID, or `mrk-…` for a multi-Region key), {@link KeyArn}
 * and {@link AccountId}.
 *
 * @module
 */
import * as t from 'io-ts'
import type { Partition } from './enums.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** A multi-Region key id: `mrk-` and 32 lowercase hex digits (docs/evidence.md §11). */
const MRK = /^mrk-[0-9a-f]{32}$/
const isId = (s: string): boolean => UUID.test(s) || MRK.test(s)
const ARN = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/

/** Brand of {@link KeyId}. @since 0.1.0 */
export interface KeyIdBrand {
  /** Marks a string checked to be a key id; a type-level tag, absent at run time. */
  readonly KeyId: unique symbol
}
/**
 * A KMS key id: a lowercase UUID, or `mrk-` and 32 lowercase hex digits for a multi-Region key
 * (docs/evidence.md §11). An io-ts codec: `KeyId.is` checks, `KeyId.decode` validates.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { KeyId } from 'kms-key-import'
 * assert.ok(KeyId.is('1234abcd-12ab-34cd-56ef-1234567890ab'))
 * assert.ok(KeyId.is('mrk-1234abcd12ab34cd56ef1234567890ab')) // a multi-Region key
 * assert.ok(!KeyId.is('alias/my-key'))
 * assert.equal(KeyId.decode('1234ABCD-12AB-34CD-56EF-1234567890AB')._tag, 'Left') // lowercase only
 * ```
 * @since 0.1.0
 */
export const KeyId = t.brand(t.string, (s): s is t.Branded<string, KeyIdBrand> => isId(s), 'KeyId')
/** @since 0.1.0 */
export type KeyId = t.TypeOf<typeof KeyId>

/** Brand of {@link KeyArn}. @since 0.1.0 */
export interface KeyArnBrand {
  /** Marks a string checked to be a key ARN; a type-level tag, absent at run time. */
  readonly KeyArn: unique symbol
}
/**
 * A KMS key ARN: `arn:<partition>:kms:<region>:<account>:key/<key id>` (an io-ts codec).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { KeyArn } from 'kms-key-import'
 * assert.ok(KeyArn.is('arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'))
 * assert.ok(!KeyArn.is('arn:aws:kms:us-east-1:111122223333:alias/my-key'))
 * ```
 * @since 0.1.0
 */
export const KeyArn = t.brand(
  t.string,
  (s): s is t.Branded<string, KeyArnBrand> => {
    const m = ARN.exec(s)
    return m !== null && isId(m[4] ?? '')
  },
  'KeyArn',
)
/** @since 0.1.0 */
export type KeyArn = t.TypeOf<typeof KeyArn>

/** Brand of {@link AccountId}. @since 0.1.0 */
export interface AccountIdBrand {
  /** Marks a string checked to be an account id; a type-level tag, absent at run time. */
  readonly AccountId: unique symbol
}
/**
 * A 12-digit AWS account id (an io-ts codec).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { AccountId } from 'kms-key-import'
 * assert.ok(AccountId.is('111122223333'))
 * assert.ok(!AccountId.is('1111-2222-3333'))
 * ```
 * @since 0.1.0
 */
export const AccountId = t.brand(t.string, (s): s is t.Branded<string, AccountIdBrand> => /^\d{12}$/.test(s), 'AccountId')
/** @since 0.1.0 */
export type AccountId = t.TypeOf<typeof AccountId>

/**
 * Whether a string is a key id (UUID or multi-Region `mrk-` id, lowercase).
 * @param s - candidate
 * @returns true when `s` is a {@link KeyId}
 * @since 0.1.0
 */
export const isKeyId = (s: string): s is KeyId => KeyId.is(s)

/**
 * Builds a key ARN from its parts.
 * @param partition - ARN partition of the region
 * @param region - region name
 * @param accountId - owning account
 * @param keyId - the key id
 * @returns the ARN
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { KeyId, keyArn } from 'kms-key-import'
 * const id = '1234abcd-12ab-34cd-56ef-1234567890ab'
 * assert.ok(KeyId.is(id))
 * assert.equal(keyArn('aws-cn', 'cn-north-1', '111122223333', id), `arn:aws-cn:kms:cn-north-1:111122223333:key/${id}`)
 * ```
 * @since 0.1.0
 */
export const keyArn = (partition: Partition, region: string, accountId: string, keyId: KeyId): KeyArn =>
  `arn:${partition}:kms:${region}:${accountId}:key/${keyId}` as KeyArn

/** The parts of a syntactically valid KMS ARN (the resource need not be a key id). @since 0.1.0 */
export interface ArnParts {
  /** The partition (`aws`, `aws-cn`, `aws-us-gov`, …), not checked against the region. */
  readonly partition: string
  /** The region name. */
  readonly region: string
  /** The 12-digit account id. */
  readonly accountId: string
  /** What follows `key/`: a key id in a well-formed key ARN. */
  readonly resource: string
}

/**
 * Splits a KMS key ARN into its parts; `undefined` when it is not shaped like one.
 * @param s - candidate ARN
 * @returns its parts, or undefined
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { parseKeyArn } from 'kms-key-import'
 * assert.deepEqual(parseKeyArn('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'), {
 *   partition: 'aws', region: 'eu-west-1', accountId: '111122223333', resource: '1234abcd-12ab-34cd-56ef-1234567890ab',
 * })
 * assert.equal(parseKeyArn('alias/my-key'), undefined)
 * ```
 * @since 0.1.0
 */
export const parseKeyArn = (s: string): ArnParts | undefined => {
  const m = ARN.exec(s)
  if (m === null) return undefined
  return { partition: m[1] ?? '', region: m[2] ?? '', accountId: m[3] ?? '', resource: m[4] ?? '' }
}

/** Each byte value as two lowercase hex digits. */
const HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))

/**
 * Formats 16 bytes as a version-4 UUID string.
 * @param bytes - at least 16 random bytes
 * @returns the key id
 * @since 0.1.0
 */
export const keyIdFromBytes = (bytes: Uint8Array): KeyId => {
  // Every request id is made here too: a table of byte pairs, no intermediate buffer or slices.
  let id = ''
  for (let i = 0; i < 16; i++) {
    const b = bytes[i] ?? 0
    id += HEX[i === 6 ? (b & 0x0f) | 0x40 : i === 8 ? (b & 0x3f) | 0x80 : b]
    if (i === 3 || i === 5 || i === 7 || i === 9) id += '-'
  }
  return id as KeyId
}

/**
 * Whether a key id is a multi-Region key's (`mrk-` and 32 hex digits, docs/evidence.md §11).
 * @param keyId - a key id
 * @returns true for a multi-Region key id
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { isMultiRegionKeyId } from 'kms-key-import'
 * assert.ok(isMultiRegionKeyId('mrk-1234abcd12ab34cd56ef1234567890ab'))
 * assert.ok(!isMultiRegionKeyId('1234abcd-12ab-34cd-56ef-1234567890ab'))
 * ```
 * @since 0.2.0
 */
export const isMultiRegionKeyId = (keyId: string): boolean => MRK.test(keyId)

/**
 * Formats 16 bytes as a multi-Region key id: `mrk-` and 32 lowercase hex digits.
 * @param bytes - at least 16 random bytes
 * @returns the key id
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { multiRegionKeyIdFromBytes } from 'kms-key-import'
 * assert.equal(multiRegionKeyIdFromBytes(new Uint8Array(16).fill(0xab)), 'mrk-' + 'ab'.repeat(16))
 * ```
 * @since 0.2.0
 */
export const multiRegionKeyIdFromBytes = (bytes: Uint8Array): KeyId => `mrk-${Buffer.from(bytes.subarray(0, 16)).toString('hex')}` as KeyId
