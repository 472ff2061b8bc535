/**
 * AWS's exception messages as the tests expect them, written out by hand from docs/evidence.md
 * (never taken from src/), so a changed message in the library fails a test. One definition each;
 * every folder imports them from here.
 */

// The key-state table (docs/evidence.md §2.1)

/** `<arn> is pending import.` */
export const pendingImport = (arn: string): string => `${arn} is pending import.`
/** `<arn> is pending deletion.` */
export const pendingDeletion = (arn: string): string => `${arn} is pending deletion.`
/** `<arn> is not pending deletion.` */
export const notPendingDeletion = (arn: string): string => `${arn} is not pending deletion.`
/** `<arn> is disabled.` */
export const disabled = (arn: string): string => `${arn} is disabled.`
/** `<arn> origin is <ORIGIN> which is not valid for this operation.` */
export const wrongOrigin = (arn: string, origin = 'AWS_KMS'): string => `${arn} origin is ${origin} which is not valid for this operation.`
/** `<arn> key usage is <USAGE>, which is not valid for <Operation>.` */
export const keyUsageMismatch = (arn: string, usage: string, operation: string): string => `${arn} key usage is ${usage}, which is not valid for ${operation}.`
/** `Algorithm <A> is incompatible with key spec <SPEC>.` */
export const incompatible = (algorithm: string, keySpec: string): string => `Algorithm ${algorithm} is incompatible with key spec ${keySpec}.`

// Import tokens and wrapped material (docs/evidence.md §3, §4)

export const INVALID_TOKEN = 'Import token is invalid or is associated with a different KMS key.'
export const EXPIRED_TOKEN = 'Import token has expired.'
export const UNWRAP_FAILED = 'The encrypted key material could not be decrypted with the wrapping key and algorithm of the import token.'
export const MATERIAL_MISMATCH = 'The key material does not match the key material previously imported into this KMS key.'
/** IncorrectKeyMaterialException message for symmetric material of the wrong size. */
export const wrongSize = (length: number, keySpec = 'SYMMETRIC_DEFAULT', expected = 32): string =>
  `The key material for key spec ${keySpec} must be ${expected} bytes; it was ${length} bytes.`

// Multi-material import and rotation (docs/evidence.md §8, §9)

/** KMSInvalidStateException of a second NEW import while one is pending (OBS). */
export const pendingRotation = (arn: string, newId: string, pendingId: string): string =>
  `New key material (id: ${newId}) cannot be imported into KMS key ${arn}, because another key material (id: ${pendingId}) is pending rotation.`
/** KMSInvalidStateException of RotateKeyOnDemand with nothing pending (OBS). */
export const noPendingRotation = (arn: string): string => `No available key material pending rotation for the key: ${arn}.`
/** LimitExceededException of the 26th on-demand rotation (OBS). */
export const rotationLimit = (arn: string): string =>
  `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${arn}`
/** UnsupportedOperationException of RotateKeyOnDemand on a key spec that cannot rotate. */
export const rotationUnsupported = (arn: string, keySpec: string): string => `${arn} key spec ${keySpec} does not support on-demand rotation.`
export const alreadyAssociated = (arn: string): string => `The key material is already associated with KMS key ${arn}. To reimport it, use ImportType EXISTING_KEY_MATERIAL.`
export const materialIdMismatch = (id: string): string => `The key material does not match the key material with KeyMaterialId ${id}.`
export const MATERIAL_ID_WITH_NEW = 'KeyMaterialId cannot be specified when ImportType is NEW_KEY_MATERIAL.'
export const SYMMETRIC_ONLY = 'ImportType, KeyMaterialId and KeyMaterialDescription are supported only for symmetric encryption KMS keys.'
export const keyMaterialNotFound = (id: string, arn: string): string => `Key material ${id} does not exist in KMS key ${arn}.`
export const INVALID_MARKER = 'The marker is not valid for this request.'

// AWS's model-format validation (docs/evidence.md §7)

/** A model-format ValidationException message for one member. */
export const validation1 = (value: string, member: string, constraint: string): string =>
  `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must ${constraint}`

// The operations around a key (docs/evidence.md §12)

/** AlreadyExistsException of CreateAlias. */
export const aliasExists = (aliasArn: string): string => `An alias with the name ${aliasArn} already exists`
/** NotFoundException for an alias that does not exist. */
export const aliasNotFound = (aliasArn: string): string => `Alias ${aliasArn} is not found.`
/** ValidationException: an alias name without the `alias/` prefix. */
export const ALIAS_PREFIX = 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html'
/** InvalidAliasNameException: CreateAlias under the reserved prefix. */
export const aliasReserved = (aliasName: string): string => `Alias names that begin with alias/aws/ are reserved for AWS managed keys: ${aliasName}`
/** NotFoundException: a KeyId that is not a key id (an alias where none is accepted). */
export const invalidKeyId = (value: string): string => `Invalid keyId '${value}'`
/** InvalidArnException: a KeyId that starts like an ARN but is no key ARN. */
export const invalidArn = (value: string): string => `Invalid arn '${value}'`
/** TagException: a tag key beginning with `aws:`. */
export const tagReserved = (tagKey: string): string => `Tag keys beginning with aws: are reserved for AWS use: ${tagKey}`
/** TagException: a tag key twice in one request. */
export const tagDuplicate = (tagKey: string): string => `Duplicate tag keys in the request: ${tagKey}`
/** LimitExceededException: more than 50 tags. */
export const TAG_LIMIT = 'A KMS key can have at most 50 tags.'
/** LimitExceededException past 50 aliases on a key (CHOSEN, docs/decisions.md#alias-messages). */
export const ALIAS_LIMIT = 'A KMS key can have at most 50 aliases.'
/** MalformedPolicyDocumentException: not a JSON object. */
export const POLICY_NOT_JSON = 'The key policy is not a valid JSON policy document.'
/** MalformedPolicyDocumentException: no Statement. */
export const POLICY_NO_STATEMENT = 'The key policy must contain a Statement.'
/** NotFoundException: a policy name other than `default`. */
export const policyNameNotFound = (name: string): string => `Policy ${name} does not exist.`
/** ValidationException of GenerateDataKey with both or neither size member. */
export const DATA_KEY_SIZE = 'Please specify either number of bytes or key spec.'
/** DryRunOperationException. */
export const DRY_RUN = 'The request would have succeeded, but the DryRun option is set.'
/** CustomKeyStoreNotFoundException. */
export const customKeyStoreNotFound = (id: string): string => `Custom key store ${id} does not exist. Custom key stores are not served by this emulator.`
/** UnknownOperationException of an operation outside the scope. */
export const notServed = (operation: string, area: string): string =>
  `Operation ${operation} is not served by this emulator: kms-key-import serves key import and the operations around a key, not ${area}.`
/** UnsupportedOperationException of EnableKeyRotation for a key spec that does not rotate automatically. */
export const noAutomaticRotation = (arn: string, keySpec: string): string => `${arn} key spec ${keySpec} does not support automatic key rotation.`
