/**
 * The key-state gate: every stateful operation asks the profile's state table (docs/evidence.md §2.1)
 * through these functions, so no operation hard-codes a state rule.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type DisabledException, type KMSInvalidStateException, type UnsupportedOperationException } from '../../errors/exceptions.js'
import { renderMessage } from '../../errors/messages.js'
import type { KeyRecord } from '../../model/key-record.js'
import type { Profile, StatefulOperation } from '../../profiles/profile.js'

/**
 * Errors the state table can answer with.
 * @inline
 * @since 0.1.0
 */
export type KeyStateError = KMSInvalidStateException | DisabledException

/**
 * The origin check: operations marked `externalOnly` refuse non-`EXTERNAL` keys in every state.
 * @param profile - the profile
 * @param operation - the operation
 * @param key - the key
 * @returns the key, or UnsupportedOperationException
 * @since 0.1.0
 */
export const checkOrigin = (profile: Profile, operation: StatefulOperation, key: KeyRecord): E.Either<UnsupportedOperationException, KeyRecord> =>
  profile.stateTable[operation].externalOnly && key.origin !== 'EXTERNAL'
    ? E.left(exception('UnsupportedOperationException', renderMessage(profile.messages.wrongOrigin, { arn: key.arn, origin: key.origin })))
    : E.right(key)

/**
 * The state check: the table's verdict for the key's current state.
 * @param profile - the profile
 * @param operation - the operation
 * @param key - the key, settled at the request's instant
 * @returns the key, or the table's exception with its exact message
 * @since 0.1.0
 */
export const checkState = (profile: Profile, operation: StatefulOperation, key: KeyRecord): E.Either<KeyStateError, KeyRecord> => {
  const verdict = profile.stateTable[operation].states[key.state]
  if (verdict.allow) return E.right(key)
  const message = renderMessage(profile.messages[verdict.message], { arn: key.arn, state: key.state })
  return E.left(exception(verdict.exception, message))
}

/**
 * Origin, then state.
 * @param profile - the profile
 * @param operation - the operation
 * @param key - the key
 * @returns the key, or the first refusal
 * @since 0.1.0
 */
export const checkKey = (profile: Profile, operation: StatefulOperation, key: KeyRecord): E.Either<UnsupportedOperationException | KeyStateError, KeyRecord> => {
  // an early return rather than E.flatMap: every keyed request passes here (see importKeyMaterial)
  const origin = checkOrigin(profile, operation, key)
  return E.isLeft(origin) ? origin : checkState(profile, operation, origin.right)
}
