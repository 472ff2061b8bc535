/**
 * Decrypt, minimal, for ciphertext of symmetric Encrypt: the blob names its key and material;
 * the usage gate decides whether that key may decrypt now. A ciphertext made before a delete or
 * expiry decrypts again once the same material is reimported, and never with other material.
 * InvalidCiphertextException carries no message, as AWS's (OBS).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { exception, type IncorrectKeyException, type InvalidCiphertextException, type InvalidKeyUsageException, type RequestError } from '../errors/exceptions.js'
import { decodeRequest } from '../codecs/report.js'
import { blobMember, enumMember, optional, required, stringMapMember, stringMember } from '../codecs/members.js'
import { perProfile } from '../codecs/per-profile.js'
import { openCiphertext, readCiphertextHeader } from '../crypto/ciphertext.js'
import type { KeyStore } from '../model/key-store.js'
import type { Profile } from '../profiles/profile.js'
import type { OperationEnv, Outcome } from './env.js'
import { checkSymmetricUsage } from './encrypt.js'
import { resolveKey, type ResolvedKey, type ResolveKeyError } from './resolve-key.js'
import { usableMaterial, type UsageGateError } from './usage-gate.js'

/** The Decrypt request codec. @since 0.1.0 */
export const DecryptRequest = perProfile((profile: Profile) =>
  t.intersection([
    t.type({ CiphertextBlob: required(blobMember('CiphertextBlob', { min: 1, max: profile.limits.maxBlobBytes, sensitive: false })) }),
    t.partial({
      KeyId: optional(stringMember('KeyId', { min: 1, max: profile.limits.maxKeyIdLength })),
      EncryptionContext: optional(stringMapMember('EncryptionContext')),
      EncryptionAlgorithm: optional(enumMember('EncryptionAlgorithm', profile.enums.encryptionAlgorithm)),
    }),
  ]),
)
/** @since 0.1.0 */
export type DecryptRequest = t.TypeOf<ReturnType<typeof DecryptRequest>>

/** Decrypt's response. @since 0.1.0 */
export interface DecryptResponse {
  readonly KeyId: string
  readonly Plaintext: Uint8Array
  readonly EncryptionAlgorithm: string
}

/** Decrypt's errors. @since 0.1.0 */
export type DecryptError = RequestError | ResolveKeyError | UsageGateError | InvalidCiphertextException | IncorrectKeyException | InvalidKeyUsageException

/**
 * Decrypts a ciphertext blob made by {@link encrypt}.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param input - the request
 * @returns the plaintext, or the error
 * @since 0.1.0
 */
export const decrypt = (env: OperationEnv, store: KeyStore, input: unknown): E.Either<DecryptError, Outcome<DecryptResponse>> => {
  const invalid = (): InvalidCiphertextException => exception('InvalidCiphertextException', env.profile.messages.decryptFailed)
  return pipe(
    decodeRequest(DecryptRequest(env.profile), input),
    E.flatMap((req) =>
      pipe(
        readCiphertextHeader(req.CiphertextBlob),
        E.mapLeft(invalid),
        E.flatMap((header): E.Either<DecryptError, Outcome<DecryptResponse>> =>
          pipe(
            resolveKey(env, store, header.keyId, false),
            E.flatMap((found): E.Either<DecryptError, ResolvedKey> => {
              if (req.KeyId === undefined) return E.right(found)
              return pipe(
                resolveKey(env, store, req.KeyId, true),
                E.flatMap((named): E.Either<DecryptError, ResolvedKey> =>
                  named.key.keyId === found.key.keyId ? E.right(found) : E.left(exception('IncorrectKeyException', env.profile.messages.incorrectKey))),
              )
            }),
            E.flatMap(({ key }) =>
              pipe(
                usableMaterial(env.profile, 'Decrypt', key, { keyMaterialId: header.keyMaterialId }),
                E.mapLeft((e): DecryptError => (e === 'unknown-material' ? invalid() : e)),
                E.flatMap((material) => E.map(() => material)(checkSymmetricUsage(env.profile, 'Decrypt', key, req.EncryptionAlgorithm))),
                E.flatMap((material) => E.mapLeft(invalid)(openCiphertext(req.CiphertextBlob, material.secret, req.EncryptionContext))),
                E.map((plaintext): Outcome<DecryptResponse> => ({ store, response: { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }, events: [] })),
              ),
            ),
          ),
        ),
      ),
    ),
  )
}
