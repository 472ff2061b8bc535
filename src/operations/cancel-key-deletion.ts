/**
 * CancelKeyDeletion: `PendingDeletion` → `Disabled` when the key has its material,
 * `PendingImport` when it has none (DOC key-state.html).
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { keyIdMember } from '../codecs/key-id.js'
import { perProfile } from '../codecs/per-profile.js'
import { hasAllMaterial, updateKey } from '../model/key-record.js'
import type { Profile } from '../profiles/profile.js'
import { keyOperation, type KeyOperationError } from './key-operation.js'

/** The CancelKeyDeletion request codec. @since 0.1.0 */
export const CancelKeyDeletionRequest = perProfile((profile: Profile) => t.type({ KeyId: keyIdMember(profile) }))
/** @since 0.1.0 */
export type CancelKeyDeletionRequest = t.TypeOf<ReturnType<typeof CancelKeyDeletionRequest>>
/** CancelKeyDeletion's response. @since 0.1.0 */
export interface CancelKeyDeletionResponse {
  readonly KeyId: string
}
/** @since 0.1.0 */
export type CancelKeyDeletionError = KeyOperationError

/**
 * Cancels a scheduled deletion.
 * @param env - the operation environment
 * @param store - the store
 * @param input - the request
 * @returns the new store, or the error
 * @since 0.1.0
 */
export const cancelKeyDeletion = keyOperation('CancelKeyDeletion', (env) => CancelKeyDeletionRequest(env.profile), (_env, key) =>
  E.right({
    key: updateKey(key, {
      state: key.origin !== 'EXTERNAL' || hasAllMaterial(key) ? 'Disabled' : 'PendingImport',
      deletionDate: undefined,
      pendingDeletionWindowInDays: undefined,
    }),
    response: { KeyId: key.arn } as CancelKeyDeletionResponse,
  }))
