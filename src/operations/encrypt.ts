/**
 * Encrypt, minimal, for `SYMMETRIC_DEFAULT` keys: AES-256-GCM under the key's CURRENT material,
 * through the usage gate. This is what makes an import observable.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { exception, type InvalidKeyUsageException, type RequestError } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { decodeRequest } from '../codecs/report.js'
import { keyIdMember } from '../codecs/key-id.js'
import { blobMember, enumMember, optional, required, stringMapMember } from '../codecs/members.js'
import { perProfile } from '../codecs/per-profile.js'
import { sealCiphertext } from '../crypto/ciphertext.js'
import type { KeyRecord } from '../model/key-record.js'
import type { KeyStore } from '../model/key-store.js'
import type { Profile } from '../profiles/profile.js'
import type { OperationEnv, Outcome } from './env.js'
import { resolveKey, type ResolveKeyError } from './resolve-key.js'
import { usableMaterial, type UsageGateError } from './usage-gate.js'

/** The Encrypt request codec. @since 0.1.0 */
export const EncryptRequest = perProfile((profile: Profile) =>
  t.intersection([
    t.type({ KeyId: keyIdMember(profile), Plaintext: required(blobMember('Plaintext', { min: 1, max: profile.limits.maxPlaintextBytes, sensitive: true })) }),
    t.partial({
      EncryptionContext: optional(stringMapMember('EncryptionContext')),
      EncryptionAlgorithm: optional(enumMember('EncryptionAlgorithm', profile.enums.encryptionAlgorithm)),
    }),
  ]),
)
/** @since 0.1.0 */
export type EncryptRequest = t.TypeOf<ReturnType<typeof EncryptRequest>>

/** Encrypt's response. @since 0.1.0 */
export interface EncryptResponse {
  readonly CiphertextBlob: Uint8Array
  readonly KeyId: string
  readonly EncryptionAlgorithm: string
}

/** Encrypt's errors. @since 0.1.0 */
export type EncryptError = RequestError | ResolveKeyError | UsageGateError | InvalidKeyUsageException

/**
 * The symmetric-encryption usage check: key usage ENCRYPT_DECRYPT, spec SYMMETRIC_DEFAULT, and
 * algorithm SYMMETRIC_DEFAULT.
 * @param profile - the profile
 * @param operation - for the message
 * @param key - the key
 * @param algorithm - the requested algorithm
 * @returns the key, or InvalidKeyUsageException
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
 * Encrypts up to 4096 bytes under a symmetric key's CURRENT material.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param input - the request
 * @returns the ciphertext blob, or the error
 * @since 0.1.0
 */
export const encrypt = (env: OperationEnv, store: KeyStore, input: unknown): E.Either<EncryptError, Outcome<EncryptResponse>> =>
  pipe(
    decodeRequest(EncryptRequest(env.profile), input),
    E.flatMap((req) =>
      pipe(
        resolveKey(env, store, req.KeyId, true),
        E.flatMap(({ key }) =>
          pipe(
            usableMaterial(env.profile, 'Encrypt', key, { current: true }),
            E.mapLeft((e) => (e === 'unknown-material' ? exception('KMSInvalidStateException', renderMessage(env.profile.messages.pendingImport, { arn: key.arn })) : e)),
            E.flatMap((material) => E.map(() => material)(checkSymmetricUsage(env.profile, 'Encrypt', key, req.EncryptionAlgorithm))),
            E.map((material): Outcome<EncryptResponse> => ({
              store,
              response: {
                CiphertextBlob: sealCiphertext({ keyId: key.keyId, keyMaterialId: material.keyMaterialId }, material.secret, env.crypto.randomBytes(12), req.Plaintext, req.EncryptionContext),
                KeyId: key.arn,
                EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
              },
              events: [],
            })),
          ),
        ),
      ),
    ),
  )
