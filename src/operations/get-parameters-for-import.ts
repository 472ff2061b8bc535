/**
 * GetParametersForImport (docs/evidence.md §3), checks in this order: request validation, key
 * resolution, origin `EXTERNAL`, key spec importable under the profile, key state, wrapping
 * rules; then a fresh wrapping key pair and an import token valid for 24 hours. The store is
 * never changed.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import {
  exception, type KMSInternalException, type RequestError, type UnsupportedOperationException, type ValidationException,
} from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import type { TokenContents } from '../crypto/token.js'
import type { KeyRecord } from '../model/key-record.js'
import type { KeyStore } from '../model/key-store.js'
import type { Profile } from '../profiles/profile.js'
import { wrappingRefusal } from '../profiles/wrapping.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { checkOrigin, checkState, type KeyStateError } from './support/key-gate.js'
import { resolveKey, type ResolveKeyError } from './support/resolve-key.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** GetParametersForImport's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type GetParametersForImportRequest = Model.GetParametersForImportRequest

/** GetParametersForImport's response. @since 0.1.0 */
export interface GetParametersForImportResponse {
  /** The key ARN (OBS). */
  readonly KeyId: string
  /** Opaque; give it back to ImportKeyMaterial with the material wrapped under `PublicKey`. */
  readonly ImportToken: Uint8Array
  /** DER X.509 SubjectPublicKeyInfo of the wrapping key. */
  readonly PublicKey: Uint8Array
  /** When the token and the public key expire (24 hours after the request). */
  readonly ParametersValidTo: Date
}

/** GetParametersForImport's errors. @since 0.1.0 */
export type GetParametersForImportError =
  | RequestError | ResolveKeyError | UnsupportedOperationException | KeyStateError | ValidationException | KMSInternalException

/**
 * The importability check: the key spec must be one the profile lets hold imported material.
 * @param profile - the profile
 * @param key - the key
 * @returns the key, or UnsupportedOperationException
 * @internal
 * @since 0.1.0
 */
export const checkImportable = (profile: Profile, key: KeyRecord): E.Either<UnsupportedOperationException, KeyRecord> =>
  profile.keySpecs[key.keySpec]?.importable === true
    ? E.right(key)
    : E.left(exception('UnsupportedOperationException', renderMessage(profile.messages.unsupportedKeySpec, { arn: key.arn, keySpec: key.keySpec })))

/**
 * Returns the parameters to import material into an EXTERNAL key.
 * @param env - the operation environment
 * @param store - the store (returned unchanged)
 * @param req - the request, decoded and checked by the protocol layer
 * @returns the parameters, or the error; never throws
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'
 * const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
 * const kms = createEmulator({ crypto: createDeterministicProvider(), clock })
 * const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.ok(created._tag === 'Right')
 * const params = await kms.invoke('GetParametersForImport', {
 *   KeyId: created.right.KeyMetadata.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048',
 * })
 * assert.ok(params._tag === 'Right')
 * assert.equal(params.right.ParametersValidTo.toISOString(), '2026-01-02T00:00:00.000Z') // valid for 24 hours
 * ```
 * @since 0.1.0
 */
export const getParametersForImport = settling((
  env: OperationEnv,
  store: KeyStore,
  req: GetParametersForImportRequest,
): E.Either<GetParametersForImportError, Outcome<GetParametersForImportResponse>> =>
  pipe(
    resolveKey(env, store, req.KeyId, false),
    E.flatMap(({ key }) => checkOrigin(env.profile, 'GetParametersForImport', key)),
    E.flatMap((key) => checkImportable(env.profile, key)),
    E.flatMap((key) => checkState(env.profile, 'GetParametersForImport', key)),
    E.flatMap((key): E.Either<GetParametersForImportError, KeyRecord> => {
      const refusal = wrappingRefusal(env.profile, {
        algorithm: req.WrappingAlgorithm, wrappingKeySpec: req.WrappingKeySpec, keySpec: key.keySpec, partition: env.partition,
      })
      if (refusal === undefined) return E.right(key)
      const message = renderMessage(refusal.message, {
        algorithm: req.WrappingAlgorithm, wrappingKeySpec: req.WrappingKeySpec, keySpec: key.keySpec, region: env.region,
      })
      return E.left(exception(refusal.exception, message))
    }),
    E.flatMap((key) =>
      pipe(
        env.crypto.wrappingKeyPair(req.WrappingKeySpec),
        E.mapLeft((reason) => exception('KMSInternalException', `Could not create a wrapping key pair: ${reason}`)),
        E.map((pair): Outcome<GetParametersForImportResponse> => {
          const validTo = env.now + env.profile.limits.importParametersValidityMs
          const contents: TokenContents = Object.freeze({
            keyArn: key.arn, algorithm: req.WrappingAlgorithm, wrappingKeySpec: req.WrappingKeySpec, privateKey: pair.privateKey, validTo,
          })
          const token = env.crypto.sealImportToken(env.sealingKey, contents)
          return {
            store,
            response: { KeyId: key.arn, ImportToken: token, PublicKey: pair.publicKey, ParametersValidTo: new Date(validTo) },
            events: [],
          }
        }),
      ),
    ),
  ))
