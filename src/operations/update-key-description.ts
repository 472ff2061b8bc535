/**
 * UpdateKeyDescription: replaces a key's description (refused while the key is pending deletion,
 * docs/evidence.md §12).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { updateKey } from '../model/key-record.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'
import type * as Model from '../protocol/generated/kms-model.js'

/** UpdateKeyDescription's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type UpdateKeyDescriptionRequest = Model.UpdateKeyDescriptionRequest
/** UpdateKeyDescription answers an empty body. @since 0.2.0 */
export type UpdateKeyDescriptionResponse = Record<string, never>
/**
 * UpdateKeyDescription's errors.
 * @useDeclaredType
 * @since 0.2.0
 */
export type UpdateKeyDescriptionError = KeyOperationError

/**
 * Replaces a key's description.
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
 * const created = await kms.invoke('CreateKey', { Description: 'old' })
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * assert.equal((await kms.invoke('UpdateKeyDescription', { KeyId, Description: 'new' }))._tag, 'Right')
 * const described = await kms.invoke('DescribeKey', { KeyId })
 * assert.ok(described._tag === 'Right' && described.right.KeyMetadata.Description === 'new')
 * ```
 * @since 0.2.0
 */
export const updateKeyDescription = keyOperation('UpdateKeyDescription', (_env, key, req: UpdateKeyDescriptionRequest) =>
  E.right({ key: key.description === req.Description ? key : updateKey(key, { description: req.Description }), response: {} as UpdateKeyDescriptionResponse }))
