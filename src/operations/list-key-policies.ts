/**
 * ListKeyPolicies: the names of a key's policies, which are always `["default"]`
 * (docs/evidence.md §12).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { exception, type ValidationException } from '../errors/exceptions.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'
import { pageOf } from './support/pagination.js'
import { DEFAULT_POLICY_NAME } from './support/policy-name.js'
import type * as Model from '../protocol/generated/kms-model.js'

/** ListKeyPolicies's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type ListKeyPoliciesRequest = Model.ListKeyPoliciesRequest

/** ListKeyPolicies' response. @since 0.2.0 */
export interface ListKeyPoliciesResponse {
  /** `["default"]`. */
  readonly PolicyNames: string[]
  /** Where the next page starts; only when `Truncated`. */
  readonly NextMarker?: string
  /** Whether more names follow. */
  readonly Truncated: boolean
}

/** ListKeyPolicies' errors. @since 0.2.0 */
export type ListKeyPoliciesError = KeyOperationError | ValidationException

/**
 * Lists a key's policy names.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
 * @returns the names, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const listed = await kms.invoke('ListKeyPolicies', { KeyId: created.right.KeyMetadata.KeyId })
 * assert.ok(listed._tag === 'Right')
 * assert.deepEqual(listed.right.PolicyNames, ['default'])
 * ```
 * @since 0.2.0
 */
export const listKeyPolicies = keyOperation('ListKeyPolicies', (env, key, req: ListKeyPoliciesRequest) =>
  pipe(
    pageOf(env.profile, 'policies', [DEFAULT_POLICY_NAME], (name) => name, req.Limit, req.Marker),
    // ListKeyPolicies' AWS error list has no InvalidMarkerException: a marker it did not issue is a ValidationException
    E.mapLeft((e) => exception('ValidationException', e.message)),
    E.map((page) => ({
      key,
      response: { PolicyNames: [...page.items], ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}), Truncated: page.truncated } as ListKeyPoliciesResponse,
    })),
  ))
