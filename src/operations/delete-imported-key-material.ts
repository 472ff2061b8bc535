/**
 * DeleteImportedKeyMaterial (RULES.md §2.1, §4): EXTERNAL keys only, in every state; the
 * material is removed (its id is kept, so only the same material can be imported again); the key
 * goes to `PendingImport` unless it is `PendingDeletion`; `ExpirationModel` and `ValidTo` are gone
 * from DescribeKey.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { keyIdMember } from '../codecs/key-id.js'
import { perProfile } from '../codecs/per-profile.js'
import { currentMaterial, freezeKey, type KeyMaterial } from '../model/key-record.js'
import type { Profile } from '../profiles/profile.js'
import { keyOperation, type KeyOperationError } from './key-operation.js'

/** The DeleteImportedKeyMaterial request codec. @since 0.1.0 */
export const DeleteImportedKeyMaterialRequest = perProfile((profile: Profile) => t.type({ KeyId: keyIdMember(profile) }))
/** @since 0.1.0 */
export type DeleteImportedKeyMaterialRequest = t.TypeOf<ReturnType<typeof DeleteImportedKeyMaterialRequest>>

/** DeleteImportedKeyMaterial's response: empty before the 2025-06-05 profile. @since 0.1.0 */
export interface DeleteImportedKeyMaterialResponse {
  readonly KeyId?: string
  readonly KeyMaterialId?: string
}
/** @since 0.1.0 */
export type DeleteImportedKeyMaterialError = KeyOperationError

/**
 * Deletes the key's imported material.
 * @param env - the operation environment
 * @param store - the store
 * @param input - the request
 * @returns the new store, or the error
 * @since 0.1.0
 */
export const deleteImportedKeyMaterial = keyOperation(
  'DeleteImportedKeyMaterial',
  (env) => DeleteImportedKeyMaterialRequest(env.profile),
  (env, key) => {
    const target = currentMaterial(key)
    const removed = (m: KeyMaterial): KeyMaterial => (m === target ? { ...m, secret: undefined, expirationModel: undefined, validTo: undefined } : m)
    const next = freezeKey({
      ...key,
      materials: key.materials.map(removed),
      state: key.state === 'PendingDeletion' ? key.state : 'PendingImport',
    })
    const response: DeleteImportedKeyMaterialResponse =
      env.profile.features.multipleKeyMaterials && target !== undefined ? { KeyId: key.arn, KeyMaterialId: target.keyMaterialId } : {}
    return E.right({ key: next, response })
  },
)
