/**
 * GetKeyPolicy: the key's policy document, in every key state (docs/evidence.md §12). Policies are
 * stored and returned, never enforced.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { NotFoundException } from '../errors/exceptions.js'
import { keyIdMember } from '../protocol/key-id.js'
import { policyNameMember } from '../protocol/list-members.js'
import { requestCodec } from '../protocol/per-profile.js'
import type { Profile } from '../profiles/profile.js'
import { decoded } from './support/operation.js'
import { keyRule, type KeyOperationError } from './support/key-operation.js'
import { checkPolicyName } from './support/policy-name.js'

/**
 * The GetKeyPolicy request codec.
 * @param profile - the profile whose limits apply
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, GetKeyPolicyRequest } from 'kms-key-import'
 * assert.equal(GetKeyPolicyRequest(classicProfile).decode({ KeyId: 'k', PolicyName: 'default' })._tag, 'Right')
 * assert.equal(GetKeyPolicyRequest(classicProfile).decode({ KeyId: 'k', PolicyName: 'not-a-word' })._tag, 'Left') // the model's pattern
 * ```
 * @since 0.2.0
 */
export const GetKeyPolicyRequest = requestCodec((profile: Profile) =>
  t.intersection([
    t.type({
      /** The key: its key id or key ARN. */
      KeyId: keyIdMember(profile),
    }),
    t.partial({
      /** `default` (the only one; the default when absent). */
      PolicyName: policyNameMember,
    }),
  ]))
/** @since 0.2.0 */
export type GetKeyPolicyRequest = t.TypeOf<ReturnType<typeof GetKeyPolicyRequest>>

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
 * @param input - the request
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
export const getKeyPolicy = decoded(GetKeyPolicyRequest, keyRule('GetKeyPolicy', (env, key, req: GetKeyPolicyRequest) =>
  E.map((policyName: string) => ({ key, response: { Policy: key.policy, PolicyName: policyName } as GetKeyPolicyResponse }))(checkPolicyName(env.profile, req.PolicyName))))
