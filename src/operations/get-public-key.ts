/**
 * GetPublicKey, for asymmetric keys (RSA, ECC, SM2): the DER SubjectPublicKeyInfo derived from the
 * stored private key (for an imported key, the imported key's public key, docs/evidence.md §6), with the
 * key spec, usage and algorithms a client needs to use it safely. The key state is checked first
 * (the usage gate), then the key spec: symmetric and HMAC keys have no public key,
 * UnsupportedOperationException with no message (as AWS's, OBS by a third-party emulator).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { exception, type KMSInternalException, type RequestError, type UnsupportedOperationException } from '../errors/exceptions.js'
import type { KeySpec, KeyUsage } from '../model/enums.js'
import type { KeyRecord } from '../model/key-record.js'
import type { KeyStore } from '../model/key-store.js'
import type { Profile } from '../profiles/profile.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { algorithmsOf, hasCustomerMasterKeySpec, type CustomerMasterKeySpec, type KeyMetadata } from './support/key-metadata.js'
import { resolveKey, type ResolveKeyError } from './support/resolve-key.js'
import { currentMaterial, loadKey } from './support/usage-checks.js'
import type { UsageGateError } from './support/usage-gate.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** GetPublicKey's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type GetPublicKeyRequest = Model.GetPublicKeyRequest

/** GetPublicKey's response, as the AWS SDK v3 types it. @since 0.1.0 */
export interface GetPublicKeyResponse {
  /** The key ARN. */
  readonly KeyId: string
  /** DER SubjectPublicKeyInfo. */
  readonly PublicKey: Uint8Array
  /** The key spec, under AWS's deprecated name. */
  readonly CustomerMasterKeySpec?: CustomerMasterKeySpec
  /** The key spec. */
  readonly KeySpec: KeySpec
  /** The key usage. */
  readonly KeyUsage: KeyUsage
  /** Present for `ENCRYPT_DECRYPT` keys. */
  readonly EncryptionAlgorithms?: KeyMetadata['EncryptionAlgorithms']
  /** Present for `SIGN_VERIFY` keys. */
  readonly SigningAlgorithms?: KeyMetadata['SigningAlgorithms']
  /** Present for `KEY_AGREEMENT` keys. */
  readonly KeyAgreementAlgorithms?: KeyMetadata['KeyAgreementAlgorithms']
}

/** GetPublicKey's errors. @since 0.1.0 */
export type GetPublicKeyError = RequestError | ResolveKeyError | UsageGateError | UnsupportedOperationException | KMSInternalException

/**
 * Whether a key spec is asymmetric (has a public key).
 * @param spec - the key spec
 * @returns false for `SYMMETRIC_DEFAULT` and the HMAC specs
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { isAsymmetricSpec } from 'kms-key-import'
 * assert.ok(isAsymmetricSpec('ECC_NIST_P256'))
 * assert.ok(!isAsymmetricSpec('HMAC_256')) // no public key: GetPublicKey refuses
 * ```
 * @since 0.1.0
 */
export const isAsymmetricSpec = (spec: KeySpec): boolean => spec !== 'SYMMETRIC_DEFAULT' && !spec.startsWith('HMAC_')

const checkAsymmetric = (profile: Profile, key: KeyRecord): E.Either<UnsupportedOperationException, KeyRecord> =>
  isAsymmetricSpec(key.keySpec) ? E.right(key) : E.left(exception('UnsupportedOperationException', profile.messages.publicKeyUnsupported))

/**
 * Returns the public key of an asymmetric key.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the request, decoded and checked by the protocol layer
 * @returns the public key and its metadata, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createPublicKey } from 'node:crypto'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
 * assert.ok(created._tag === 'Right')
 * const got = await kms.invoke('GetPublicKey', { KeyId: created.right.KeyMetadata.KeyId })
 * assert.ok(got._tag === 'Right')
 * const publicKey = createPublicKey({ key: Buffer.from(got.right.PublicKey), format: 'der', type: 'spki' })
 * assert.equal(publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1')
 * ```
 * @since 0.1.0
 */
export const getPublicKey = settling((env: OperationEnv, store: KeyStore, req: GetPublicKeyRequest): E.Either<GetPublicKeyError, Outcome<GetPublicKeyResponse>> =>
  pipe(
    resolveKey(env, store, req.KeyId, true),
    E.flatMap(({ key }) =>
      pipe(
        currentMaterial(env.profile, 'GetPublicKey', key),
        E.tap(() => checkAsymmetric(env.profile, key)),
        E.flatMap((material) => loadKey(env.profile, material)),
        E.map((loaded): Outcome<GetPublicKeyResponse> => {
          const { MacAlgorithms: _mac, ...algorithms } = algorithmsOf(key.keySpec, key.keyUsage)
          return {
            store,
            response: {
              KeyId: key.arn, PublicKey: loaded.spki, ...(hasCustomerMasterKeySpec(key.keySpec) ? { CustomerMasterKeySpec: key.keySpec } : {}), KeySpec: key.keySpec, KeyUsage: key.keyUsage, ...algorithms },
            events: [],
          }
        }),
      ),
    ),
  ))
