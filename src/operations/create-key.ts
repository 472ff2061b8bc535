/**
 * CreateKey: `Origin` `AWS_KMS` (generated material, `Enabled`) or `EXTERNAL` (no material,
 * `PendingImport`, docs/evidence.md §2), with KeySpec × KeyUsage checked against the profile.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { exception, type KMSInternalException, type RequestError, type UnsupportedOperationException, type ValidationException } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { decodeRequest } from '../protocol/report.js'
import { booleanMember, enumMember, optional, stringMember } from '../protocol/members.js'
import { requestCodec } from '../protocol/per-profile.js'
import { keyMaterialId } from '../material/material-id.js'
import type { KeyUsage } from '../model/enums.js'
import { keyArn, keyIdFromBytes, multiRegionKeyIdFromBytes } from '../model/ids.js'
import { freezeKey, type KeyMaterial, type KeyRecord } from '../model/key-record.js'
import { putKey, putMultiRegionKeySet, type KeyStore, type MultiRegionKeySet } from '../model/key-store.js'
import type { Profile } from '../profiles/profile.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { keyMetadata, type CustomerMasterKeySpec, type KeyMetadata } from './support/key-metadata.js'

/**
 * The CreateKey request codec for a profile (members this library models; others are ignored).
 * @param profile - the profile whose enum values and limits apply
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, CreateKeyRequest, profile20250605 } from 'kms-key-import'
 * assert.equal(CreateKeyRequest(classicProfile).decode({ Origin: 'EXTERNAL' })._tag, 'Right')
 * assert.equal(CreateKeyRequest(classicProfile).decode({ KeySpec: 'ML_DSA_65' })._tag, 'Left') // not in that era's enum
 * assert.equal(CreateKeyRequest(profile20250605).decode({ KeySpec: 'ML_DSA_65' })._tag, 'Right')
 * ```
 * @since 0.1.0
 */
export const CreateKeyRequest = requestCodec((profile: Profile) =>
  t.partial({
    /** A description of the key (empty when absent). */
    Description: optional(stringMember('Description', { min: 0, max: profile.limits.maxDescriptionLength })),
    /** What the key is for; required for keys that are not symmetric encryption keys. */
    KeyUsage: optional(enumMember('KeyUsage', profile.enums.keyUsage)),
    /** The type of key (default `SYMMETRIC_DEFAULT`). */
    KeySpec: optional(enumMember('KeySpec', profile.enums.keySpec)),
    /** The deprecated name of `KeySpec`. */
    CustomerMasterKeySpec: optional(enumMember('CustomerMasterKeySpec', profile.enums.keySpec.filter((k): k is CustomerMasterKeySpec => !k.startsWith('ML_DSA_')))),
    /** `AWS_KMS` (default) or `EXTERNAL` (material imported later). */
    Origin: optional(enumMember('Origin', profile.enums.origin)),
    /** `true` creates a multi-Region primary key (`mrk-…` id, docs/evidence.md §11). */
    MultiRegion: optional(booleanMember('MultiRegion')),
  }),
)
/** @since 0.1.0 */
export type CreateKeyRequest = t.TypeOf<ReturnType<typeof CreateKeyRequest>>

/** CreateKey's response. @since 0.1.0 */
export interface CreateKeyResponse {
  /** The new key. */
  readonly KeyMetadata: KeyMetadata
}

/** CreateKey's errors. @since 0.1.0 */
export type CreateKeyError = RequestError | ValidationException | UnsupportedOperationException | KMSInternalException

const validation = (message: string): ValidationException => exception('ValidationException', message)

/**
 * Creates a key.
 * @param env - the operation environment
 * @param store - the store
 * @param input - the request (decoded JSON or typed object)
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
export const createKey = (env: OperationEnv, store: KeyStore, input: unknown): E.Either<CreateKeyError, Outcome<CreateKeyResponse>> =>
  pipe(
    decodeRequest(CreateKeyRequest(env.profile), input),
    E.flatMap((req): E.Either<CreateKeyError, Outcome<CreateKeyResponse>> => {
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
          ...(multiRegion ? { multiRegion } : {}),
        })
        if (!multiRegion) return { store: putKey(store, key), response: { KeyMetadata: keyMetadata(profile, key) }, events: [] }
        const set: MultiRegionKeySet = { keyId, primaryRegion: env.region, regions: [env.region] }
        return { store: putMultiRegionKeySet(putKey(store, key), keyId, set), response: { KeyMetadata: keyMetadata(profile, key, set) }, events: [] }
      })(materials)
    }),
  )
