/**
 * Sign, minimal, for asymmetric `SIGN_VERIFY` keys (RSA, ECC, SM2), through the usage gate. Checks
 * in this order (as AWS, OBS by a third-party emulator): request validation; key resolution; key
 * usage `SIGN_VERIFY` (InvalidKeyUsageException, before the state); the key state (the usage
 * gate); the algorithm against the key spec (InvalidKeyUsageException `Algorithm … is
 * incompatible with key spec ….`); a `DIGEST` message's length (ValidationException `Digest is
 * invalid length for algorithm ….`). Verify shares these checks.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import {
  exception, type InvalidKeyUsageException, type KMSInternalException, type RequestError, type ValidationException,
} from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import type { AsymmetricKey } from '../crypto/asymmetric-key.js'
import { digestLength, messageDigest, signDigest, SigningAlgorithmSpec } from '../crypto/signing.js'
import type { KeyRecord } from '../model/key-record.js'
import type { KeyStore } from '../model/key-store.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { algorithmsOf } from './support/key-metadata.js'
import { resolveKey, type ResolveKeyError } from './support/resolve-key.js'
import { checkAlgorithm, checkKeyUsage, currentMaterial, loadKey } from './support/usage-checks.js'
import type { UsageGateError } from './support/usage-gate.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** Sign's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type SignRequest = Model.SignRequest

/** Verify's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type VerifyRequest = Model.VerifyRequest

/** Sign's response. @since 0.1.0 */
export interface SignResponse {
  /** The key ARN. */
  readonly KeyId: string
  /** RSA: `k` bytes (RFC 8017); ECDSA and SM2DSA: DER. */
  readonly Signature: Uint8Array
  /** The algorithm used. */
  readonly SigningAlgorithm: SigningAlgorithmSpec
}

/** Errors of Sign (and of Verify before the signature is checked). @since 0.1.0 */
export type SignError = RequestError | ResolveKeyError | InvalidKeyUsageException | UsageGateError | ValidationException | KMSInternalException

/**
 * What Sign and Verify work on once every check passed.
 * @internal
 * @since 0.1.0
 */
export interface SigningInput {
  readonly key: KeyRecord
  readonly signer: AsymmetricKey
  /** The digest to sign or verify (a RAW message already hashed). */
  readonly digest: Uint8Array
}

/**
 * The checks Sign and Verify share, in AWS's order, and the digest they work on.
 * @param env - the operation environment
 * @param store - the store
 * @param operation - `Sign` or `Verify` (state-table row and messages)
 * @param req - the decoded request
 * @returns the key, its loaded material and the digest, or the first refusal
 * @internal
 * @since 0.1.0
 */
export const signingInput = (env: OperationEnv, store: KeyStore, operation: 'Sign' | 'Verify', req: SignRequest): E.Either<SignError, SigningInput> => {
  const { profile } = env
  const algorithm = req.SigningAlgorithm
  const messageType = req.MessageType ?? 'RAW'
  return pipe(
    resolveKey(env, store, req.KeyId, true, 'NotFoundException'),
    E.flatMap(({ key }) =>
      pipe(
        checkKeyUsage(profile, operation, key, 'SIGN_VERIFY'),
        E.flatMap(() => currentMaterial(profile, operation, key)),
        E.tap(() => checkAlgorithm(profile, key, algorithm, algorithmsOf(key.keySpec, key.keyUsage).SigningAlgorithms)),
        E.filterOrElseW(
          () => messageType !== 'DIGEST' || req.Message.length === digestLength(algorithm),
          () => exception('ValidationException', renderMessage(profile.messages.digestLength, { algorithm })),
        ),
        E.flatMap((material) => loadKey(profile, material)),
        E.flatMap((signer) =>
          pipe(
            messageDigest(signer, algorithm, messageType, req.Message),
            E.mapLeft(() => exception('KMSInternalException', profile.messages.internalError)),
            E.map((digest): SigningInput => ({ key, signer, digest })),
          )),
      ),
    ),
  )
}

/**
 * Signs a message (up to 4096 bytes, or a digest) with an asymmetric key's private key.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the request, decoded and checked by the protocol layer
 * @returns the signature, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createPublicKey, verify } from 'node:crypto'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * const message = new TextEncoder().encode('hello')
 * const signed = await kms.invoke('Sign', { KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' })
 * const got = await kms.invoke('GetPublicKey', { KeyId })
 * assert.ok(signed._tag === 'Right' && got._tag === 'Right')
 * const publicKey = createPublicKey({ key: Buffer.from(got.right.PublicKey), format: 'der', type: 'spki' })
 * assert.ok(verify('sha256', message, publicKey, signed.right.Signature)) // a DER ECDSA signature
 * ```
 * @since 0.1.0
 */
export const sign = settling((env: OperationEnv, store: KeyStore, req: SignRequest): E.Either<SignError, Outcome<SignResponse>> =>
  pipe(
    signingInput(env, store, 'Sign', req),
    E.flatMap(({ key, signer, digest }) =>
      pipe(
        signDigest(signer, req.SigningAlgorithm, digest, env.crypto.randomBytes),
        E.mapLeft(() => exception('KMSInternalException', env.profile.messages.internalError)),
        E.map((signature): Outcome<SignResponse> => ({ store, response: { KeyId: key.arn, Signature: signature, SigningAlgorithm: req.SigningAlgorithm }, events: [] })),
      )),
  ))
