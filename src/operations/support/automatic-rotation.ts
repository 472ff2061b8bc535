/**
 * Which keys rotate automatically (docs/evidence.md §12): symmetric encryption keys whose material
 * AWS KMS generated. EnableKeyRotation and DisableKeyRotation refuse any other key, EXTERNAL keys
 * first, before the key state is consulted.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { exception, type UnsupportedOperationException } from '../../errors/exceptions.js'
import { renderMessage } from '../../errors/messages.js'
import { updateKey, type AutomaticRotation, type KeyRecord } from '../../model/key-record.js'
import { putKey, type KeyStore } from '../../model/key-store.js'
import type { StatefulOperation } from '../../profiles/profile.js'
import type { OperationEnv } from './env.js'
import { checkState, type KeyStateError } from './key-gate.js'
import { isReplica, relatedKeys } from './multi-region.js'
import { resolveKey, type ResolveKeyError } from './resolve-key.js'

/**
 * The key of EnableKeyRotation or DisableKeyRotation: resolved (no aliases), a key that rotates
 * automatically, not a multi-Region replica (the status is set on the primary), then in a state
 * that allows the operation.
 * @param env - the operation environment
 * @param store - the store
 * @param operation - `EnableKeyRotation` or `DisableKeyRotation`
 * @param keyId - the request's `KeyId`
 * @returns the key, or the refusal
 * @since 0.2.0
 */
export const automaticRotationKey = (
  env: OperationEnv, store: KeyStore, operation: StatefulOperation, keyId: string,
): E.Either<ResolveKeyError | UnsupportedOperationException | KeyStateError, KeyRecord> => {
  const m = env.profile.messages
  return pipe(
    resolveKey(env, store, keyId, false),
    E.flatMap(({ key }): E.Either<ResolveKeyError | UnsupportedOperationException | KeyStateError, KeyRecord> => {
      if (key.origin !== 'AWS_KMS') return E.left(exception('UnsupportedOperationException', renderMessage(m.wrongOrigin, { arn: key.arn, origin: key.origin })))
      if (key.keySpec !== 'SYMMETRIC_DEFAULT') return E.left(exception('UnsupportedOperationException', renderMessage(m.automaticRotationUnsupported, { arn: key.arn, keySpec: key.keySpec })))
      // a shared property of multi-Region keys, set on the primary (docs/evidence.md §11)
      if (isReplica(store, key)) return E.left(exception('UnsupportedOperationException', renderMessage(m.automaticRotationOnReplica, { arn: key.arn })))
      return checkState(env.profile, operation, key)
    }),
  )
}

/** Days between automatic rotations when EnableKeyRotation gives none (DOC). @since 0.2.0 */
export const DEFAULT_ROTATION_PERIOD_DAYS = 365

/**
 * The store with the key's automatic rotation status set, on the key and, for a multi-Region
 * primary, on every related key (a shared property: docs/evidence.md §11).
 * @param store - the store
 * @param key - the key (a single-Region key or a multi-Region primary)
 * @param automaticRotation - the new status (undefined: disabled)
 * @returns the new store
 * @since 0.2.0
 */
export const withAutomaticRotation = (store: KeyStore, key: KeyRecord, automaticRotation: AutomaticRotation | undefined): KeyStore =>
  [key, ...relatedKeys(store, key)].reduce((s, k) => putKey(s, updateKey(k, { automaticRotation })), store)
