/**
 * UpdateKeyDescription: replaces a key's description (refused while the key is pending deletion,
 * docs/evidence.md §12).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { keyIdMember } from '../protocol/key-id.js'
import { required, stringMember } from '../protocol/members.js'
import { requestCodec } from '../protocol/per-profile.js'
import { updateKey } from '../model/key-record.js'
import type { Profile } from '../profiles/profile.js'
import { decoded } from './support/operation.js'
import { keyRule, type KeyOperationError } from './support/key-operation.js'

/**
 * The UpdateKeyDescription request codec.
 * @param profile - the profile whose limits apply
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, UpdateKeyDescriptionRequest } from 'kms-key-import'
 * assert.equal(UpdateKeyDescriptionRequest(classicProfile).decode({ KeyId: 'k', Description: '' })._tag, 'Right')
 * assert.equal(UpdateKeyDescriptionRequest(classicProfile).decode({ KeyId: 'k' })._tag, 'Left') // Description is required
 * ```
 * @since 0.2.0
 */
export const UpdateKeyDescriptionRequest = requestCodec((profile: Profile) =>
  t.type({
    /** The key: its key id or key ARN. */
    KeyId: keyIdMember(profile),
    /** The new description (may be empty). */
    Description: required(stringMember('Description', { min: 0, max: profile.limits.maxDescriptionLength })),
  }))
/** @since 0.2.0 */
export type UpdateKeyDescriptionRequest = t.TypeOf<ReturnType<typeof UpdateKeyDescriptionRequest>>
/** UpdateKeyDescription answers an empty body. @since 0.2.0 */
export type UpdateKeyDescriptionResponse = Record<string, never>
/**
 * UpdateKeyDescription's errors.
 * @useDeclaredType
 * @since 0.2.0
 */
export type UpdateKeyDescriptionError = KeyOperationError

/**
 * Replaces a key's description.
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
 * const created = await kms.invoke('CreateKey', { Description: 'old' })
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * assert.equal((await kms.invoke('UpdateKeyDescription', { KeyId, Description: 'new' }))._tag, 'Right')
 * const described = await kms.invoke('DescribeKey', { KeyId })
 * assert.ok(described._tag === 'Right' && described.right.KeyMetadata.Description === 'new')
 * ```
 * @since 0.2.0
 */
export const updateKeyDescription = decoded(UpdateKeyDescriptionRequest, keyRule('UpdateKeyDescription', (_env, key, req: UpdateKeyDescriptionRequest) =>
  E.right({ key: key.description === req.Description ? key : updateKey(key, { description: req.Description }), response: {} as UpdateKeyDescriptionResponse })))
