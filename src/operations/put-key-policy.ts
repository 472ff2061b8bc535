/**
 * PutKeyPolicy: replaces the key's policy, in every key state (docs/evidence.md §12). The document
 * must be a JSON object with a `Statement`; it is stored, never enforced, so
 * `BypassPolicyLockoutSafetyCheck` has no lockout to guard against.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { MalformedPolicyDocumentException, NotFoundException } from '../errors/exceptions.js'
import { updateKey } from '../model/key-record.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'
import { checkPolicyDocument } from './support/policy-document.js'
import { checkPolicyName } from './support/policy-name.js'
import type * as Model from '../protocol/generated/kms-model.js'

/** PutKeyPolicy's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type PutKeyPolicyRequest = Model.PutKeyPolicyRequest
/** PutKeyPolicy answers an empty body. @since 0.2.0 */
export type PutKeyPolicyResponse = Record<string, never>
/** PutKeyPolicy's errors. @since 0.2.0 */
export type PutKeyPolicyError = KeyOperationError | NotFoundException | MalformedPolicyDocumentException

/**
 * Replaces a key's policy.
 * @param env - the operation environment
 * @param store - the store
 * @param req - the decoded request
 * @returns the new store, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] })
 * assert.equal((await kms.invoke('PutKeyPolicy', { KeyId, PolicyName: 'default', Policy: policy }))._tag, 'Right')
 * const got = await kms.invoke('GetKeyPolicy', { KeyId })
 * assert.ok(got._tag === 'Right' && got.right.Policy === policy)
 * const bad = await kms.invoke('PutKeyPolicy', { KeyId, Policy: 'not json' })
 * assert.ok(bad._tag === 'Left' && bad.left._tag === 'MalformedPolicyDocumentException')
 * ```
 * @since 0.2.0
 */
export const putKeyPolicy = keyOperation('PutKeyPolicy', (env, key, req: PutKeyPolicyRequest) =>
  pipe(
    checkPolicyName(env.profile, req.PolicyName),
    E.flatMap((): E.Either<NotFoundException | MalformedPolicyDocumentException, string> => checkPolicyDocument(env.profile, req.Policy)),
    E.map((policy) => ({ key: key.policy === policy ? key : updateKey(key, { policy }), response: {} as PutKeyPolicyResponse })),
  ))
