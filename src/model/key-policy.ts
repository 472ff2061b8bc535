/**
 * The key policy AWS attaches to a key created without one (DOC: "Default key policy"): one
 * statement, `Enable IAM User Permissions`, giving the account's root principal `kms:*`. Policies
 * are stored and returned here, never enforced (docs/evidence.md §12).
 *
 * @module
 */

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
