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
import type { UnsupportedOperationException } from '../errors/exceptions.js'
import type { KeyStore } from '../model/key-store.js'
import { automaticRotationKey, DEFAULT_ROTATION_PERIOD_DAYS, withAutomaticRotation } from './support/automatic-rotation.js'
import type { OperationEnv, Outcome } from './support/env.js'
import type { KeyOperationError } from './support/key-operation.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** EnableKeyRotation's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type EnableKeyRotationRequest = Model.EnableKeyRotationRequest
/** EnableKeyRotation answers an empty body. @since 0.2.0 */
export type EnableKeyRotationResponse = Record<string, never>
/** EnableKeyRotation's errors. @since 0.2.0 */
export type EnableKeyRotationError = KeyOperationError | UnsupportedOperationException

/**
 * Enables automatic rotation.
 * @param env - the operation environment
 * @param store - the store
 * @param req - the decoded request
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
export const enableKeyRotation = settling((env: OperationEnv, store: KeyStore, req: EnableKeyRotationRequest): E.Either<EnableKeyRotationError, Outcome<EnableKeyRotationResponse>> =>
  pipe(
    automaticRotationKey(env, store, 'EnableKeyRotation', req.KeyId),
    E.map((key) => {
      const periodInDays = req.RotationPeriodInDays ?? key.automaticRotation?.periodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS
      // the key and, for a multi-Region primary, every replica (a shared property)
      const next = key.automaticRotation?.periodInDays === periodInDays ? store : withAutomaticRotation(store, key, { periodInDays, since: env.now })
      return { store: next, response: {} as EnableKeyRotationResponse, events: [] }
    }),
  ))
