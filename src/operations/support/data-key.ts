/**
 * What the data-key operations share (docs/evidence.md §12): the symmetric encryption key that
 * protects the data key, found like Encrypt's (aliases accepted, the usage gate, CURRENT material),
 * the ciphertext blob sealed like Encrypt's (so Decrypt opens it, and the material rules of §9 and
 * §8 apply to it), the refusal of `Recipient`, and the `DryRun` answer.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import {
  exception, type DryRunOperationException, type InvalidKeyUsageException, type RequestError, type ValidationException,
} from '../../errors/exceptions.js'
import { sealCiphertext } from '../../crypto/ciphertext.js'
import type { KeyRecord } from '../../model/key-record.js'
import type { KeyStore } from '../../model/key-store.js'
import type { Profile, StatefulOperation } from '../../profiles/profile.js'
import { checkSymmetricUsage } from '../encrypt.js'
import type { OperationEnv } from './env.js'
import { resolveKey, type ResolveKeyError } from './resolve-key.js'
import { currentMaterial } from './usage-checks.js'
import type { PresentMaterial, UsageGateError } from './usage-gate.js'

/**
 * Errors of finding the key that protects a data key.
 * @inline
 * @since 0.2.0
 */
export type DataKeyTargetError = ResolveKeyError | UsageGateError | InvalidKeyUsageException

/** The key that protects a data key, and its CURRENT material. @since 0.2.0 */
export interface DataKeyTarget {
  /** The key (settled). */
  readonly key: KeyRecord
  /** Its CURRENT material. */
  readonly material: PresentMaterial
}

/**
 * The symmetric encryption key a data-key request names, usable now.
 * @param env - the operation environment
 * @param store - the store
 * @param operation - the operation (its state-table row and its name in messages)
 * @param keyId - key id, key ARN, alias name or alias ARN
 * @returns the key and material, or the refusal
 * @since 0.2.0
 */
export const dataKeyTarget = (env: OperationEnv, store: KeyStore, operation: StatefulOperation, keyId: string): E.Either<DataKeyTargetError, DataKeyTarget> =>
  pipe(
    resolveKey(env, store, keyId, true, 'NotFoundException'),
    E.flatMap(({ key }): E.Either<DataKeyTargetError, DataKeyTarget> => pipe(
      currentMaterial(env.profile, operation, key),
      E.flatMap((material) => E.map(() => ({ key, material }))(checkSymmetricUsage(env.profile, operation, key, undefined))),
    )),
  )

/**
 * Seals bytes under the target's CURRENT material, exactly as Encrypt does.
 * @param env - the operation environment
 * @param target - the key and material
 * @param plaintext - the data key (or private key)
 * @param context - the encryption context
 * @returns the ciphertext blob
 * @since 0.2.0
 */
export const sealDataKey = (env: OperationEnv, target: DataKeyTarget, plaintext: Uint8Array, context: Readonly<Record<string, string>> | undefined): Uint8Array =>
  sealCiphertext({ keyId: target.key.keyId, keyMaterialId: target.material.keyMaterialId }, target.material.secret, env.crypto.randomBytes(12), plaintext, context)

/**
 * The refusals of the members this library does not serve: a `Recipient` (Nitro Enclaves).
 * @param profile - the profile (its messages)
 * @param recipient - the request's `Recipient`
 * @returns nothing, or ValidationException
 * @since 0.2.0
 */
export const refuseRecipient = (profile: Profile, recipient: unknown): E.Either<ValidationException, undefined> =>
  recipient === undefined ? E.right(undefined) : E.left(exception('ValidationException', profile.messages.recipientUnsupported))

/**
 * The answer to a request that passed every check: DryRunOperationException when `DryRun` is set.
 * @param profile - the profile (its messages)
 * @param dryRun - the request's `DryRun`
 * @param result - the answer otherwise
 * @returns the answer
 * @since 0.2.0
 */
export const unlessDryRun = <L, A>(profile: Profile, dryRun: boolean | undefined, result: () => E.Either<L, A>): E.Either<L | DryRunOperationException, A> =>
  dryRun === true ? E.left(exception('DryRunOperationException', profile.messages.dryRun)) : result()

/**
 * Errors common to the data-key operations.
 * @inline
 * @since 0.2.0
 */
export type DataKeyError = RequestError | DataKeyTargetError | DryRunOperationException
