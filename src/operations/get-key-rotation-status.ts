/**
 * GetKeyRotationStatus: whether automatic rotation is on, in every key state (docs/evidence.md
 * §12). An EXTERNAL key is UnsupportedOperationException `<arn> origin is EXTERNAL which is not
 * valid for this operation.` in every state (DOC key-state.html, footnotes [6] and [7]; OBS), except
 * where its material rotates on demand (symmetric keys, 2025-06-05 profile: answered, CHOSEN).
 * Other keys that cannot rotate automatically (asymmetric, HMAC) answer `false`; so does a key
 * pending deletion. From the 2025-06-05 profile the answer also carries `KeyId` and, while rotation
 * is on, `RotationPeriodInDays` and `NextRotationDate`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import type { AutomaticRotation, KeyRecord } from '../model/key-record.js'
import type { Profile } from '../profiles/profile.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'
import type * as Model from '../protocol/generated/kms-model.js'

/** GetKeyRotationStatus's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type GetKeyRotationStatusRequest = Model.GetKeyRotationStatusRequest

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

/** Whether GetKeyRotationStatus answers for an EXTERNAL key: only where its material rotates on demand. */
const answersForExternal = (profile: Profile, key: KeyRecord): boolean =>
  profile.features.multipleKeyMaterials && key.keySpec === 'SYMMETRIC_DEFAULT'

/**
 * Answers whether a key rotates automatically.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
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
export const getKeyRotationStatus = keyOperation('GetKeyRotationStatus', (env, key) => {
  if (key.origin === 'EXTERNAL' && !answersForExternal(env.profile, key)) {
    return E.left(exception('UnsupportedOperationException', renderMessage(env.profile.messages.wrongOrigin, { arn: key.arn, origin: key.origin })))
  }
  const rotation = key.state === 'PendingDeletion' ? undefined : key.automaticRotation
  const details = env.profile.features.rotationPeriods
  const response: GetKeyRotationStatusResponse = {
    KeyRotationEnabled: rotation !== undefined,
    ...(details ? { KeyId: key.arn } : {}),
    ...(details && rotation !== undefined ? { RotationPeriodInDays: rotation.periodInDays, NextRotationDate: new Date(nextRotation(rotation, env.now)) } : {}),
  }
  return E.right({ key, response })
})
