/**
 * CancelKeyDeletion: `PendingDeletion` → `Disabled` when the key has its material,
 * `PendingImport` when it has none (DOC key-state.html); the same from a multi-Region primary key's
 * `PendingReplicaDeletion` (docs/evidence.md §11).
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { hasAllMaterial, updateKey } from '../model/key-record.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'
import type * as Model from '../protocol/generated/kms-model.js'

/** CancelKeyDeletion's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type CancelKeyDeletionRequest = Model.CancelKeyDeletionRequest
/** CancelKeyDeletion's response. @since 0.1.0 */
export interface CancelKeyDeletionResponse {
  /** The key ARN. */
  readonly KeyId: string
}
/**
 * CancelKeyDeletion's errors.
 * @useDeclaredType
 * @since 0.1.0
 */
export type CancelKeyDeletionError = KeyOperationError

/**
 * Cancels a scheduled deletion.
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
 * await kms.invoke('ScheduleKeyDeletion', { KeyId })
 * assert.equal((await kms.invoke('CancelKeyDeletion', { KeyId }))._tag, 'Right')
 * const described = await kms.invoke('DescribeKey', { KeyId })
 * assert.ok(described._tag === 'Right')
 * assert.equal(described.right.KeyMetadata.KeyState, 'Disabled') // as AWS: cancelled keys come back disabled
 * ```
 * @since 0.1.0
 */
export const cancelKeyDeletion = keyOperation<CancelKeyDeletionRequest, CancelKeyDeletionResponse, CancelKeyDeletionError>('CancelKeyDeletion', (_env, key) =>
  E.right({
    key: updateKey(key, {
      state: key.origin !== 'EXTERNAL' || hasAllMaterial(key) ? 'Disabled' : 'PendingImport',
      deletionDate: undefined,
      pendingDeletionWindowInDays: undefined,
    }),
    response: { KeyId: key.arn } as CancelKeyDeletionResponse,
  }))
