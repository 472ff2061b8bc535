/**
 * CreateKey: `Origin` `AWS_KMS` (generated material, `Enabled`) or `EXTERNAL` (no material,
 * `PendingImport`, docs/evidence.md §2), with KeySpec × KeyUsage checked against the profile.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import {
  exception, type CustomKeyStoreNotFoundException, type KMSInternalException, type LimitExceededException, type MalformedPolicyDocumentException, type RequestError,
  type TagException, type UnsupportedOperationException, type ValidationException,
} from '../errors/exceptions.js'
import { applyTags } from './support/tags.js'
import { checkPolicyDocument } from './support/policy-document.js'
import { renderMessage } from '../errors/messages.js'
import { keyMaterialId } from '../material/material-id.js'
import type { KeyUsage } from '../model/enums.js'
import { keyArn, keyIdFromBytes, multiRegionKeyIdFromBytes } from '../model/ids.js'
import { EMPTY_LIST, freezeKey, type KeyMaterial, type KeyRecord } from '../model/key-record.js'
import { putKey, type KeyStore, type MultiRegionKeySet } from '../model/key-store.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { keyMetadata, type KeyMetadata } from './support/key-metadata.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** CreateKey's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type CreateKeyRequest = Model.CreateKeyRequest

/** CreateKey's response. @since 0.1.0 */
export interface CreateKeyResponse {
  /** The new key. */
  readonly KeyMetadata: KeyMetadata
}

/** CreateKey's errors. @since 0.1.0 */
export type CreateKeyError = RequestError | ValidationException | UnsupportedOperationException | KMSInternalException
  | TagException | LimitExceededException | MalformedPolicyDocumentException | CustomKeyStoreNotFoundException

const validation = (message: string): ValidationException => exception('ValidationException', message)

/**
 * Creates a key.
 * @param env - the operation environment
 * @param store - the store
 * @param req - the request, decoded and checked by the protocol layer
 * @returns the new store and the key's metadata, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, createKey, emptyStore, Secret, type AccountId, type OperationEnv } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const env: OperationEnv = {
 *   profile: classicProfile, region: 'us-east-1', partition: 'aws', accountId: '111122223333' as AccountId, now: Date.now(),
 *   crypto: createDeterministicProvider(), sealingKey: Secret.of(new Uint8Array(32)), materialIdSecret: new Uint8Array(32),
 * }
 * const created = createKey(env, emptyStore(), { Origin: 'EXTERNAL', Description: 'imported' })
 * assert.ok(created._tag === 'Right')
 * assert.equal(created.right.response.KeyMetadata.KeyState, 'PendingImport')
 * assert.equal(createKey(env, emptyStore(), { KeySpec: 'RSA_2048' })._tag, 'Left') // KeyUsage is required
 * ```
 * @since 0.1.0
 */
export const createKey = settling((env: OperationEnv, store: KeyStore, req: CreateKeyRequest): E.Either<CreateKeyError, Outcome<CreateKeyResponse>> =>
  pipe(
    E.right(req),
    E.flatMap((): E.Either<CreateKeyError, Outcome<CreateKeyResponse>> => {
      const { profile } = env
      const m = profile.messages
      const keySpec = req.KeySpec ?? req.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT'
      const origin = req.Origin ?? 'AWS_KMS'
      const rule = profile.keySpecs[keySpec]
      if (rule === undefined || (rule.partitions !== undefined && !rule.partitions.includes(env.partition))) {
        return E.left(validation(renderMessage(m.keySpecNotInRegion, { keySpec })))
      }
      if (req.KeyUsage === undefined && keySpec !== 'SYMMETRIC_DEFAULT') return E.left(validation(m.keyUsageRequired))
      const keyUsage: KeyUsage = req.KeyUsage ?? 'ENCRYPT_DECRYPT'
      if (!rule.usages.includes(keyUsage)) return E.left(validation(renderMessage(m.keyUsageIncompatible, { keyUsage, keySpec })))
      if (origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE') {
        return E.left(exception('UnsupportedOperationException', renderMessage(m.customKeyStoreUnsupported, { origin })))
      }
      if (origin === 'EXTERNAL' && !rule.importable) return E.left(validation(renderMessage(m.keySpecNotForOrigin, { keySpec, origin })))
      if (req.CustomKeyStoreId !== undefined) {
        return E.left(exception('CustomKeyStoreNotFoundException', renderMessage(m.customKeyStoreNotFound, { customKeyStoreId: req.CustomKeyStoreId })))
      }
      if (req.Policy !== undefined) {
        const policy = checkPolicyDocument(profile, req.Policy)
        if (E.isLeft(policy)) return policy
      }
      const tags = applyTags(profile, [], req.Tags ?? [])
      if (E.isLeft(tags)) return tags
      // `MultiRegion: true` makes a multi-Region primary key (an `mrk-` id, docs/evidence.md §11)
      const multiRegion = req.MultiRegion === true
      const keyId = multiRegion ? multiRegionKeyIdFromBytes(env.crypto.randomBytes(16)) : keyIdFromBytes(env.crypto.randomBytes(16))
      const materials = ((): E.Either<KMSInternalException, readonly KeyMaterial[]> => {
        if (origin === 'EXTERNAL') return E.right([])
        const generated = env.crypto.generateKeyMaterial(keySpec)
        // Specs the provider cannot generate yet hold no material; no operation of this profile uses it.
        if (E.isLeft(generated)) return E.right([])
        const secret = generated.right
        return E.right([{
          keyMaterialId: keyMaterialId(env.materialIdSecret, keyId, secret), secret, state: 'CURRENT',
          expirationModel: undefined, validTo: undefined, description: undefined, rotationDate: undefined, rotationType: undefined,
        }])
      })()
      return E.map((mats: readonly KeyMaterial[]): Outcome<CreateKeyResponse> => {
        const key: KeyRecord = freezeKey({
          keyId,
          arn: keyArn(env.partition, env.region, env.accountId, keyId),
          accountId: env.accountId,
          region: env.region,
          origin,
          keySpec,
          keyUsage,
          description: req.Description ?? '',
          state: origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
          creationDate: env.now,
          deletionDate: undefined,
          pendingDeletionWindowInDays: undefined,
          materials: mats,
          onDemandRotations: 0,
          tags: tags.right,
          policy: req.Policy,
          automaticRotation: undefined,
          aliases: EMPTY_LIST,
          ...(multiRegion ? { multiRegion, primaryRegion: env.region } : {}),
        })
        if (!multiRegion) return { store: putKey(store, key), response: { KeyMetadata: keyMetadata(profile, key) }, events: [] }
        const set: MultiRegionKeySet = { keyId, primaryRegion: env.region, regions: [env.region] }
        return { store: putKey(store, key), response: { KeyMetadata: keyMetadata(profile, key, set) }, events: [] }
      })(materials)
    }),
  ))
