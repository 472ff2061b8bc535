/**
 * DeleteImportedKeyMaterial (docs/evidence.md §2.1, §4, §8): EXTERNAL keys only, in every state. The
 * material named by `KeyMaterialId` (profiles with multiple key materials; default: the CURRENT
 * one) is removed — its id is kept, so only the same material can be imported again. Removing a
 * permanently associated material sends the key to `PendingImport` (unless it is
 * `PendingDeletion` or a multi-Region primary's `PendingReplicaDeletion`); removing a material pending rotation leaves the state alone.
 * `ExpirationModel` and `ValidTo` are gone from DescribeKey. Material pending rotation deleted from
 * a multi-Region primary is deleted from every replica too; deleted from a replica, it is deleted
 * there only (DOC API_DeleteImportedKeyMaterial, docs/evidence.md §11).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type NotFoundException, type ValidationException } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { currentMaterial, freezeKey, isPermanentlyAssociated, withoutSecret, type KeyMaterial, type KeyRecord } from '../model/key-record.js'
import type { KeyStore } from '../model/key-store.js'
import { isReplica, relatedKeys } from './support/multi-region.js'
import { keyOperation, type KeyChange, type KeyOperationError } from './support/key-operation.js'
import type * as Model from '../protocol/generated/kms-model.js'

/** DeleteImportedKeyMaterial's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type DeleteImportedKeyMaterialRequest = Model.DeleteImportedKeyMaterialRequest

/** DeleteImportedKeyMaterial's response: empty before the 2025-06-05 profile. @since 0.1.0 */
export interface DeleteImportedKeyMaterialResponse {
  /** The key ARN (2025-06-05 profile). */
  readonly KeyId?: string
  /** The deleted material (2025-06-05 profile). */
  readonly KeyMaterialId?: string
}
/** @since 0.1.0 */
export type DeleteImportedKeyMaterialError = KeyOperationError | NotFoundException | ValidationException

/**
 * Deletes imported key material.
 * @param env - the operation environment
 * @param store - the store
 * @param req - the request, decoded and checked by the protocol layer
 * @returns the new store, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * assert.equal((await kms.invoke('DeleteImportedKeyMaterial', { KeyId }))._tag, 'Right') // nothing to delete: still fine
 * const generated = await kms.invoke('CreateKey', {})
 * assert.ok(generated._tag === 'Right')
 * const refused = await kms.invoke('DeleteImportedKeyMaterial', { KeyId: generated.right.KeyMetadata.KeyId })
 * assert.ok(refused._tag === 'Left' && refused.left._tag === 'UnsupportedOperationException')
 * ```
 * @since 0.1.0
 */
export const deleteImportedKeyMaterial = keyOperation<DeleteImportedKeyMaterialRequest, DeleteImportedKeyMaterialResponse, DeleteImportedKeyMaterialError>(
  'DeleteImportedKeyMaterial',
  (env, key, req, store): E.Either<DeleteImportedKeyMaterialError, KeyChange<DeleteImportedKeyMaterialResponse>> => {
    const m = env.profile.messages
    // before multiple key materials KeyMaterialId is an unknown member, which the protocol layer drops
    const asked = req.KeyMaterialId
    if (asked !== undefined && key.keySpec !== 'SYMMETRIC_DEFAULT') return E.left(exception('ValidationException', m.multiMaterialSymmetricOnly))
    const target = asked === undefined ? currentMaterial(key) : key.materials.find((x) => x.keyMaterialId === asked)
    if (asked !== undefined && target === undefined) {
      return E.left(exception('NotFoundException', renderMessage(m.keyMaterialNotFound, { keyMaterialId: asked, arn: key.arn })))
    }
    const removed = (x: KeyMaterial): KeyMaterial => (x === target ? withoutSecret(x) : x)
    const losesPermanent = target === undefined || isPermanentlyAssociated(target)
    const next = freezeKey({
      ...key,
      materials: key.materials.map(removed),
      state: key.state === 'PendingDeletion' || key.state === 'PendingReplicaDeletion' || !losesPermanent ? key.state : 'PendingImport',
    })
    // "When you delete the key material of a primary Region key that is in PENDING_ROTATION or
    // PENDING_MULTI_REGION_IMPORT_AND_ROTATION state, you'll also be deleting the key materials for
    // the replica Region keys" (DOC API_DeleteImportedKeyMaterial); such material is not
    // permanently associated, so no replica's state changes
    const related = target !== undefined && !losesPermanent && !isReplica(store, key) ? replicasWithout(store, key, target.keyMaterialId) : []
    const response: DeleteImportedKeyMaterialResponse =
      env.profile.features.multipleKeyMaterials && target !== undefined ? { KeyId: key.arn, KeyMaterialId: target.keyMaterialId } : {}
    return E.right(related.length === 0 ? { key: next, response } : { key: next, response, related })
  },
)

/**
 * The replicas of a multi-Region primary that hold the material `keyMaterialId`, without it (its id
 * kept, as in the primary); replicas without it are left out (unchanged).
 */
const replicasWithout = (store: KeyStore, primary: KeyRecord, keyMaterialId: string): readonly KeyRecord[] =>
  relatedKeys(store, primary)
    .filter((r) => r.materials.some((x) => x.keyMaterialId === keyMaterialId && x.secret !== undefined))
    .map((r) => freezeKey({
      ...r,
      materials: r.materials.map((x) => (x.keyMaterialId === keyMaterialId ? withoutSecret(x) : x)),
    }))
