/**
 * RotateKeyOnDemand (docs/evidence.md §8): for an imported symmetric key (profiles with multiple key
 * materials), the material pending rotation becomes CURRENT and the previous CURRENT one
 * NON_CURRENT (it still decrypts); for an `AWS_KMS` symmetric key, fresh material becomes CURRENT.
 * At most 25 on-demand rotations. AWS applies a rotation about a minute later (OBS); the library
 * applies it at once (CHOSEN, documented).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type KMSInternalException, type KMSInvalidStateException, type LimitExceededException, type UnsupportedOperationException } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { keyMaterialId } from '../material/material-id.js'
import { freezeKey, type KeyMaterial, type KeyRecord } from '../model/key-record.js'
import type { OperationEnv } from './support/env.js'
import { keyOperation, type KeyChange, type KeyOperationError } from './support/key-operation.js'
import { isReplica, relatedKeys } from './support/multi-region.js'
import type * as Model from '../protocol/generated/kms-model.js'

/** RotateKeyOnDemand's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type RotateKeyOnDemandRequest = Model.RotateKeyOnDemandRequest

/** RotateKeyOnDemand's response: the key id (as AWS, the id, not the ARN). @since 0.1.0 */
export interface RotateKeyOnDemandResponse {
  /** The key id. */
  readonly KeyId: string
}

/** RotateKeyOnDemand's errors. @since 0.1.0 */
export type RotateKeyOnDemandError = KeyOperationError | KMSInvalidStateException | LimitExceededException | UnsupportedOperationException | KMSInternalException

/**
 * Whether a key can rotate on demand under a profile: symmetric keys of origin AWS_KMS, and of
 * origin EXTERNAL where the profile has multiple key materials.
 * @param env - the environment
 * @param key - the key
 * @returns the key, or UnsupportedOperationException
 * @internal
 * @since 0.1.0
 */
export const checkRotatable = (env: OperationEnv, key: KeyRecord): E.Either<UnsupportedOperationException, KeyRecord> => {
  const m = env.profile.messages
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') return E.left(exception('UnsupportedOperationException', renderMessage(m.rotationUnsupported, { arn: key.arn, keySpec: key.keySpec })))
  if (key.origin === 'AWS_KMS' || (key.origin === 'EXTERNAL' && env.profile.features.multipleKeyMaterials)) return E.right(key)
  return E.left(exception('UnsupportedOperationException', renderMessage(m.wrongOrigin, { arn: key.arn, origin: key.origin })))
}

const rotate = (env: OperationEnv, key: KeyRecord, incoming: KeyMaterial): KeyRecord =>
  freezeKey({
    ...key,
    materials: [
      ...key.materials.filter((m) => m !== incoming).map((m): KeyMaterial => (m.state === 'CURRENT' ? { ...m, state: 'NON_CURRENT' } : m)),
      { ...incoming, state: 'CURRENT', rotationDate: env.now, rotationType: 'ON_DEMAND' },
    ],
    onDemandRotations: key.onDemandRotations + 1,
  })

/**
 * Rotates a key's material now.
 * @param env - the operation environment
 * @param store - the store
 * @param req - the request, decoded and checked by the protocol layer
 * @returns the new store and `{KeyId}`, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ profile: 'latest', crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.ok(created._tag === 'Right')
 * const rotated = await kms.invoke('RotateKeyOnDemand', { KeyId: created.right.KeyMetadata.KeyId })
 * assert.ok(rotated._tag === 'Left') // an imported key rotates to material imported with ImportType NEW_KEY_MATERIAL
 * assert.equal(rotated.left._tag, 'KMSInvalidStateException')
 * ```
 * @since 0.1.0
 */
export const rotateKeyOnDemand = keyOperation<RotateKeyOnDemandRequest, RotateKeyOnDemandResponse, RotateKeyOnDemandError>(
  'RotateKeyOnDemand',
  (env, key, _req, store): E.Either<RotateKeyOnDemandError, KeyChange<RotateKeyOnDemandResponse>> =>
    E.flatMap(checkRotatable(env, key), (k): E.Either<RotateKeyOnDemandError, KeyChange<RotateKeyOnDemandResponse>> => {
      const m = env.profile.messages
      // related multi-Region keys rotate together, from the primary (docs/evidence.md §11)
      if (isReplica(store, k)) return E.left(exception('UnsupportedOperationException', renderMessage(m.rotateReplica, { arn: k.arn })))
      const replicas = relatedKeys(store, k)
      const incoming = ((): E.Either<RotateKeyOnDemandError, KeyMaterial> => {
        if (k.origin === 'EXTERNAL') {
          const pending = k.materials.find((x) => x.state === 'PENDING_ROTATION' && x.secret !== undefined)
          return pending === undefined ? E.left(exception('KMSInvalidStateException', renderMessage(m.noPendingRotation, { arn: k.arn }))) : E.right(pending)
        }
        return E.bimap(
          () => exception('KMSInternalException', 'An internal error occurred.'),
          (secret: NonNullable<KeyMaterial['secret']>): KeyMaterial => ({
            keyMaterialId: keyMaterialId(env.materialIdSecret, k.keyId, secret), secret, state: 'PENDING_ROTATION',
            expirationModel: undefined, validTo: undefined, description: undefined, rotationDate: undefined, rotationType: undefined,
          }),
        )(env.crypto.generateKeyMaterial(k.keySpec))
      })()
      return E.flatMap(incoming, (material): E.Either<RotateKeyOnDemandError, KeyChange<RotateKeyOnDemandResponse>> => {
        if (k.onDemandRotations >= env.profile.limits.maxOnDemandRotations) return E.left(exception('LimitExceededException', renderMessage(m.rotationLimit, { arn: k.arn })))
        if (k.origin !== 'EXTERNAL') {
          // KMS material is synchronized: every replica takes the same new material
          return E.right({ key: rotate(env, k, material), response: { KeyId: k.keyId }, related: replicas.map((r) => rotate(env, r, material)) })
        }
        const related: KeyRecord[] = []
        for (const r of replicas) {
          // imported material is not copied: each replica must hold it already
          const held = r.materials.find((x) => x.keyMaterialId === material.keyMaterialId && x.secret !== undefined)
          if (held === undefined) {
            return E.left(exception('KMSInvalidStateException', renderMessage(m.replicaLacksMaterial, { keyMaterialId: material.keyMaterialId, arn: k.arn, region: r.region })))
          }
          related.push(rotate(env, r, held))
        }
        return E.right({ key: rotate(env, k, material), response: { KeyId: k.keyId }, related })
      })
    }),
)
