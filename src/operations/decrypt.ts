/**
 * Decrypt, minimal, for ciphertext of symmetric Encrypt: the blob names its key and material;
 * the usage gate decides whether that key may decrypt now. A ciphertext made before a delete or
 * expiry decrypts again once the same material is reimported, and never with other material.
 * InvalidCiphertextException carries no message, as AWS's (OBS).
 *
 * Asymmetric ciphertext (RSAES-OAEP of an RSA `ENCRYPT_DECRYPT` key) does not name its key: it is
 * decrypted when the request names the key (`KeyId`) and an asymmetric `EncryptionAlgorithm`;
 * the algorithm must be the one it was made with, any failure is InvalidCiphertextException. Any
 * other request (no KeyId, no or the symmetric algorithm, a key that is not an RSA encryption key,
 * a KeyId that does not resolve) takes the symmetric path unchanged, so raw RSA ciphertext there
 * fails to parse as ours: InvalidCiphertextException (as AWS, OBS by a third-party emulator).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import {
  exception, type IncorrectKeyException, type InvalidCiphertextException, type InvalidKeyUsageException, type KMSInternalException, type RequestError,
} from '../errors/exceptions.js'
import { openCiphertext, readCiphertextHeader } from '../crypto/ciphertext.js'
import { oaepDecrypt } from '../crypto/rsa-oaep.js'
import type { KeyRecord } from '../model/key-record.js'
import type { KeyStore } from '../model/key-store.js'
import type { OperationEnv, Outcome } from './support/env.js'
import type { EncryptionAlgorithmSpec } from './support/key-metadata.js'
import { checkSymmetricUsage, isRsaEncryptionKey, rsaEncryptionKey } from './encrypt.js'
import { missingMember } from '../protocol/failure.js'
import { resolveKey, type ResolvedKey, type ResolveKeyError } from './support/resolve-key.js'
import { currentMaterial } from './support/usage-checks.js'
import { usableMaterial, type UsageGateError } from './support/usage-gate.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** Decrypt's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type DecryptRequest = Model.DecryptRequest

/** Decrypt's response. @since 0.1.0 */
export interface DecryptResponse {
  /** The key ARN. */
  readonly KeyId: string
  /** The decrypted bytes. */
  readonly Plaintext: Uint8Array
  /** The algorithm used. */
  readonly EncryptionAlgorithm: EncryptionAlgorithmSpec
  /** The material that decrypted a symmetric ciphertext (profiles with multiple key materials). @since 0.2.0 */
  readonly KeyMaterialId?: string
}

/** Decrypt's errors. @since 0.1.0 */
export type DecryptError = RequestError | ResolveKeyError | UsageGateError | InvalidCiphertextException | IncorrectKeyException | InvalidKeyUsageException | KMSInternalException

/** The RSA encryption key a request names for an asymmetric algorithm, if any: then Decrypt takes the RSAES-OAEP path. */
const asymmetricTarget = (env: OperationEnv, store: KeyStore, req: DecryptRequest): KeyRecord | undefined => {
  if (req.KeyId === undefined || req.EncryptionAlgorithm === undefined || req.EncryptionAlgorithm === 'SYMMETRIC_DEFAULT') return undefined
  const found = resolveKey(env, store, req.KeyId, true, 'NotFoundException')
  return E.isRight(found) && isRsaEncryptionKey(found.right.key) ? found.right.key : undefined
}

/** A request with its ciphertext. */
type WithCiphertext = DecryptRequest & { readonly CiphertextBlob: Uint8Array }

const decryptRsa = (env: OperationEnv, store: KeyStore, key: KeyRecord, req: WithCiphertext): E.Either<DecryptError, Outcome<DecryptResponse>> =>
  pipe(
    currentMaterial(env.profile, 'Decrypt', key),
    E.flatMap((material) => rsaEncryptionKey(env.profile, key, material, req.EncryptionAlgorithm)),
    E.flatMap(({ rsa, algorithm }) =>
      pipe(
        oaepDecrypt(rsa, algorithm, req.CiphertextBlob),
        E.mapLeft(() => exception('InvalidCiphertextException', env.profile.messages.decryptFailed)),
        E.map((plaintext): Outcome<DecryptResponse> => ({ store, response: { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: algorithm as EncryptionAlgorithmSpec }, events: [] })),
      )),
  )

/**
 * Decrypts a ciphertext blob made by {@link encrypt}: symmetric blobs name their key; RSAES-OAEP
 * ciphertext needs `KeyId` and its `EncryptionAlgorithm`.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the request, decoded and checked by the protocol layer
 * @returns the plaintext, or the error
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
 * const decrypted = await kms.invoke('Decrypt', { CiphertextBlob: encrypted.right.CiphertextBlob }) // the blob names its key
 * assert.ok(decrypted._tag === 'Right')
 * assert.equal(new TextDecoder().decode(decrypted.right.Plaintext), 'hello')
 * ```
 * @since 0.1.0
 */
export const decrypt = settling((env: OperationEnv, store: KeyStore, req: DecryptRequest): E.Either<DecryptError, Outcome<DecryptResponse>> =>
  // AWS's model leaves CiphertextBlob optional (a Recipient's Decrypt is modelled alike); without
  // it there is nothing to decrypt: the ValidationException of a missing member (CHOSEN).
  req.CiphertextBlob === undefined ? E.left(missingMember('CiphertextBlob')) : decryptBlob(env, store, { ...req, CiphertextBlob: req.CiphertextBlob }))

const decryptBlob = (env: OperationEnv, store: KeyStore, req: WithCiphertext): E.Either<DecryptError, Outcome<DecryptResponse>> => {
  const invalid = (): InvalidCiphertextException => exception('InvalidCiphertextException', env.profile.messages.decryptFailed)
  const rsaKey = asymmetricTarget(env, store, req)
  if (rsaKey !== undefined) return decryptRsa(env, store, rsaKey, req)
  return pipe(
    E.Do,
    E.bindW('header', () => E.mapLeft(invalid)(readCiphertextHeader(req.CiphertextBlob))),
    E.bindW('found', ({ header }): E.Either<DecryptError, ResolvedKey> => resolveKey(env, store, header.keyId, false)),
    E.tap(({ found }): E.Either<DecryptError, unknown> => req.KeyId === undefined
      ? E.right(found)
      : pipe(
        resolveKey(env, store, req.KeyId, true, 'NotFoundException'),
        E.flatMap((named): E.Either<DecryptError, ResolvedKey> =>
          named.key.keyId === found.key.keyId ? E.right(found) : E.left(exception('IncorrectKeyException', env.profile.messages.incorrectKey))),
      )),
    E.bindW('material', ({ header, found: { key } }) => usableMaterial(env.profile, 'Decrypt', key, { keyMaterialId: header.keyMaterialId, unknown: invalid })),
    E.tap(({ found: { key } }) => checkSymmetricUsage(env.profile, 'Decrypt', key, req.EncryptionAlgorithm)),
    E.bindW('plaintext', ({ material }) => E.mapLeft(invalid)(openCiphertext(req.CiphertextBlob, material.secret, req.EncryptionContext))),
    E.map(({ found: { key }, material, plaintext }): Outcome<DecryptResponse> => ({
      store,
      response: {
        KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        // the material that opened it, as GenerateDataKey names the one that sealed (DOC API_Decrypt: symmetric keys only)
        ...(env.profile.features.multipleKeyMaterials ? { KeyMaterialId: material.keyMaterialId } : {}),
      },
      events: [],
    })),
  )
}
