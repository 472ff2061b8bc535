/**
 * The errors AWS lists for each operation `handle` serves, as data: what a fuzzed request may be
 * answered with.
 *
 * Source: the KMS API reference's "Errors" section of each operation, as carried by the service
 * model (`kms/2014-11-01`, the Smithy/botocore model every AWS SDK is generated from). The official
 * SDK shipped as a dev dependency (`@aws-sdk/client-kms`) prints the same lists as `@throws` in
 * each command's declaration; `error-lists.test.ts` checks this table against it, so a typo here
 * cannot pass unnoticed.
 *
 * On top of an operation's own list, every operation may answer the protocol-level errors of AWS
 * JSON 1.1: `ValidationException` (a model constraint: length, enum, pattern, required member) and
 * `SerializationException` (a body that is not JSON, or a member of the wrong JSON type). An
 * unknown `X-Amz-Target` is `UnknownOperationException`. The 500s (`KMSInternalException`,
 * `DependencyTimeoutException`) are in the lists, but are never acceptable for client input: they
 * say the service failed, not the request.
 */
import type { OperationName } from 'kms-key-import'

/** Per-operation AWS error lists (service model), in the reference's alphabetical order. */
export const AWS_ERRORS = {
  CreateKey: [
    'CloudHsmClusterInvalidConfigurationException', 'CustomKeyStoreInvalidStateException', 'CustomKeyStoreNotFoundException',
    'DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'LimitExceededException',
    'MalformedPolicyDocumentException', 'TagException', 'UnsupportedOperationException', 'XksKeyAlreadyInUseException',
    'XksKeyInvalidConfigurationException', 'XksKeyNotFoundException',
  ],
  DescribeKey: ['DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'NotFoundException'],
  EnableKey: ['DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'LimitExceededException', 'NotFoundException'],
  DisableKey: ['DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException'],
  ScheduleKeyDeletion: ['DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException'],
  CancelKeyDeletion: ['DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException'],
  GetParametersForImport: [
    'DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException',
    'UnsupportedOperationException',
  ],
  ImportKeyMaterial: [
    'DependencyTimeoutException', 'ExpiredImportTokenException', 'IncorrectKeyMaterialException', 'InvalidArnException',
    'InvalidCiphertextException', 'InvalidImportTokenException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException',
    'UnsupportedOperationException',
  ],
  DeleteImportedKeyMaterial: [
    'DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException',
    'UnsupportedOperationException',
  ],
  Encrypt: [
    'DependencyTimeoutException', 'DisabledException', 'DryRunOperationException', 'InvalidGrantTokenException', 'InvalidKeyUsageException',
    'KeyUnavailableException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException',
  ],
  Decrypt: [
    'DependencyTimeoutException', 'DisabledException', 'DryRunOperationException', 'IncorrectKeyException', 'InvalidCiphertextException',
    'InvalidGrantTokenException', 'InvalidKeyUsageException', 'KeyUnavailableException', 'KMSInternalException', 'KMSInvalidStateException',
    'NotFoundException',
  ],
  GetPublicKey: [
    'DependencyTimeoutException', 'DisabledException', 'InvalidArnException', 'InvalidGrantTokenException', 'InvalidKeyUsageException',
    'KeyUnavailableException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException', 'UnsupportedOperationException',
  ],
  Sign: [
    'DependencyTimeoutException', 'DisabledException', 'DryRunOperationException', 'InvalidGrantTokenException', 'InvalidKeyUsageException',
    'KeyUnavailableException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException',
  ],
  Verify: [
    'DependencyTimeoutException', 'DisabledException', 'DryRunOperationException', 'InvalidGrantTokenException', 'InvalidKeyUsageException',
    'KeyUnavailableException', 'KMSInternalException', 'KMSInvalidSignatureException', 'KMSInvalidStateException', 'NotFoundException',
  ],
  GenerateMac: [
    'DisabledException', 'DryRunOperationException', 'InvalidGrantTokenException', 'InvalidKeyUsageException', 'KeyUnavailableException',
    'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException',
  ],
  VerifyMac: [
    'DisabledException', 'DryRunOperationException', 'InvalidGrantTokenException', 'InvalidKeyUsageException', 'KeyUnavailableException',
    'KMSInternalException', 'KMSInvalidMacException', 'KMSInvalidStateException', 'NotFoundException',
  ],
  RotateKeyOnDemand: [
    'ConflictException', 'DependencyTimeoutException', 'DisabledException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException',
    'LimitExceededException', 'NotFoundException', 'UnsupportedOperationException',
  ],
  ListKeyRotations: [
    'InvalidArnException', 'InvalidMarkerException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException', 'UnsupportedOperationException',
  ],
  ReplicateKey: [
    'AlreadyExistsException', 'DisabledException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'LimitExceededException',
    'MalformedPolicyDocumentException', 'NotFoundException', 'TagException', 'UnsupportedOperationException',
  ],
  UpdatePrimaryRegion: [
    'DisabledException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException', 'UnsupportedOperationException',
  ],
  ListKeys: ['DependencyTimeoutException', 'InvalidMarkerException', 'KMSInternalException'],
  UpdateKeyDescription: ['DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException'],
  CreateAlias: [
    'AlreadyExistsException', 'DependencyTimeoutException', 'InvalidAliasNameException', 'KMSInternalException', 'KMSInvalidStateException',
    'LimitExceededException', 'NotFoundException',
  ],
  UpdateAlias: ['DependencyTimeoutException', 'KMSInternalException', 'KMSInvalidStateException', 'LimitExceededException', 'NotFoundException'],
  DeleteAlias: ['DependencyTimeoutException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException'],
  ListAliases: ['DependencyTimeoutException', 'InvalidArnException', 'InvalidMarkerException', 'KMSInternalException', 'NotFoundException'],
  TagResource: [
    'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'LimitExceededException', 'NotFoundException',
    'TagException',
  ],
  UntagResource: ['InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException', 'TagException'],
  ListResourceTags: ['InvalidArnException', 'InvalidMarkerException', 'KMSInternalException', 'NotFoundException'],
  GetKeyPolicy: ['DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException'],
  PutKeyPolicy: [
    'DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'LimitExceededException',
    'MalformedPolicyDocumentException', 'NotFoundException', 'UnsupportedOperationException',
  ],
  ListKeyPolicies: ['DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException'],
  GenerateDataKey: [
    'DependencyTimeoutException', 'DisabledException', 'DryRunOperationException', 'InvalidGrantTokenException', 'InvalidKeyUsageException',
    'KeyUnavailableException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException',
  ],
  GenerateDataKeyWithoutPlaintext: [
    'DependencyTimeoutException', 'DisabledException', 'DryRunOperationException', 'InvalidGrantTokenException', 'InvalidKeyUsageException',
    'KeyUnavailableException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException',
  ],
  GenerateDataKeyPair: [
    'DependencyTimeoutException', 'DisabledException', 'DryRunOperationException', 'InvalidGrantTokenException', 'InvalidKeyUsageException',
    'KeyUnavailableException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException', 'UnsupportedOperationException',
  ],
  GenerateDataKeyPairWithoutPlaintext: [
    'DependencyTimeoutException', 'DisabledException', 'DryRunOperationException', 'InvalidGrantTokenException', 'InvalidKeyUsageException',
    'KeyUnavailableException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException', 'UnsupportedOperationException',
  ],
  ReEncrypt: [
    'DependencyTimeoutException', 'DisabledException', 'DryRunOperationException', 'IncorrectKeyException', 'InvalidCiphertextException',
    'InvalidGrantTokenException', 'InvalidKeyUsageException', 'KeyUnavailableException', 'KMSInternalException', 'KMSInvalidStateException',
    'NotFoundException',
  ],
  GenerateRandom: [
    'CustomKeyStoreInvalidStateException', 'CustomKeyStoreNotFoundException', 'DependencyTimeoutException', 'KMSInternalException',
    'UnsupportedOperationException',
  ],
  EnableKeyRotation: [
    'DependencyTimeoutException', 'DisabledException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException',
    'NotFoundException', 'UnsupportedOperationException',
  ],
  DisableKeyRotation: [
    'DependencyTimeoutException', 'DisabledException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException',
    'NotFoundException', 'UnsupportedOperationException',
  ],
  GetKeyRotationStatus: [
    'DependencyTimeoutException', 'InvalidArnException', 'KMSInternalException', 'KMSInvalidStateException', 'NotFoundException',
    'UnsupportedOperationException',
  ],
} as const satisfies Readonly<Record<OperationName, readonly string[]>>

/** Errors of the AWS JSON 1.1 protocol that any operation may answer for a malformed request. */
export const PROTOCOL_ERRORS = ['ValidationException', 'SerializationException'] as const

/** The answer to a target the service does not serve. */
export const UNKNOWN_OPERATION = 'UnknownOperationException'

/** Service failures (HTTP 500): in the lists, never acceptable as the answer to client input. */
export const SERVICE_FAILURES = ['KMSInternalException', 'DependencyTimeoutException'] as const

/**
 * Deviations of the emulator from an operation's AWS error list that are known and reported, not
 * yet fixed in `src/`. Each entry names the operation, the extra exception, and where it comes
 * from; the fuzz suite tolerates exactly these and nothing else, so a new deviation fails, and
 * once `src/` is fixed the entry must be removed (`error-lists.test.ts` fails while an entry is
 * no longer needed). Keep this list empty whenever possible.
 */
export const KNOWN_DEVIATIONS: Readonly<Partial<Record<OperationName, readonly { readonly exception: string; readonly why: string }[]>>> = {}

/**
 * Whether `exception` is an acceptable answer of `operation` to client input: in the operation's
 * AWS list or a protocol error, and not a service failure.
 * @param operation - the operation
 * @param exception - the `__type` answered
 * @param tolerateKnown - also accept {@link KNOWN_DEVIATIONS} (default true)
 * @returns true when allowed
 */
export const isAllowedError = (operation: OperationName, exception: string, tolerateKnown = true): boolean => {
  if ((SERVICE_FAILURES as readonly string[]).includes(exception)) return false
  if ((PROTOCOL_ERRORS as readonly string[]).includes(exception)) return true
  if ((AWS_ERRORS[operation] as readonly string[]).includes(exception)) return true
  return tolerateKnown && (KNOWN_DEVIATIONS[operation] ?? []).some((d) => d.exception === exception)
}
