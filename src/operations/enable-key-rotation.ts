/**
 * EnableKeyRotation: turns on automatic rotation of a symmetric key whose material AWS KMS
 * generated (docs/evidence.md §12). EXTERNAL keys are refused in every state
 * (UnsupportedOperationException), as AWS refuses them: imported material never rotates by itself.
 * The setting is recorded and reported by GetKeyRotationStatus; the material is not rotated on
 * schedule (rotation on demand is RotateKeyOnDemand).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import type { UnsupportedOperationException } from '../errors/exceptions.js'
import { keyIdMember } from '../protocol/key-id.js'
import { integerMember, optional } from '../protocol/members.js'
import { requestCodec } from '../protocol/per-profile.js'
import { getKey, putKey, type KeyStore } from '../model/key-store.js'
import { updateKey } from '../model/key-record.js'
import type { Profile } from '../profiles/profile.js'
import { automaticRotationKey, DEFAULT_ROTATION_PERIOD_DAYS } from './support/automatic-rotation.js'
import type { OperationEnv, Outcome } from './support/env.js'
import type { KeyOperationError } from './support/key-operation.js'
import { decoded } from './support/operation.js'

/** A member the profile's era does not declare: ignored, as the service ignores unknown members. */
const notInThisEra = new t.Type<number | undefined, number | undefined, unknown>('RotationPeriodInDays', (u): u is undefined => u === undefined, () => t.success(undefined), () => undefined)

/**
 * The EnableKeyRotation request codec: `RotationPeriodInDays` (90 to 2560) exists from the
 * 2025-06-05 profile on.
 * @param profile - the profile
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, EnableKeyRotationRequest, profile20250605 } from 'kms-key-import'
 * assert.equal(EnableKeyRotationRequest(profile20250605).decode({ KeyId: 'k', RotationPeriodInDays: 89 })._tag, 'Left')
 * const classic = EnableKeyRotationRequest(classicProfile).decode({ KeyId: 'k', RotationPeriodInDays: 89 })
 * assert.ok(classic._tag === 'Right' && classic.right.RotationPeriodInDays === undefined) // not a member of that era
 * ```
 * @since 0.2.0
 */
export const EnableKeyRotationRequest = requestCodec((profile: Profile) =>
  t.intersection([
    t.type({
      /** The key: its key id or key ARN. */
      KeyId: keyIdMember(profile),
    }),
    t.partial({
      /** Days between rotations, 90 to 2560 (default 365); an unknown member, ignored, before the 2025-06-05 profile. */
      RotationPeriodInDays: profile.features.rotationPeriods ? optional(integerMember('RotationPeriodInDays', 90, 2560)) : notInThisEra,
    }),
  ]))
/** @since 0.2.0 */
export type EnableKeyRotationRequest = t.TypeOf<ReturnType<typeof EnableKeyRotationRequest>>
/** EnableKeyRotation answers an empty body. @since 0.2.0 */
export type EnableKeyRotationResponse = Record<string, never>
/** EnableKeyRotation's errors. @since 0.2.0 */
export type EnableKeyRotationError = KeyOperationError | UnsupportedOperationException

/**
 * The rule of EnableKeyRotation on a decoded request.
 * @param env - the operation environment
 * @param store - the store
 * @param req - the decoded request
 * @returns the new store, or the refusal
 * @since 0.2.0
 */
export const enableKeyRotationRule = (env: OperationEnv, store: KeyStore, req: EnableKeyRotationRequest): E.Either<EnableKeyRotationError, Outcome<EnableKeyRotationResponse>> =>
  pipe(
    automaticRotationKey(env, store, 'EnableKeyRotation', req.KeyId),
    E.map((key) => {
      const periodInDays = req.RotationPeriodInDays ?? key.automaticRotation?.periodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS
      const next = key.automaticRotation?.periodInDays === periodInDays ? key : updateKey(key, { automaticRotation: { periodInDays, since: env.now } })
      return { store: getKey(store, key.keyId) === next ? store : putKey(store, next), response: {} as EnableKeyRotationResponse, events: [] }
    }),
  )

/**
 * Enables automatic rotation.
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
 * const generated = await kms.invoke('CreateKey', {})
 * const imported = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.ok(generated._tag === 'Right' && imported._tag === 'Right')
 * assert.equal((await kms.invoke('EnableKeyRotation', { KeyId: generated.right.KeyMetadata.KeyId }))._tag, 'Right')
 * const refused = await kms.invoke('EnableKeyRotation', { KeyId: imported.right.KeyMetadata.KeyId })
 * assert.ok(refused._tag === 'Left' && refused.left._tag === 'UnsupportedOperationException')
 * ```
 * @since 0.2.0
 */
export const enableKeyRotation = decoded(EnableKeyRotationRequest, enableKeyRotationRule)
