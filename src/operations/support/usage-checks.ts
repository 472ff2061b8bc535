/**
 * The checks the usage operations (GetPublicKey, Sign, Verify, GenerateMac, VerifyMac, asymmetric
 * Encrypt/Decrypt) share, in the order they apply them: the key usage (before the key state, as
 * AWS), the usage gate with the CURRENT material, the algorithm against the key spec, and the
 * loading of stored asymmetric material.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type InvalidKeyUsageException, type KMSInternalException } from '../../errors/exceptions.js'
import { renderMessage } from '../../errors/messages.js'
import { loadAsymmetricKey, type AsymmetricKey } from '../../crypto/asymmetric-key.js'
import type { KeyUsage } from '../../model/enums.js'
import type { KeyRecord } from '../../model/key-record.js'
import type { Profile, StatefulOperation } from '../../profiles/profile.js'
import { usableMaterial, type PresentMaterial, type UsageGateError } from './usage-gate.js'

/**
 * The key-usage check: `InvalidKeyUsageException` `<arn> key usage is <usage>, which is not valid
 * for <operation>.` when the key's usage is not the operation's.
 * @param profile - the profile (messages)
 * @param operation - the operation, for the message
 * @param key - the key
 * @param usage - the usage the operation needs
 * @returns the key, or InvalidKeyUsageException
 * @since 0.1.0
 */
export const checkKeyUsage = (profile: Profile, operation: string, key: KeyRecord, usage: KeyUsage): E.Either<InvalidKeyUsageException, KeyRecord> =>
  key.keyUsage === usage
    ? E.right(key)
    : E.left(exception('InvalidKeyUsageException', renderMessage(profile.messages.keyUsageMismatch, { arn: key.arn, keyUsage: key.keyUsage, operation })))

/**
 * The usage gate with the key's CURRENT material (a key without it is pending import).
 * @param profile - the profile (its state table)
 * @param operation - the operation's row
 * @param key - the key, settled
 * @returns the material, or the state table's refusal
 * @since 0.1.0
 */
export const currentMaterial = (profile: Profile, operation: StatefulOperation, key: KeyRecord): E.Either<UsageGateError, PresentMaterial> =>
  usableMaterial(profile, operation, key, { current: true })

/**
 * The algorithm check: `InvalidKeyUsageException` `Algorithm <algorithm> is incompatible with key
 * spec <spec>.` when the key spec does not support the algorithm.
 * @param profile - the profile (messages)
 * @param key - the key
 * @param algorithm - the requested algorithm
 * @param supported - the algorithms of the key's spec and usage (`algorithmsOf`)
 * @returns the key, or InvalidKeyUsageException
 * @since 0.1.0
 */
export const checkAlgorithm = (profile: Profile, key: KeyRecord, algorithm: string, supported: readonly string[] | undefined): E.Either<InvalidKeyUsageException, KeyRecord> =>
  supported?.includes(algorithm) === true
    ? E.right(key)
    : E.left(exception('InvalidKeyUsageException', renderMessage(profile.messages.algorithmIncompatible, { algorithm, keySpec: key.keySpec })))

/**
 * Loads stored asymmetric material. Material is validated when it is imported or generated, so a
 * failure here is a fault of this library: KMSInternalException.
 * @param profile - the profile (messages)
 * @param material - the key's material
 * @returns the loaded key, or KMSInternalException
 * @since 0.1.0
 */
export const loadKey = (profile: Profile, material: PresentMaterial): E.Either<KMSInternalException, AsymmetricKey> =>
  E.mapLeft(() => exception('KMSInternalException', profile.messages.internalError))(loadAsymmetricKey(material.secret))
