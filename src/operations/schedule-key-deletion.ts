/**
 * ScheduleKeyDeletion: a waiting period of 7–30 days (default 30), then the key is gone
 * (docs/evidence.md §2). A multi-Region primary key with replicas is `PendingReplicaDeletion`
 * until its last replica is deleted, then `PendingDeletion` (docs/evidence.md §11). `PendingWindowInDays must be between 7 and 30` is AWS's message (OBS).
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { exception, type ValidationException } from '../errors/exceptions.js'
import { keyIdMember } from '../protocol/key-id.js'
import { integerMember, optional } from '../protocol/members.js'
import { requestCodec } from '../protocol/per-profile.js'
import { updateKey } from '../model/key-record.js'
import type { Profile } from '../profiles/profile.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'
import { setOf } from './support/multi-region.js'

const DAY_MS = 86_400_000

/**
 * The ScheduleKeyDeletion request codec (the model allows 1–365; the service 7–30).
 * @param profile - the profile whose enum values and limits apply
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, ScheduleKeyDeletionRequest } from 'kms-key-import'
 * const codec = ScheduleKeyDeletionRequest(classicProfile)
 * assert.equal(codec.decode({ KeyId: 'k', PendingWindowInDays: 7 })._tag, 'Right')
 * assert.equal(codec.decode({ KeyId: 'k', PendingWindowInDays: 366 })._tag, 'Left') // the operation then checks 7–30
 * ```
 * @since 0.1.0
 */
export const ScheduleKeyDeletionRequest = requestCodec((profile: Profile) =>
  t.intersection([
    t.type({
      /** The key: its key id or key ARN. */
      KeyId: keyIdMember(profile),
    }),
    t.partial({
      /** The waiting period before the key is deleted (7–30 days, default 30). */
      PendingWindowInDays: optional(integerMember('PendingWindowInDays', 1, 365)),
    }),
  ]),
)
/** @since 0.1.0 */
export type ScheduleKeyDeletionRequest = t.TypeOf<ReturnType<typeof ScheduleKeyDeletionRequest>>

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
 * @param input - the request
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
export const scheduleKeyDeletion = keyOperation(
  'ScheduleKeyDeletion',
  (env) => ScheduleKeyDeletionRequest(env.profile),
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
