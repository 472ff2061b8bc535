/**
 * CancelKeyDeletion: `PendingDeletion` → `Disabled` when the key has its material,
 * `PendingImport` when it has none (DOC key-state.html); the same from a multi-Region primary key's
 * `PendingReplicaDeletion` (docs/evidence.md §11).
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { keyIdMember } from '../protocol/key-id.js'
import { requestCodec } from '../protocol/per-profile.js'
import { hasAllMaterial, updateKey } from '../model/key-record.js'
import type { Profile } from '../profiles/profile.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'

/**
 * The CancelKeyDeletion request codec.
 * @param profile - the profile whose enum values and limits apply
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { CancelKeyDeletionRequest, classicProfile } from 'kms-key-import'
 * const codec = CancelKeyDeletionRequest(classicProfile)
 * assert.equal(codec.decode({ KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' })._tag, 'Right')
 * assert.equal(codec.decode({ KeyId: 'x'.repeat(2049) })._tag, 'Left') // longer than the model allows
 * ```
 * @since 0.1.0
 */
export const CancelKeyDeletionRequest = requestCodec((profile: Profile) =>
  t.type({
    /** The key: its key id or key ARN. */
    KeyId: keyIdMember(profile),
  }))
/** @since 0.1.0 */
export type CancelKeyDeletionRequest = t.TypeOf<ReturnType<typeof CancelKeyDeletionRequest>>
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
 * @param input - the request
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
export const cancelKeyDeletion = keyOperation('CancelKeyDeletion', (env) => CancelKeyDeletionRequest(env.profile), (_env, key) =>
  E.right({
    key: updateKey(key, {
      state: key.origin !== 'EXTERNAL' || hasAllMaterial(key) ? 'Disabled' : 'PendingImport',
      deletionDate: undefined,
      pendingDeletionWindowInDays: undefined,
    }),
    response: { KeyId: key.arn } as CancelKeyDeletionResponse,
  }))
