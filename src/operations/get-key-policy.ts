/**
 * GetKeyPolicy: the key's policy document, in every key state (docs/evidence.md §12). Policies are
 * stored and returned, never enforced.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { NotFoundException } from '../errors/exceptions.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'
import { checkPolicyName } from './support/policy-name.js'
import { keyPolicyOf } from '../model/key-policy.js'
import type * as Model from '../protocol/generated/kms-model.js'

/** GetKeyPolicy's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type GetKeyPolicyRequest = Model.GetKeyPolicyRequest

/** GetKeyPolicy's response. @since 0.2.0 */
export interface GetKeyPolicyResponse {
  /** The policy document, as stored. */
  readonly Policy: string
  /** Always `default`. */
  readonly PolicyName: string
}

/** GetKeyPolicy's errors. @since 0.2.0 */
export type GetKeyPolicyError = KeyOperationError | NotFoundException

/**
 * Returns a key's policy.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
 * @returns the policy, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.ok(created._tag === 'Right')
 * const got = await kms.invoke('GetKeyPolicy', { KeyId: created.right.KeyMetadata.KeyId, PolicyName: 'default' })
 * assert.ok(got._tag === 'Right')
 * assert.equal(JSON.parse(got.right.Policy).Statement[0].Sid, 'Enable IAM User Permissions')
 * ```
 * @since 0.2.0
 */
export const getKeyPolicy = keyOperation('GetKeyPolicy', (env, key, req: GetKeyPolicyRequest) =>
  E.map((policyName: string) => ({ key, response: { Policy: keyPolicyOf(key), PolicyName: policyName } as GetKeyPolicyResponse }))(checkPolicyName(env.profile, req.PolicyName)))
