/**
 * DisableKey: `Enabled` → `Disabled` (docs/evidence.md §2.1; refused while PendingImport or PendingDeletion).
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { keyIdMember } from '../protocol/key-id.js'
import { requestCodec } from '../protocol/per-profile.js'
import { updateKey } from '../model/key-record.js'
import type { Profile } from '../profiles/profile.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'

/**
 * The DisableKey request codec.
 * @param profile - the profile whose enum values and limits apply
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, DisableKeyRequest } from 'kms-key-import'
 * const codec = DisableKeyRequest(classicProfile)
 * assert.equal(codec.decode({ KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' })._tag, 'Right')
 * assert.equal(codec.decode({ KeyId: 42 })._tag, 'Left')
 * ```
 * @since 0.1.0
 */
export const DisableKeyRequest = requestCodec((profile: Profile) =>
  t.type({
    /** The key: its key id or key ARN. */
    KeyId: keyIdMember(profile),
  }))
/** @since 0.1.0 */
export type DisableKeyRequest = t.TypeOf<ReturnType<typeof DisableKeyRequest>>
/** DisableKey answers an empty body. @since 0.1.0 */
export type DisableKeyResponse = Record<string, never>
/**
 * DisableKey's errors.
 * @useDeclaredType
 * @since 0.1.0
 */
export type DisableKeyError = KeyOperationError

/**
 * Disables a key.
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
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * assert.equal((await kms.invoke('DisableKey', { KeyId }))._tag, 'Right')
 * const refused = await kms.invoke('Encrypt', { KeyId, Plaintext: new Uint8Array([1, 2, 3]) })
 * assert.ok(refused._tag === 'Left' && refused.left._tag === 'DisabledException')
 * ```
 * @since 0.1.0
 */
export const disableKey = keyOperation('DisableKey', (env) => DisableKeyRequest(env.profile), (_env, key) =>
  E.right({ key: key.state === 'Disabled' ? key : updateKey(key, { state: 'Disabled' }), response: {} as DisableKeyResponse }))
