/**
 * ScheduleKeyDeletion: a waiting period of 7–30 days (default 30), then the key is gone
 * (RULES.md §2). `PendingWindowInDays must be between 7 and 30` is AWS's message (OBS).
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { exception, type ValidationException } from '../errors/exceptions.js'
import { keyIdMember } from '../codecs/key-id.js'
import { integerMember, optional } from '../codecs/members.js'
import { perProfile } from '../codecs/per-profile.js'
import { updateKey } from '../model/key-record.js'
import type { Profile } from '../profiles/profile.js'
import { keyOperation, type KeyOperationError } from './key-operation.js'

const DAY_MS = 86_400_000

/** The ScheduleKeyDeletion request codec (the model allows 1–365; the service 7–30). @since 0.1.0 */
export const ScheduleKeyDeletionRequest = perProfile((profile: Profile) =>
  t.intersection([t.type({ KeyId: keyIdMember(profile) }), t.partial({ PendingWindowInDays: optional(integerMember('PendingWindowInDays', 1, 365)) })]),
)
/** @since 0.1.0 */
export type ScheduleKeyDeletionRequest = t.TypeOf<ReturnType<typeof ScheduleKeyDeletionRequest>>

/** ScheduleKeyDeletion's response. @since 0.1.0 */
export interface ScheduleKeyDeletionResponse {
  readonly KeyId: string
  readonly DeletionDate: Date
  readonly KeyState: 'PendingDeletion'
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
 * @since 0.1.0
 */
export const scheduleKeyDeletion = keyOperation(
  'ScheduleKeyDeletion',
  (env) => ScheduleKeyDeletionRequest(env.profile),
  (env, key, req): E.Either<ValidationException, { key: typeof key; response: ScheduleKeyDeletionResponse }> => {
    const { limits, messages } = env.profile
    const days = req.PendingWindowInDays ?? limits.defaultPendingWindowInDays
    if (days < limits.minPendingWindowInDays || days > limits.maxPendingWindowInDays) return E.left(exception('ValidationException', messages.pendingWindow))
    const deletionDate = env.now + days * DAY_MS
    return E.right({
      key: updateKey(key, { state: 'PendingDeletion', deletionDate, pendingDeletionWindowInDays: days }),
      response: { KeyId: key.arn, DeletionDate: new Date(deletionDate), KeyState: 'PendingDeletion', PendingWindowInDays: days },
    })
  },
)
