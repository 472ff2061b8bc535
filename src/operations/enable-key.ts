/**
 * EnableKey: `Disabled` → `Enabled` (docs/evidence.md §2.1; refused while PendingImport or PendingDeletion).
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
 * The EnableKey request codec.
 * @param profile - the profile whose enum values and limits apply
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, EnableKeyRequest } from 'kms-key-import'
 * const codec = EnableKeyRequest(classicProfile)
 * assert.equal(codec.decode({ KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' })._tag, 'Right')
 * assert.equal(codec.decode({ KeyId: '' })._tag, 'Left')
 * ```
 * @since 0.1.0
 */
export const EnableKeyRequest = requestCodec((profile: Profile) =>
  t.type({
    /** The key: its key id or key ARN. */
    KeyId: keyIdMember(profile),
  }))
/** @since 0.1.0 */
export type EnableKeyRequest = t.TypeOf<ReturnType<typeof EnableKeyRequest>>
/** EnableKey answers an empty body. @since 0.1.0 */
export type EnableKeyResponse = Record<string, never>
/**
 * EnableKey's errors.
 * @useDeclaredType
 * @since 0.1.0
 */
export type EnableKeyError = KeyOperationError

/**
 * Enables a key.
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
 * await kms.invoke('DisableKey', { KeyId })
 * assert.equal((await kms.invoke('EnableKey', { KeyId }))._tag, 'Right')
 * const described = await kms.invoke('DescribeKey', { KeyId })
 * assert.ok(described._tag === 'Right' && described.right.KeyMetadata.Enabled)
 * ```
 * @since 0.1.0
 */
export const enableKey = keyOperation('EnableKey', (env) => EnableKeyRequest(env.profile), (_env, key) =>
  E.right({ key: key.state === 'Enabled' ? key : updateKey(key, { state: 'Enabled' }), response: {} as EnableKeyResponse }))
