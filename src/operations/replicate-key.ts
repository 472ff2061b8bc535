/**
 * ReplicateKey: a replica of a multi-Region primary key in another Region of the same partition
 * and account (docs/evidence.md §11). The replica shares the key id, key spec, key usage and
 * origin; its ARN, description, policy, tags and key state are its own. A replica of a key with
 * imported material is created with **no material** (DOC): it knows which materials belong to the
 * set (their ids), and accepts only those. It is `Creating` for the profile's
 * `replicaCreatingMs` on the injected clock, then `PendingImport` (`Enabled` for KMS material).
 *
 * Refusals, in order: the request; the key (resolved in the Region of the call, the primary's);
 * UnsupportedOperationException for a single-Region key or a replica; the key-state table (only an
 * `Enabled` primary is replicated: DisabledException, or KMSInvalidStateException when it is
 * pending import or deletion, DOC key-state.html); a Region of another partition
 * (ValidationException); a Region that already holds a related key, the primary's included
 * (AlreadyExistsException, DOC).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { exception, type AlreadyExistsException, type RequestError, type UnsupportedOperationException, type ValidationException } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { keyArn } from '../model/ids.js'
import { keyPolicyOf } from '../model/key-policy.js'
import { EMPTY_LIST, freezeKey, withoutSecret, type KeyRecord } from '../model/key-record.js'
import { multiRegionKeySet, putKey, type KeyStore } from '../model/key-store.js'
import { partitionOf } from '../model/region.js'
import type * as Model from '../protocol/generated/kms-model.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { checkKey, type KeyStateError } from './support/key-gate.js'
import { keyMetadata, type KeyMetadata } from './support/key-metadata.js'
import { primaryOf, type MultiRegionRefusal } from './support/multi-region.js'
import { resolveKey, type ResolveKeyError } from './support/resolve-key.js'

/** A tag, as AWS's model declares it. @since 0.2.0 */
export type Tag = Model.Tag

/** ReplicateKey's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.2.0 */
export type ReplicateKeyRequest = Model.ReplicateKeyRequest

/** ReplicateKey's response. @since 0.2.0 */
export interface ReplicateKeyResponse {
  /** The new replica (its state `Creating`), with its primary and replicas. */
  readonly ReplicaKeyMetadata: KeyMetadata
  /** The replica's key policy. */
  readonly ReplicaPolicy: string
  /** The replica's tags. */
  readonly ReplicaTags: Tag[]
}

/** ReplicateKey's errors. @since 0.2.0 */
export type ReplicateKeyError = RequestError | ResolveKeyError | MultiRegionRefusal | KeyStateError | ValidationException | AlreadyExistsException | UnsupportedOperationException

/**
 * The replica's record: the primary's shared properties, its own ARN, description and state.
 * Imported material is not copied (DOC): the entries keep their ids, without bytes or expiry.
 * KMS-generated material is shared, as KMS synchronizes it.
 */
const replicaOf = (env: OperationEnv, primary: KeyRecord, region: string, req: ReplicateKeyRequest): KeyRecord => {
  const materials = primary.origin === 'EXTERNAL'
    ? primary.materials.map(withoutSecret)
    : primary.materials
  return freezeKey({
    keyId: primary.keyId,
    arn: keyArn(partitionOf(region), region, primary.accountId, primary.keyId),
    accountId: primary.accountId,
    region,
    origin: primary.origin,
    keySpec: primary.keySpec,
    keyUsage: primary.keyUsage,
    description: req.Description ?? '',
    state: 'Creating',
    creationDate: env.now,
    deletionDate: undefined,
    pendingDeletionWindowInDays: undefined,
    materials,
    onDemandRotations: primary.onDemandRotations,
    // its own policy, tags and aliases (DOC: not shared properties)
    tags: req.Tags === undefined || req.Tags.length === 0 ? EMPTY_LIST : req.Tags.map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })),
    policy: req.Policy,
    automaticRotation: primary.automaticRotation,
    aliases: EMPTY_LIST,
    multiRegion: true,
    primaryRegion: primary.region,
    settlesAt: env.now + env.profile.limits.replicaCreatingMs,
    settlesTo: primary.origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
  })
}

/**
 * Replicates a multi-Region primary key into another Region.
 * @param env - the operation environment (its Region is the primary key's)
 * @param store - the store (every Region)
 * @param req - the request
 * @returns the new store and the replica's metadata, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider, manualClock, wrapKeyMaterial } from 'kms-key-import/testing'
 * const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
 * const kms = createEmulator({ crypto: createDeterministicProvider(), clock, region: 'us-east-1' })
 * const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL', MultiRegion: true })
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * const early = await kms.invoke('ReplicateKey', { KeyId, ReplicaRegion: 'eu-west-1' })
 * assert.ok(early._tag === 'Left' && early.left._tag === 'KMSInvalidStateException') // the primary is pending import
 * const params = await kms.invoke('GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
 * assert.ok(params._tag === 'Right')
 * const EncryptedKeyMaterial = wrapKeyMaterial(params.right.PublicKey, 'RSAES_OAEP_SHA_256', new Uint8Array(32).fill(7))
 * await kms.invoke('ImportKeyMaterial', { KeyId, ImportToken: params.right.ImportToken, EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
 * const replica = await kms.invoke('ReplicateKey', { KeyId, ReplicaRegion: 'eu-west-1' })
 * assert.ok(replica._tag === 'Right')
 * assert.equal(replica.right.ReplicaKeyMetadata.KeyState, 'Creating')
 * clock.advance(5_000)
 * const described = await kms.invoke('DescribeKey', { KeyId }, 'eu-west-1')
 * assert.ok(described._tag === 'Right')
 * assert.equal(described.right.KeyMetadata.KeyState, 'PendingImport') // no material: import the primary's
 * ```
 * @since 0.2.0
 */
export const replicateKey = (env: OperationEnv, store: KeyStore, req: ReplicateKeyRequest): E.Either<ReplicateKeyError, Outcome<ReplicateKeyResponse>> =>
  pipe(
    resolveKey(env, store, req.KeyId, false),
    E.flatMap(({ key }) => primaryOf(env, store, key)),
    E.flatMap(({ key, set }) =>
      pipe(
        checkKey(env.profile, 'ReplicateKey', key),
        E.flatMap((): E.Either<ReplicateKeyError, Outcome<ReplicateKeyResponse>> => {
          const m = env.profile.messages
          const region = req.ReplicaRegion
          if (partitionOf(region) !== env.partition) {
            return E.left(exception('ValidationException', renderMessage(m.otherPartition, { region, partition: env.partition })))
          }
          if (set.regions.includes(region)) return E.left(exception('AlreadyExistsException', renderMessage(m.replicaExists, { keyId: key.keyId, region })))
          const replica = replicaOf(env, key, region, req)
          const next = putKey(store, replica)
          return E.right({
            store: next,
            response: {
              ReplicaKeyMetadata: keyMetadata(env.profile, replica, multiRegionKeySet(next, key.keyId)),
              ReplicaPolicy: keyPolicyOf(replica),
              ReplicaTags: replica.tags.map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })),
            },
            events: [],
          })
        }),
      )),
  )
