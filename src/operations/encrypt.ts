/**
 * Encrypt, minimal, through the usage gate: for `SYMMETRIC_DEFAULT` keys, AES-256-GCM under the
 * key's CURRENT material (this is what makes an import observable); for RSA `ENCRYPT_DECRYPT`
 * keys, RSAES-OAEP (`RSAES_OAEP_SHA_1`, `RSAES_OAEP_SHA_256`) with the key's public key, the
 * ciphertext being the raw `k`-byte RSAES-OAEP output, as AWS's.
 *
 * For RSA keys the algorithm is checked after the key state: a missing `EncryptionAlgorithm` is
 * its default, `SYMMETRIC_DEFAULT`, which an RSA key refuses with InvalidKeyUsageException
 * `Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.` (OBS by a third-party
 * emulator checked against AWS); a plaintext beyond the OAEP capacity (`k − 2·hLen − 2`) is a
 * ValidationException (CHOSEN message). The encryption context is not used by asymmetric
 * encryption (CHOSEN: ignored).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { exception, type InvalidKeyUsageException, type KMSInternalException, type RequestError } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { sealCiphertext } from '../crypto/ciphertext.js'
import type { RsaKey } from '../crypto/asymmetric-key.js'
import { isOaepAlgorithm, oaepEncrypt, oaepMaxPlaintext, type OaepAlgorithm } from '../crypto/rsa-oaep.js'
import type { KeyRecord } from '../model/key-record.js'
import type { KeyStore } from '../model/key-store.js'
import type { Profile } from '../profiles/profile.js'
import type { OperationEnv, Outcome } from './support/env.js'
import type { EncryptionAlgorithmSpec } from './support/key-metadata.js'
import { algorithmsOf } from './support/key-metadata.js'
import { resolveKey, type ResolveKeyError } from './support/resolve-key.js'
import { checkAlgorithm, loadKey } from './support/usage-checks.js'
import { usableMaterial, type PresentMaterial, type UsageGateError } from './support/usage-gate.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** Encrypt's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type EncryptRequest = Model.EncryptRequest

/** Encrypt's response. @since 0.1.0 */
export interface EncryptResponse {
  /** The ciphertext (symmetric: it names its key and material). */
  readonly CiphertextBlob: Uint8Array
  /** The key ARN. */
  readonly KeyId: string
  /** The algorithm used. */
  readonly EncryptionAlgorithm: EncryptionAlgorithmSpec
}

/** Encrypt's errors. @since 0.1.0 */
export type EncryptError = RequestError | ResolveKeyError | UsageGateError | InvalidKeyUsageException | KMSInternalException

/**
 * Whether a key encrypts with RSAES-OAEP: an RSA key spec with key usage `ENCRYPT_DECRYPT`.
 * @param key - the key
 * @returns true for RSA encryption keys
 * @internal
 * @since 0.1.0
 */
export const isRsaEncryptionKey = (key: KeyRecord): boolean => key.keySpec.startsWith('RSA_') && key.keyUsage === 'ENCRYPT_DECRYPT'

/**
 * The RSA key and OAEP algorithm of an asymmetric Encrypt or Decrypt: the algorithm must be one
 * the key spec supports, the material an RSA key.
 * @param profile - the profile
 * @param key - an RSA encryption key
 * @param material - its CURRENT material
 * @param algorithm - the requested algorithm (default `SYMMETRIC_DEFAULT`)
 * @returns the loaded key and algorithm, or InvalidKeyUsageException / KMSInternalException
 * @internal
 * @since 0.1.0
 */
export const rsaEncryptionKey = (
  profile: Profile, key: KeyRecord, material: PresentMaterial, algorithm: string | undefined,
): E.Either<InvalidKeyUsageException | KMSInternalException, { readonly rsa: RsaKey; readonly algorithm: OaepAlgorithm }> => {
  const requested = algorithm ?? 'SYMMETRIC_DEFAULT'
  return pipe(
    checkAlgorithm(profile, key, requested, algorithmsOf(key.keySpec, key.keyUsage).EncryptionAlgorithms),
    E.flatMap(() => loadKey(profile, material)),
    E.flatMap((loaded) => (loaded.kind === 'rsa' && isOaepAlgorithm(requested)
      ? E.right({ rsa: loaded, algorithm: requested })
      : E.left(exception('KMSInternalException', profile.messages.internalError)))),
  )
}

