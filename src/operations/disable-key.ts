/**
 * DisableKey: `Enabled` → `Disabled` (RULES.md §2.1; refused while PendingImport or PendingDeletion).
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { keyIdMember } from '../codecs/key-id.js'
import { perProfile } from '../codecs/per-profile.js'
import { updateKey } from '../model/key-record.js'
import type { Profile } from '../profiles/profile.js'
import { keyOperation, type KeyOperationError } from './key-operation.js'

/** The DisableKey request codec. @since 0.1.0 */
export const DisableKeyRequest = perProfile((profile: Profile) => t.type({ KeyId: keyIdMember(profile) }))
/** @since 0.1.0 */
export type DisableKeyRequest = t.TypeOf<ReturnType<typeof DisableKeyRequest>>
/** DisableKey answers an empty body. @since 0.1.0 */
export type DisableKeyResponse = Record<string, never>
/** @since 0.1.0 */
export type DisableKeyError = KeyOperationError

/**
 * Disables a key.
 * @param env - the operation environment
 * @param store - the store
 * @param input - the request
 * @returns the new store, or the error
 * @since 0.1.0
 */
export const disableKey = keyOperation('DisableKey', (env) => DisableKeyRequest(env.profile), (_env, key) =>
  E.right({ key: key.state === 'Disabled' ? key : updateKey(key, { state: 'Disabled' }), response: {} as DisableKeyResponse }))
