/**
 * Errors are data: a discriminated union whose `_tag` is the AWS exception name, with AWS's
 * message and nothing secret. Expected failures are returned as `Left`s; nothing here is thrown.
 *
 * @module
 */

/**
 * Every exception this library can answer with, and its HTTP status on the wire (docs/evidence.md §7).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { ExceptionStatus, type ExceptionName } from 'kms-key-import'
 * assert.equal(ExceptionStatus.NotFoundException, 400)
 * const serverSide = (Object.keys(ExceptionStatus) as ExceptionName[]).filter((name) => ExceptionStatus[name] === 500)
 * assert.deepEqual(serverSide, ['KMSInternalException', 'DependencyTimeoutException'])
 * ```
 * @since 0.1.0
 */
export const ExceptionStatus = {
  /** A request member is missing, malformed or out of range, or a request rule refuses it. */
  ValidationException: 400,
  /** The body is not a JSON object, or a member has the wrong JSON type. */
  SerializationException: 400,
  /** The `X-Amz-Target` names no operation this library serves. */
  UnknownOperationException: 400,
  /** No such key (or alias) in this account and region. */
  NotFoundException: 400,
  /** A `KeyId` that starts like an ARN but is not a valid key ARN. */
  InvalidArnException: 400,
  /** The operation does not apply to this key (its origin or key spec). */
  UnsupportedOperationException: 400,
  /** The key's state, or its material's, does not allow the operation. */
  KMSInvalidStateException: 400,
  /** A cryptographic operation on a Disabled key. */
  DisabledException: 400,
  /** A ciphertext, or wrapped key material, that does not decrypt. */
  InvalidCiphertextException: 400,
  /** Imported material that does not fit the key spec, or is not the material the key had. */
  IncorrectKeyMaterialException: 400,
  /** An import token past its `ParametersValidTo`. */
  ExpiredImportTokenException: 400,
  /** An import token that is malformed or was issued for another key. */
  InvalidImportTokenException: 400,
  /** The key's usage or key spec does not support the operation or algorithm. */
  InvalidKeyUsageException: 400,
  /** Decrypt's `KeyId` names another key than the one of the ciphertext. */
  IncorrectKeyException: 400,
  /** Verify: the signature does not verify. */
  KMSInvalidSignatureException: 400,
  /** VerifyMac: the MAC does not match. */
  KMSInvalidMacException: 400,
  /** A limit is reached (the on-demand rotations of a key). */
  LimitExceededException: 400,
  /** ListKeyRotations' `Marker` is not one this service issued. */
  InvalidMarkerException: 400,
  /** CreateAlias: the alias name is taken. */
  AlreadyExistsException: 400,
  /** An alias name that is not valid (CreateAlias, UpdateAlias). */
  InvalidAliasNameException: 400,
  /** A tag that is not valid (its key, its value, or its `aws:` prefix). */
  TagException: 400,
  /** A key policy that is not a JSON policy document. */
  MalformedPolicyDocumentException: 400,
  /** A custom key store id: no custom key store exists here. */
  CustomKeyStoreNotFoundException: 400,
  /** The request would have succeeded, but its `DryRun` member is set. */
  DryRunOperationException: 400,
  /** The SigV4 credential scope names a Region outside the endpoint's partition. @since 0.2.0 */
  InvalidSignatureException: 400,
  /** A failure of the service itself (here: a bug of this library). */
  KMSInternalException: 500,
  /** A dependency of KMS did not answer in time; this library never answers it. */
  DependencyTimeoutException: 500,
} as const

/** The name of an AWS exception. @since 0.1.0 */
export type ExceptionName = keyof typeof ExceptionStatus

/**
 * One AWS exception as data.
 * @typeParam N - the exception name
 * @since 0.1.0
 */
export interface KmsException<N extends ExceptionName = ExceptionName> {
  /** The AWS exception name (`__type` on the wire). */
  readonly _tag: N
  /** AWS's message, exactly (empty where AWS sends none). */
  readonly message: string
}

