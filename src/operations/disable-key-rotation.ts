/**
 * DisableKeyRotation: turns automatic rotation off; the same keys and states as EnableKeyRotation
 * (docs/evidence.md §12).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { UnsupportedOperationException } from '../errors/exceptions.js'
import type { KeyStore } from '../model/key-store.js'
import { automaticRotationKey, withAutomaticRotation } from './support/automatic-rotation.js'
import type { OperationEnv, Outcome } from './support/env.js'
import type { KeyOperationError } from './support/key-operation.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** DisableKeyRotation's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type DisableKeyRotationRequest = Model.DisableKeyRotationRequest
/** DisableKeyRotation answers an empty body. @since 0.2.0 */
export type DisableKeyRotationResponse = Record<string, never>
/** DisableKeyRotation's errors. @since 0.2.0 */
export type DisableKeyRotationError = KeyOperationError | UnsupportedOperationException

/**
 * Disables automatic rotation.
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
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * await kms.invoke('EnableKeyRotation', { KeyId })
 * assert.equal((await kms.invoke('DisableKeyRotation', { KeyId }))._tag, 'Right')
 * const status = await kms.invoke('GetKeyRotationStatus', { KeyId })
 * assert.ok(status._tag === 'Right' && status.right.KeyRotationEnabled === false)
 * ```
 * @since 0.2.0
 */
export const disableKeyRotation = settling((env: OperationEnv, store: KeyStore, req: DisableKeyRotationRequest): E.Either<DisableKeyRotationError, Outcome<DisableKeyRotationResponse>> =>
  pipe(
    automaticRotationKey(env, store, 'DisableKeyRotation', req.KeyId),
    E.map((key) => ({
      store: key.automaticRotation === undefined ? store : withAutomaticRotation(store, key, undefined),
      response: {} as DisableKeyRotationResponse,
      events: [],
    })),
  ))
