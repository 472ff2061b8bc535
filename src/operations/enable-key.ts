/**
 * EnableKey: `Disabled` → `Enabled` (docs/evidence.md §2.1; refused while PendingImport or PendingDeletion).
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { updateKey } from '../model/key-record.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'
import type * as Model from '../protocol/generated/kms-model.js'

/** EnableKey's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type EnableKeyRequest = Model.EnableKeyRequest
/** EnableKey answers an empty body. @since 0.1.0 */
export type EnableKeyResponse = Record<string, never>
/**
 * EnableKey's errors.
 * @useDeclaredType
 * @since 0.1.0
 */
export type EnableKeyError = KeyOperationError

/**
 * Enables a key.
 * @param env - the operation environment
 * @param store - the store
 * @param req - the request, decoded and checked by the protocol layer
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
 * await kms.invoke('DisableKey', { KeyId })
 * assert.equal((await kms.invoke('EnableKey', { KeyId }))._tag, 'Right')
 * const described = await kms.invoke('DescribeKey', { KeyId })
 * assert.ok(described._tag === 'Right' && described.right.KeyMetadata.Enabled)
 * ```
 * @since 0.1.0
 */
export const enableKey = keyOperation<EnableKeyRequest, EnableKeyResponse, EnableKeyError>('EnableKey', (_env, key) =>
  E.right({ key: key.state === 'Enabled' ? key : updateKey(key, { state: 'Enabled' }), response: {} as EnableKeyResponse }))
