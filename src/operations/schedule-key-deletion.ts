/**
 * ScheduleKeyDeletion: a waiting period of 7–30 days (default 30), then the key is gone
 * (docs/evidence.md §2). A multi-Region primary key with replicas is `PendingReplicaDeletion`
 * until its last replica is deleted, then `PendingDeletion` (docs/evidence.md §11).
 * `PendingWindowInDays must be between 7 and 30` is AWS's message (OBS).
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type ValidationException } from '../errors/exceptions.js'
import { updateKey } from '../model/key-record.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'
import { setOf } from './support/multi-region.js'
import type * as Model from '../protocol/generated/kms-model.js'

const DAY_MS = 86_400_000

/** ScheduleKeyDeletion's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type ScheduleKeyDeletionRequest = Model.ScheduleKeyDeletionRequest

/** ScheduleKeyDeletion's response. @since 0.1.0 */
export interface ScheduleKeyDeletionResponse {
  /** The key ARN. */
  readonly KeyId: string
  /**
   * When the key goes: the request instant plus the waiting period. Absent for a multi-Region
   * primary key with replicas: its date is known once its last replica is deleted (DOC).
   */
  readonly DeletionDate?: Date
  /** `PendingDeletion`, or `PendingReplicaDeletion` for a multi-Region primary key with replicas. */
  readonly KeyState: 'PendingDeletion' | 'PendingReplicaDeletion'
  /** The waiting period applied. */
  readonly PendingWindowInDays: number
}
/** @since 0.1.0 */
export type ScheduleKeyDeletionError = KeyOperationError | ValidationException

/**
 * Schedules a key's deletion.
 * @param env - the operation environment
 * @param store - the store
 * @param req - the request, decoded and checked by the protocol layer
 * @returns the new store and the deletion date, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'
 * const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
 * const kms = createEmulator({ crypto: createDeterministicProvider(), clock })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const scheduled = await kms.invoke('ScheduleKeyDeletion', { KeyId: created.right.KeyMetadata.KeyId, PendingWindowInDays: 7 })
 * assert.ok(scheduled._tag === 'Right')
 * assert.equal(scheduled.right.DeletionDate?.toISOString(), '2026-01-08T00:00:00.000Z')
 * assert.equal(scheduled.right.KeyState, 'PendingDeletion')
 * ```
 * @since 0.1.0
 */
export const scheduleKeyDeletion = keyOperation<ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse, ScheduleKeyDeletionError>(
  'ScheduleKeyDeletion',
  (env, key, req, store): E.Either<ValidationException, { key: typeof key; response: ScheduleKeyDeletionResponse }> => {
    const { limits, messages } = env.profile
    const days = req.PendingWindowInDays ?? limits.defaultPendingWindowInDays
    if (days < limits.minPendingWindowInDays || days > limits.maxPendingWindowInDays) return E.left(exception('ValidationException', messages.pendingWindow))
    const set = setOf(store, key)
    if (set !== undefined && set.primaryRegion === key.region && set.regions.length > 1) {
      // a primary key with replicas waits for them; its waiting period starts when the last is deleted (DOC)
      return E.right({
        key: updateKey(key, { state: 'PendingReplicaDeletion', deletionDate: undefined, pendingDeletionWindowInDays: days, settlesAt: undefined, settlesTo: undefined }),
        response: { KeyId: key.arn, KeyState: 'PendingReplicaDeletion', PendingWindowInDays: days },
      })
    }
    const deletionDate = env.now + days * DAY_MS
    return E.right({
      key: updateKey(key, { state: 'PendingDeletion', deletionDate, pendingDeletionWindowInDays: days, settlesAt: undefined, settlesTo: undefined }),
      response: { KeyId: key.arn, DeletionDate: new Date(deletionDate), KeyState: 'PendingDeletion', PendingWindowInDays: days },
    })
  },
)
