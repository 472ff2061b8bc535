/**
 * Errors are data: a discriminated union whose `_tag` is the AWS exception name, with AWS's
 * message and nothing secret. Expected failures are returned as `Left`s; nothing here is thrown.
 *
 * @module
 */

/**
 * Every exception this library can answer with, and its HTTP status on the wire (RULES.md §7).
 * @since 0.1.0
 */
export const ExceptionStatus = {
  ValidationException: 400,
  SerializationException: 400,
  UnknownOperationException: 400,
  NotFoundException: 400,
  InvalidArnException: 400,
  UnsupportedOperationException: 400,
  KMSInvalidStateException: 400,
  DisabledException: 400,
  InvalidCiphertextException: 400,
  IncorrectKeyMaterialException: 400,
  ExpiredImportTokenException: 400,
  InvalidImportTokenException: 400,
  InvalidKeyUsageException: 400,
  IncorrectKeyException: 400,
  KMSInvalidSignatureException: 400,
  KMSInvalidMacException: 400,
  LimitExceededException: 400,
  InvalidMarkerException: 400,
  KMSInternalException: 500,
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
  readonly _tag: N
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
/** @since 0.1.0 */ export type KMSInternalException = KmsException<'KMSInternalException'>

/** Errors of the request's form, common to every operation. @since 0.1.0 */
export type RequestError = ValidationException | SerializationException

/**
 * Builds an exception value (frozen).
 * @param tag - the AWS exception name
 * @param message - the exact message
 * @returns the exception
 * @example
 * exception('NotFoundException', "Invalid keyId 'nope'")
 * @since 0.1.0
 */
export const exception = <N extends ExceptionName>(tag: N, message: string): KmsException<N> => Object.freeze({ _tag: tag, message })

/**
 * The HTTP status KMS answers an exception with.
 * @param tag - the exception name
 * @returns 400 for client errors, 500 for service errors
 * @since 0.1.0
 */
export const httpStatusOf = (tag: ExceptionName): number => ExceptionStatus[tag]

/**
 * Whether a value is one of this library's exceptions.
 * @param u - anything
 * @returns true for a {@link KmsException}
 * @since 0.1.0
 */
export const isKmsException = (u: unknown): u is KmsException =>
  typeof u === 'object' && u !== null && typeof (u as { _tag?: unknown })._tag === 'string' &&
  Object.hasOwn(ExceptionStatus, (u as { _tag: string })._tag) && typeof (u as { message?: unknown }).message === 'string'
