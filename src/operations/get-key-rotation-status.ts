/**
 * GetKeyRotationStatus: whether automatic rotation is on, in every key state (docs/evidence.md
 * §12). Keys that cannot rotate automatically (EXTERNAL, asymmetric, HMAC) answer `false` (DOC: "the
 * key rotation status for these KMS keys is always false"); so does a key pending deletion. From
 * the 2025-06-05 profile the answer also carries `KeyId` and, while rotation is on,
 * `RotationPeriodInDays` and `NextRotationDate`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { keyIdMember } from '../protocol/key-id.js'
import { requestCodec } from '../protocol/per-profile.js'
import type { AutomaticRotation } from '../model/key-record.js'
import type { Profile } from '../profiles/profile.js'
import { decoded } from './support/operation.js'
import { keyRule, type KeyOperationError } from './support/key-operation.js'

/**
 * The GetKeyRotationStatus request codec.
 * @param profile - the profile
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, GetKeyRotationStatusRequest } from 'kms-key-import'
 * assert.equal(GetKeyRotationStatusRequest(classicProfile).decode({ KeyId: 'k' })._tag, 'Right')
 * assert.equal(GetKeyRotationStatusRequest(classicProfile).decode({ KeyId: 1 })._tag, 'Left')
 * ```
 * @since 0.2.0
 */
export const GetKeyRotationStatusRequest = requestCodec((profile: Profile) =>
  t.type({
    /** The key: its key id or key ARN. */
    KeyId: keyIdMember(profile),
  }))
/** @since 0.2.0 */
export type GetKeyRotationStatusRequest = t.TypeOf<ReturnType<typeof GetKeyRotationStatusRequest>>

/** GetKeyRotationStatus' response. @since 0.2.0 */
export interface GetKeyRotationStatusResponse {
  /** Whether automatic rotation is on. */
  readonly KeyRotationEnabled: boolean
  /** The key ARN (2025-06-05 profile). */
  readonly KeyId?: string
  /** Days between rotations, while rotation is on (2025-06-05 profile). */
  readonly RotationPeriodInDays?: number
  /** The next scheduled rotation, while rotation is on (2025-06-05 profile). */
  readonly NextRotationDate?: Date
}

/**
 * GetKeyRotationStatus' errors.
 * @useDeclaredType
 * @since 0.2.0
 */
export type GetKeyRotationStatusError = KeyOperationError

const DAY_MS = 86_400_000

/** The first scheduled rotation after `now`: one period after it was enabled, then every period. */
const nextRotation = (rotation: AutomaticRotation, now: number): number => {
  const period = rotation.periodInDays * DAY_MS
  const elapsed = Math.max(0, now - rotation.since)
  return rotation.since + (Math.floor(elapsed / period) + 1) * period
}

/**
 * Answers whether a key rotates automatically.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param input - the request
 * @returns the status, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ profile: '2025-06-05', crypto: createDeterministicProvider() })
 * const imported = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.ok(imported._tag === 'Right')
 * const status = await kms.invoke('GetKeyRotationStatus', { KeyId: imported.right.KeyMetadata.KeyId })
 * assert.ok(status._tag === 'Right')
 * assert.deepEqual(status.right, { KeyRotationEnabled: false, KeyId: imported.right.KeyMetadata.Arn })
 * ```
 * @since 0.2.0
 */
export const getKeyRotationStatus = decoded(GetKeyRotationStatusRequest, keyRule('GetKeyRotationStatus', (env, key) => {
  const rotation = key.state === 'PendingDeletion' ? undefined : key.automaticRotation
  const details = env.profile.features.rotationPeriods
  const response: GetKeyRotationStatusResponse = {
    KeyRotationEnabled: rotation !== undefined,
    ...(details ? { KeyId: key.arn } : {}),
    ...(details && rotation !== undefined ? { RotationPeriodInDays: rotation.periodInDays, NextRotationDate: new Date(nextRotation(rotation, env.now)) } : {}),
  }
  return E.right({ key, response })
}))
