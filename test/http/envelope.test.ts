/**
 * `toEnvelope`: the seed document's `{"success", …}` envelope (not KMS's format), from a typed
 * result or a wire response, and the exception-name → code table.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { ExceptionStatus, createEmulator, exception, toEnvelope as toEnvelopeFromRoot, type ExceptionName } from 'kms-key-import'
import { envelopeCode, toEnvelope } from 'kms-key-import/http'
import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'

/** Every exception the library answers with, and its envelope code. */
const MODEL_CODES: Readonly<Record<ExceptionName, string>> = {
  ValidationException: 'VALIDATION_ERROR', // the seed's own spelling
  SerializationException: 'SERIALIZATION',
  UnknownOperationException: 'UNKNOWN_OPERATION',
  NotFoundException: 'NOT_FOUND',
  InvalidArnException: 'INVALID_ARN',
  UnsupportedOperationException: 'UNSUPPORTED_OPERATION',
  KMSInvalidStateException: 'KMS_INVALID_STATE',
  DisabledException: 'DISABLED',
  InvalidCiphertextException: 'INVALID_CIPHERTEXT',
  IncorrectKeyMaterialException: 'INCORRECT_KEY_MATERIAL',
  ExpiredImportTokenException: 'EXPIRED_IMPORT_TOKEN',
  InvalidImportTokenException: 'INVALID_IMPORT_TOKEN',
  InvalidKeyUsageException: 'INVALID_KEY_USAGE',
  IncorrectKeyException: 'INCORRECT_KEY',
  KMSInvalidSignatureException: 'KMS_INVALID_SIGNATURE',
  KMSInvalidMacException: 'KMS_INVALID_MAC',
  LimitExceededException: 'LIMIT_EXCEEDED',
  InvalidMarkerException: 'INVALID_MARKER',
  AlreadyExistsException: 'ALREADY_EXISTS',
  InvalidSignatureException: 'INVALID_SIGNATURE',
  InvalidAliasNameException: 'INVALID_ALIAS_NAME',
  TagException: 'TAG',
  MalformedPolicyDocumentException: 'MALFORMED_POLICY_DOCUMENT',
  CustomKeyStoreNotFoundException: 'CUSTOM_KEY_STORE_NOT_FOUND',
  DryRunOperationException: 'DRY_RUN_OPERATION',
  KMSInternalException: 'KMS_INTERNAL',
  DependencyTimeoutException: 'DEPENDENCY_TIMEOUT',
}

/** Names only the HTTP layer uses, and the forms AWS error types arrive in. */
const OTHER_CODES: ReadonlyArray<readonly [string, string]> = [
  ['UnsupportedMediaTypeException', 'UNSUPPORTED_MEDIA_TYPE'],
  ['RequestTooLargeException', 'REQUEST_TOO_LARGE'],
  ['RequestTimeoutException', 'REQUEST_TIMEOUT'],
  ['com.amazonaws.kms#NotFoundException', 'NOT_FOUND'],
  ['NotFoundException:http://internal.amazon.com/coral/com.amazonaws.kms/', 'NOT_FOUND'],
  ['Exception', 'EXCEPTION'],
  ['Throttling', 'THROTTLING'],
]

describe('envelopeCode', () => {
  it('has a row for every exception the library answers with', () => {
    expect(Object.keys(MODEL_CODES).sort()).toEqual(Object.keys(ExceptionStatus).sort())
  })

  it.each(Object.entries(MODEL_CODES))('%s → %s', (name, code) => {
    expect(envelopeCode(name)).toBe(code)
  })

  it.each(OTHER_CODES)('%s → %s', (name, code) => {
    expect(envelopeCode(name)).toBe(code)
  })
})

describe('toEnvelope', () => {
  it('is exported from the root entry point too', () => {
    expect(toEnvelopeFromRoot).toBe(toEnvelope)
  })

  it.each(Object.entries(MODEL_CODES))('a Left %s becomes { success: false, error: { code: %s, message } }', (name, code) => {
    const error = exception(name as ExceptionName, `the message of ${name}`)
    expect(toEnvelope(E.left(error))).toEqual({ success: false, error: { code, message: `the message of ${name}` } })
  })

  it('a Right becomes { success: true, data } in the wire form: blobs base64, timestamps epoch seconds', () => {
    const response = { KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k', PublicKey: new Uint8Array([1, 2, 255]), ParametersValidTo: new Date(1_767_312_000_500), Missing: undefined }
    expect(toEnvelope(E.right(response))).toEqual({
      success: true,
      data: { KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k', PublicKey: 'AQL/', ParametersValidTo: 1_767_312_000.5 },
    })
  })

  it('is pure: frozen input, same output every time', () => {
    const input = Object.freeze(E.right(Object.freeze({ A: Object.freeze([1, 2]), B: new Date(0) })))
    const first = toEnvelope(input)
    expect(toEnvelope(input)).toEqual(first)
    expect(input).toEqual(E.right({ A: [1, 2], B: new Date(0) }))
  })

  it('a typed result and the wire response of the same call give the same envelope', async () => {
    const kms = createEmulator({ profile: 'classic', clock: manualClock(Date.parse('2026-01-01T00:00:00Z')), crypto: createDeterministicProvider({ seed: 3 }) })
    const created = await kms.handle({ target: 'TrentService.CreateKey', body: '{"Origin":"EXTERNAL"}' })
    const keyId = (JSON.parse(created.body) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId
    const typed = await kms.invoke('DescribeKey', { KeyId: keyId })
    const wire = await kms.handle({ target: 'TrentService.DescribeKey', body: JSON.stringify({ KeyId: keyId }) })
    expect(toEnvelope(typed)).toEqual(toEnvelope(wire))
    expect(toEnvelope(wire)).toEqual({ success: true, data: JSON.parse(wire.body) })

    const typedError = await kms.invoke('DescribeKey', { KeyId: 'nope' })
    const wireError = await kms.handle({ target: 'TrentService.DescribeKey', body: '{"KeyId":"nope"}' })
    expect(toEnvelope(typedError)).toEqual({ success: false, error: { code: 'NOT_FOUND', message: "Invalid keyId 'nope'" } })
    expect(toEnvelope(wireError)).toEqual(toEnvelope(typedError))
    kms.close()
  })

  it('reads an error wire response from __type and message; a missing message is empty', () => {
    expect(toEnvelope({ status: 400, headers: {}, body: '{"__type":"ValidationException","message":"1 validation error detected: …"}' }))
      .toEqual({ success: false, error: { code: 'VALIDATION_ERROR', message: '1 validation error detected: …' } })
    expect(toEnvelope({ status: 400, headers: {}, body: '{"__type":"InvalidCiphertextException"}' }))
      .toEqual({ success: false, error: { code: 'INVALID_CIPHERTEXT', message: '' } })
    expect(toEnvelope({ status: 400, headers: {}, body: '{"__type":"com.amazonaws.kms#DisabledException","Message":"k is disabled."}' }))
      .toEqual({ success: false, error: { code: 'DISABLED', message: 'k is disabled.' } })
  })

  it('a wire response whose body is not JSON becomes KMS_INTERNAL', () => {
    expect(toEnvelope({ status: 500, headers: {}, body: '<html>' }))
      .toEqual({ success: false, error: { code: 'KMS_INTERNAL', message: 'The response body is not valid JSON.' } })
  })
})
