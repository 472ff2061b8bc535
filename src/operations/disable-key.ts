/**
 * DisableKey: `Enabled` → `Disabled` (docs/evidence.md §2.1; refused while PendingImport or PendingDeletion).
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { updateKey } from '../model/key-record.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'
import type * as Model from '../protocol/generated/kms-model.js'

/** DisableKey's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type DisableKeyRequest = Model.DisableKeyRequest
/** DisableKey answers an empty body. @since 0.1.0 */
export type DisableKeyResponse = Record<string, never>
/**
 * DisableKey's errors.
 * @useDeclaredType
 * @since 0.1.0
 */
export type DisableKeyError = KeyOperationError

/**
 * Disables a key.
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
 * assert.equal((await kms.invoke('DisableKey', { KeyId }))._tag, 'Right')
 * const refused = await kms.invoke('Encrypt', { KeyId, Plaintext: new Uint8Array([1, 2, 3]) })
 * assert.ok(refused._tag === 'Left' && refused.left._tag === 'DisabledException')
 * ```
 * @since 0.1.0
 */
export const disableKey = keyOperation<DisableKeyRequest, DisableKeyResponse, DisableKeyError>('DisableKey', (_env, key) =>
  E.right({ key: key.state === 'Disabled' ? key : updateKey(key, { state: 'Disabled' }), response: {} as DisableKeyResponse }))
