/**
 * Verify, minimal, for asymmetric `SIGN_VERIFY` keys: the checks of Sign (same order, same
 * messages), then the signature. A signature that does not verify, malformed ones included, is
 * KMSInvalidSignatureException with no message, as AWS's.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { exception, type KMSInvalidSignatureException } from '../errors/exceptions.js'
import { verifyDigest, type SigningAlgorithmSpec } from '../crypto/signing.js'
import type { KeyStore } from '../model/key-store.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { signingInput, type VerifyRequest, type SignError } from './sign.js'
import { settling } from './support/settling.js'

/** Verify's response (only ever with `SignatureValid: true`). @since 0.1.0 */
export interface VerifyResponse {
  /** The key ARN. */
  readonly KeyId: string
  /** Always `true`: an invalid signature is an error. */
  readonly SignatureValid: true
  /** The algorithm used. */
  readonly SigningAlgorithm: SigningAlgorithmSpec
}

/** Verify's errors. @since 0.1.0 */
export type VerifyError = SignError | KMSInvalidSignatureException

/**
 * Verifies a signature of a message (or digest) with an asymmetric key.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the request, decoded and checked by the protocol layer
 * @returns `SignatureValid: true`, or KMSInvalidSignatureException, or another error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
 * assert.ok(created._tag === 'Right')
 * const request = { KeyId: created.right.KeyMetadata.KeyId, Message: new TextEncoder().encode('hello'), SigningAlgorithm: 'ECDSA_SHA_256' } as const
 * const signed = await kms.invoke('Sign', request)
 * assert.ok(signed._tag === 'Right')
 * const verified = await kms.invoke('Verify', { ...request, Signature: signed.right.Signature })
 * assert.ok(verified._tag === 'Right' && verified.right.SignatureValid)
 * const forged = await kms.invoke('Verify', { ...request, Message: new TextEncoder().encode('hellO'), Signature: signed.right.Signature })
 * assert.ok(forged._tag === 'Left' && forged.left._tag === 'KMSInvalidSignatureException')
 * ```
 * @since 0.1.0
 */
export const verify = settling((env: OperationEnv, store: KeyStore, req: VerifyRequest): E.Either<VerifyError, Outcome<VerifyResponse>> =>
  pipe(
    signingInput(env, store, 'Verify', req),
    E.filterOrElseW(
      ({ signer, digest }) => verifyDigest(signer, req.SigningAlgorithm, digest, req.Signature),
      () => exception('KMSInvalidSignatureException', env.profile.messages.invalidSignature),
    ),
    E.map(({ key }): Outcome<VerifyResponse> => ({ store, response: { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: req.SigningAlgorithm }, events: [] })),
  ))
