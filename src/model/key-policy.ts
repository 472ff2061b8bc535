/**
 * The key policy AWS attaches to a key created without one (DOC: "Default key policy"): one
 * statement, `Enable IAM User Permissions`, giving the account's root principal `kms:*`. Policies
 * are stored and returned here, never enforced (docs/evidence.md §12).
 *
 * @module
 */

import type { KeyRecord } from './key-record.js'
import { partitionOf } from './region.js'

/**
 * The default key policy of a key, as GetKeyPolicy returns it (AWS's own layout: two-space indent,
 * `" : "` between names and values).
 * @param partition - the partition (`aws`, `aws-cn`)
 * @param accountId - the owning account
 * @returns the policy document
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { defaultKeyPolicy } from 'kms-key-import'
 * const policy = JSON.parse(defaultKeyPolicy('aws', '111122223333'))
 * assert.equal(policy.Statement[0].Sid, 'Enable IAM User Permissions')
 * assert.equal(policy.Statement[0].Principal.AWS, 'arn:aws:iam::111122223333:root')
 * ```
 * @since 0.2.0
 */
export const defaultKeyPolicy = (partition: string, accountId: string): string =>
  [
    '{',
    '  "Version" : "2012-10-17",',
    '  "Id" : "key-default-1",',
    '  "Statement" : [ {',
    '    "Sid" : "Enable IAM User Permissions",',
    '    "Effect" : "Allow",',
    '    "Principal" : {',
    `      "AWS" : "arn:${partition}:iam::${accountId}:root"`,
    '    },',
    '    "Action" : "kms:*",',
    '    "Resource" : "*"',
    '  } ]',
    '}',
  ].join('\n')

/**
 * A key's policy document, as GetKeyPolicy returns it: the one it was given, or the default one.
 * @param key - the key
 * @returns the policy document
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, getKey, keyPolicyOf, type KeyId } from 'kms-key-import'
 * const kms = createEmulator()
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const key = getKey(kms.store(), created.right.KeyMetadata.KeyId as KeyId)
 * assert.ok(key !== undefined && key.policy === undefined)
 * assert.match(keyPolicyOf(key), /Enable IAM User Permissions/)
 * kms.close()
 * ```
 * @since 0.2.0
 */
export const keyPolicyOf = (key: KeyRecord): string => key.policy ?? defaultKeyPolicy(partitionOf(key.region), key.accountId)
