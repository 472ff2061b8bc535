/**
 * EnableKey: `Disabled` → `Enabled` (RULES.md §2.1; refused while PendingImport or PendingDeletion).
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { keyIdMember } from '../codecs/key-id.js'
import { perProfile } from '../codecs/per-profile.js'
import { updateKey } from '../model/key-record.js'
import type { Profile } from '../profiles/profile.js'
import { keyOperation, type KeyOperationError } from './key-operation.js'

/** The EnableKey request codec. @since 0.1.0 */
export const EnableKeyRequest = perProfile((profile: Profile) => t.type({ KeyId: keyIdMember(profile) }))
/** @since 0.1.0 */
export type EnableKeyRequest = t.TypeOf<ReturnType<typeof EnableKeyRequest>>
/** EnableKey answers an empty body. @since 0.1.0 */
export type EnableKeyResponse = Record<string, never>
/** @since 0.1.0 */
export type EnableKeyError = KeyOperationError

/**
 * Enables a key.
 * @param env - the operation environment
 * @param store - the store
 * @param input - the request
 * @returns the new store, or the error
 * @since 0.1.0
 */
export const enableKey = keyOperation('EnableKey', (env) => EnableKeyRequest(env.profile), (_env, key) =>
  E.right({ key: key.state === 'Enabled' ? key : updateKey(key, { state: 'Enabled' }), response: {} as EnableKeyResponse }))