const encryptRsa = (env: OperationEnv, store: KeyStore, key: KeyRecord, material: PresentMaterial, req: EncryptRequest): E.Either<EncryptError, Outcome<EncryptResponse>> =>
  pipe(
    rsaEncryptionKey(env.profile, key, material, req.EncryptionAlgorithm),
    E.flatMap(({ rsa, algorithm }): E.Either<EncryptError, Outcome<EncryptResponse>> => {
      const max = oaepMaxPlaintext(rsa, algorithm)
      if (req.Plaintext.length > max) {
        return E.left(exception('ValidationException', renderMessage(env.profile.messages.plaintextTooLarge, { length: req.Plaintext.length, algorithm, keySpec: key.keySpec, max })))
      }
      return pipe(
        oaepEncrypt(rsa, algorithm, req.Plaintext, env.crypto.randomBytes),
        E.mapLeft(() => exception('KMSInternalException', env.profile.messages.internalError)),
        E.map((ciphertext) => ({ store, response: { CiphertextBlob: ciphertext, KeyId: key.arn, EncryptionAlgorithm: algorithm as EncryptionAlgorithmSpec }, events: [] })),
      )
    }),
  )

/**
 * The symmetric-encryption usage check: key usage ENCRYPT_DECRYPT, spec SYMMETRIC_DEFAULT, and
 * algorithm SYMMETRIC_DEFAULT.
 * @param profile - the profile
 * @param operation - for the message
 * @param key - the key
 * @param algorithm - the requested algorithm
 * @returns the key, or InvalidKeyUsageException
 * @internal
 * @since 0.1.0
 */
export const checkSymmetricUsage = (profile: Profile, operation: string, key: KeyRecord, algorithm: string | undefined): E.Either<InvalidKeyUsageException, KeyRecord> => {
  if (key.keyUsage !== 'ENCRYPT_DECRYPT' || key.keySpec !== 'SYMMETRIC_DEFAULT') {
    return E.left(exception('InvalidKeyUsageException', renderMessage(profile.messages.keyUsageMismatch, { arn: key.arn, keyUsage: key.keyUsage, operation })))
  }
  if (algorithm !== undefined && algorithm !== 'SYMMETRIC_DEFAULT') {
    return E.left(exception('InvalidKeyUsageException', renderMessage(profile.messages.algorithmNotSupported, { arn: key.arn, algorithm })))
  }
  return E.right(key)
}

/**
 * Encrypts up to 4096 bytes under a symmetric key's CURRENT material, or up to the OAEP capacity
 * with an RSA key's public key.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the request, decoded and checked by the protocol layer
 * @returns the ciphertext blob, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const encrypted = await kms.invoke('Encrypt', { KeyId: created.right.KeyMetadata.KeyId, Plaintext: new TextEncoder().encode('hello') })
 * assert.ok(encrypted._tag === 'Right')
 * assert.equal(encrypted.right.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT')
 * assert.equal(encrypted.right.KeyId, created.right.KeyMetadata.Arn)
 * ```
 * @since 0.1.0
 */
export const encrypt = settling((env: OperationEnv, store: KeyStore, req: EncryptRequest): E.Either<EncryptError, Outcome<EncryptResponse>> =>
  pipe(
    E.Do,
    E.bindW('key', () => E.map(({ key }: { key: KeyRecord }) => key)(resolveKey(env, store, req.KeyId, true, 'NotFoundException'))),
    E.bindW('material', ({ key }) => usableMaterial(env.profile, 'Encrypt', key, { current: true })),
    E.flatMap(({ key, material }): E.Either<EncryptError, Outcome<EncryptResponse>> => isRsaEncryptionKey(key)
      ? encryptRsa(env, store, key, material, req)
      : pipe(
        checkSymmetricUsage(env.profile, 'Encrypt', key, req.EncryptionAlgorithm),
        E.map((): Outcome<EncryptResponse> => ({
          store,
          response: {
            CiphertextBlob: sealCiphertext({ keyId: key.keyId, keyMaterialId: material.keyMaterialId }, material.secret, env.crypto.randomBytes(12), req.Plaintext, req.EncryptionContext),
            KeyId: key.arn,
            EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
          },
          events: [],
        })),
      )),
  ))