/** @since 0.1.0 */ export type ValidationException = KmsException<'ValidationException'>
/** @since 0.1.0 */ export type SerializationException = KmsException<'SerializationException'>
/** @since 0.1.0 */ export type UnknownOperationException = KmsException<'UnknownOperationException'>
/** @since 0.1.0 */ export type NotFoundException = KmsException<'NotFoundException'>
/** @since 0.1.0 */ export type InvalidArnException = KmsException<'InvalidArnException'>
/** @since 0.1.0 */ export type UnsupportedOperationException = KmsException<'UnsupportedOperationException'>
/** @since 0.1.0 */ export type KMSInvalidStateException = KmsException<'KMSInvalidStateException'>
/** @since 0.1.0 */ export type DisabledException = KmsException<'DisabledException'>
/** @since 0.1.0 */ export type InvalidCiphertextException = KmsException<'InvalidCiphertextException'>
/** @since 0.1.0 */ export type IncorrectKeyMaterialException = KmsException<'IncorrectKeyMaterialException'>
/** @since 0.1.0 */ export type ExpiredImportTokenException = KmsException<'ExpiredImportTokenException'>
/** @since 0.1.0 */ export type InvalidImportTokenException = KmsException<'InvalidImportTokenException'>
/** @since 0.1.0 */ export type InvalidKeyUsageException = KmsException<'InvalidKeyUsageException'>
/** @since 0.1.0 */ export type IncorrectKeyException = KmsException<'IncorrectKeyException'>
/** @since 0.1.0 */ export type KMSInvalidSignatureException = KmsException<'KMSInvalidSignatureException'>
/** @since 0.1.0 */ export type KMSInvalidMacException = KmsException<'KMSInvalidMacException'>
/** @since 0.1.0 */ export type LimitExceededException = KmsException<'LimitExceededException'>
/** @since 0.1.0 */ export type InvalidMarkerException = KmsException<'InvalidMarkerException'>
/** @since 0.2.0 */ export type InvalidSignatureException = KmsException<'InvalidSignatureException'>
/** @since 0.1.0 */ export type KMSInternalException = KmsException<'KMSInternalException'>
/** @since 0.2.0 */ export type AlreadyExistsException = KmsException<'AlreadyExistsException'>
/** @since 0.2.0 */ export type InvalidAliasNameException = KmsException<'InvalidAliasNameException'>
/** @since 0.2.0 */ export type TagException = KmsException<'TagException'>
/** @since 0.2.0 */ export type MalformedPolicyDocumentException = KmsException<'MalformedPolicyDocumentException'>
/** @since 0.2.0 */ export type CustomKeyStoreNotFoundException = KmsException<'CustomKeyStoreNotFoundException'>
/** @since 0.2.0 */ export type DryRunOperationException = KmsException<'DryRunOperationException'>

/** Errors of the request's form, common to every operation. @since 0.1.0 */
export type RequestError = ValidationException | SerializationException

/**
 * Builds an exception value (frozen).
 * @param tag - the AWS exception name
 * @param message - the exact message
 * @returns the exception
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { exception } from 'kms-key-import'
 * const e = exception('NotFoundException', "Invalid keyId 'nope'")
 * assert.deepEqual(e, { _tag: 'NotFoundException', message: "Invalid keyId 'nope'" })
 * assert.ok(Object.isFrozen(e))
 * ```
 * @since 0.1.0
 */
export const exception = <N extends ExceptionName>(tag: N, message: string): KmsException<N> => Object.freeze({ _tag: tag, message })

/**
 * The HTTP status KMS answers an exception with.
 * @param tag - the exception name
 * @returns 400 for client errors, 500 for service errors
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { httpStatusOf } from 'kms-key-import'
 * assert.equal(httpStatusOf('KMSInvalidStateException'), 400)
 * assert.equal(httpStatusOf('KMSInternalException'), 500)
 * ```
 * @since 0.1.0
 */
export const httpStatusOf = (tag: ExceptionName): number => ExceptionStatus[tag]

/**
 * Whether a value is one of this library's exceptions.
 * @param u - anything
 * @returns true for a {@link KmsException}
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { exception, isKmsException } from 'kms-key-import'
 * assert.ok(isKmsException(exception('DisabledException', 'k is disabled.')))
 * assert.ok(!isKmsException(new Error('boom')))
 * assert.ok(!isKmsException({ _tag: 'NoSuchException', message: '' }))
 * ```
 * @since 0.1.0
 */
export const isKmsException = (u: unknown): u is KmsException =>
  typeof u === 'object' && u !== null && typeof (u as { _tag?: unknown })._tag === 'string' &&
  Object.hasOwn(ExceptionStatus, (u as { _tag: string })._tag) && typeof (u as { message?: unknown }).message === 'string'
