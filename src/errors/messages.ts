/**
 * The messages KMS answers with, as templates. `{name}` placeholders are filled by
 * {@link renderMessage}. Evidence for each is in docs/evidence.md; CHOSEN ones are listed in
 * `docs/decisions.md`.
 *
 * @module
 */

/**
 * Message templates by case. Profiles reference this table; the generated rules reference prints it.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Messages, classicProfile } from 'kms-key-import'
 * assert.equal(Messages.expiredImportToken, 'Import token has expired.')
 * assert.equal(classicProfile.messages, Messages)
 * ```
 * @since 0.1.0
 */
export const Messages = {
  // docs/evidence.md §2.1 (OBS / DOC)
  /** KMSInvalidStateException: the key is PendingImport (or lacks the material the operation needs). */
  pendingImport: '{arn} is pending import.',
  /** KMSInvalidStateException: the key is PendingDeletion. */
  pendingDeletion: '{arn} is pending deletion.',
  /** KMSInvalidStateException: CancelKeyDeletion of a key that is not PendingDeletion. */
  notPendingDeletion: '{arn} is not pending deletion.',
  /** DisabledException: a cryptographic operation on a Disabled key. */
  disabled: '{arn} is disabled.',
  /** UnsupportedOperationException: an import operation on a key whose origin is not `EXTERNAL`. */
  wrongOrigin: '{arn} origin is {origin} which is not valid for this operation.',
  /** NotFoundException: no key with this id in this account and region. */
  keyNotFound: "Key '{arn}' does not exist",
  /** NotFoundException: a `KeyId` that is neither a key id, a key ARN nor an alias. */
  invalidKeyId: "Invalid keyId '{value}'",
  /** NotFoundException: a key ARN of another region. */
  arnOfOtherRegion: 'Invalid arn {region}',
  /** NotFoundException: an alias (aliases are not modelled, so none exists). */
  aliasNotFound: 'Alias {aliasArn} is not found.',
  // CHOSEN
  /** InvalidArnException: a malformed key ARN. */
  invalidArn: "Invalid arn '{value}'",
  /** NotFoundException: a malformed key ARN, in operations whose AWS error list has no InvalidArnException (OBS). */
  invalidArnNotFound: 'Invalid arn',
  /** UnsupportedOperationException: GetParametersForImport for a key spec the profile does not import. */
  unsupportedKeySpec: '{arn} key spec {keySpec} is not supported for this operation.',
  // CreateKey (OBS: keyUsageRequired, pendingWindow; CHOSEN: the others)
  /** ValidationException: CreateKey of a key spec other than SYMMETRIC_DEFAULT without `KeyUsage`. */
  keyUsageRequired: 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
  /** ValidationException: CreateKey with a key usage the key spec does not allow. */
  keyUsageIncompatible: 'KeyUsage {keyUsage} is not compatible with KeySpec {keySpec}',
  /** ValidationException: CreateKey of an `EXTERNAL` key with a key spec the profile does not import. */
  keySpecNotForOrigin: 'KeySpec {keySpec} is not supported for Origin {origin}',
  /** ValidationException: CreateKey with a key spec that does not exist in the region's partition. */
  keySpecNotInRegion: 'KeySpec {keySpec} is not supported in this region.',
  /** UnsupportedOperationException: CreateKey with a custom key store origin. */
  customKeyStoreUnsupported: 'Origin {origin} is not supported by this emulator: custom key stores are out of scope.',
  /** ValidationException: `PendingWindowInDays` outside the limits. */
  pendingWindow: 'PendingWindowInDays must be between 7 and 30',
  // Multi-Region keys (docs/evidence.md §11; CHOSEN in the key-state style)
  /** KMSInvalidStateException: a replica that is still `Creating`. */
  creating: '{arn} is creating.',
  /** KMSInvalidStateException: a key whose primary Region is `Updating`. */
  updating: '{arn} is updating.',
  /** KMSInvalidStateException: a primary key waiting for its replicas to be deleted. */
  pendingReplicaDeletion: '{arn} is pending replica deletion.',
  /** UnsupportedOperationException: a multi-Region operation on a single-Region key. */
  notMultiRegion: '{arn} is not a multi-Region key.',
  /** UnsupportedOperationException: ReplicateKey or UpdatePrimaryRegion of a replica key. */
  notPrimary: '{arn} is not a multi-Region primary key.',
  /** AlreadyExistsException: ReplicateKey into a Region that holds a related key. */
  replicaExists: 'A multi-Region key with key ID {keyId} already exists in Region {region}.',
  /** ValidationException: ReplicateKey into a Region of another partition. */
  otherPartition: 'The Region {region} is not in the partition {partition} of the primary key.',
  /** NotFoundException: UpdatePrimaryRegion to a Region with no replica. */
  noReplicaInRegion: 'There is no replica of {arn} in Region {region}.',
  /** UnsupportedOperationException: ImportKeyMaterial of new key material into a replica key. */
  newMaterialIntoReplica: 'New key material cannot be imported into the replica key {arn}: import it into the primary key first, then into each replica with ImportType EXISTING_KEY_MATERIAL.',
  /** UnsupportedOperationException: RotateKeyOnDemand of a replica key. */
  rotateReplica: 'On-demand rotation of multi-Region key {arn} must be performed on its primary key.',
  /** UnsupportedOperationException: EnableKeyRotation or DisableKeyRotation of a replica key. */
  automaticRotationOnReplica: 'Automatic rotation of multi-Region key {arn} must be set on its primary key.',
  /** KMSInvalidStateException: RotateKeyOnDemand of a primary whose replica lacks the new material. */
  replicaLacksMaterial: 'Key material {keyMaterialId} must be imported into every replica of {arn} before on-demand rotation; the replica in {region} does not have it.',
  /** KMSInvalidStateException: a key in a state no operation of this library produces. */
  keyUnavailable: '{arn} is in key state {state}, which is not valid for this operation.',
  // ImportKeyMaterial (docs/evidence.md §4)
  /** ValidationException: `KEY_MATERIAL_EXPIRES` without `ValidTo`. */
  validToRequired: 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES',
  /** ValidationException: `KEY_MATERIAL_DOES_NOT_EXPIRE` with a `ValidTo`. */
  validToForbidden: 'A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE',
  /** ValidationException: a `ValidTo` not after the request. */
  validToNotFuture: 'A validTo date must be in the future',
  /** ValidationException: a `ValidTo` beyond the limit. */
  validToTooFar: 'A validTo date must be no more than 365 days in the future',
  /** InvalidImportTokenException: a token that is malformed or issued for another key. */
  invalidImportToken: 'Import token is invalid or is associated with a different KMS key.',
  /** ExpiredImportTokenException: a token past its `ParametersValidTo`. */
  expiredImportToken: 'Import token has expired.',
  /** InvalidCiphertextException: `EncryptedKeyMaterial` that does not decrypt under the token. */
  unwrapFailed: 'The encrypted key material could not be decrypted with the wrapping key and algorithm of the import token.',
  /** IncorrectKeyMaterialException: symmetric or HMAC material of the wrong length. */
  materialWrongSize: 'The key material for key spec {keySpec} must be {bytes} bytes; it was {length} bytes.',
  /** InvalidCiphertextException of Decrypt: AWS sends no message. */
  decryptFailed: '',
  /** IncorrectKeyException: Decrypt's `KeyId` is not the ciphertext's key. */
  incorrectKey: 'The key ID in the request does not identify the KMS key that encrypted the ciphertext.',
  /** InvalidKeyUsageException: a symmetric key asked for another encryption algorithm. */
  algorithmNotSupported: 'Encryption algorithm {algorithm} is not supported by {arn}.',
  /** InvalidKeyUsageException: the key's usage is not the operation's. */
  keyUsageMismatch: '{arn} key usage is {keyUsage}, which is not valid for {operation}.',
  /** IncorrectKeyMaterialException: a reimport of other material than the key had. */
  materialMismatch: 'The key material does not match the key material previously imported into this KMS key.',
  // Usage operations: GetPublicKey, Sign, Verify, GenerateMac, VerifyMac, asymmetric Encrypt/Decrypt
  // (OBS by a third-party emulator checked against AWS: algorithmIncompatible, digestLength, and the
  // empty messages; CHOSEN: plaintextTooLarge, internalError's use here)
  /** InvalidKeyUsageException: an algorithm the key spec does not support. */
  algorithmIncompatible: 'Algorithm {algorithm} is incompatible with key spec {keySpec}.',
  /** ValidationException: a `DIGEST` message whose length is not the algorithm's digest length. */
  digestLength: 'Digest is invalid length for algorithm {algorithm}.',
  /** UnsupportedOperationException of GetPublicKey for a symmetric or HMAC key: AWS sends no message. */
  publicKeyUnsupported: '',
  /** KMSInvalidSignatureException: AWS sends no message. */
  invalidSignature: '',
  /** KMSInvalidMacException: AWS sends no message. */
  invalidMac: '',
  /** ValidationException: RSA Encrypt of more than the OAEP capacity. */
  plaintextTooLarge: 'Plaintext of {length} bytes is too large for {algorithm} with key spec {keySpec}: at most {max} bytes.',
  /** KMSInternalException: a failure of this library. */
  internalError: 'An internal error occurred.',
  // Multiple key materials (docs/evidence.md §8; OBS: pendingRotation, noPendingRotation, rotationLimit)
  /** KMSInvalidStateException: `NEW_KEY_MATERIAL` while another material is pending rotation. */
  pendingRotation: 'New key material (id: {newId}) cannot be imported into KMS key {arn}, because another key material (id: {pendingId}) is pending rotation.',
  /** KMSInvalidStateException: RotateKeyOnDemand of an imported key with no material pending rotation. */
  noPendingRotation: 'No available key material pending rotation for the key: {arn}.',
  /** LimitExceededException: the on-demand rotations of the key are used up. */
  rotationLimit: 'The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: {arn}',
  /** IncorrectKeyMaterialException: `NEW_KEY_MATERIAL` that the key already has. */
  materialAlreadyAssociated: 'The key material is already associated with KMS key {arn}. To reimport it, use ImportType EXISTING_KEY_MATERIAL.',
  /** IncorrectKeyMaterialException: material that is not the one `KeyMaterialId` names. */
  materialIdMismatch: 'The key material does not match the key material with KeyMaterialId {keyMaterialId}.',
  /** ValidationException: `KeyMaterialId` with `NEW_KEY_MATERIAL`. */
  materialIdWithNew: 'KeyMaterialId cannot be specified when ImportType is NEW_KEY_MATERIAL.',
  /** ValidationException: the multiple-material members for a key that is not symmetric. */
  multiMaterialSymmetricOnly: 'ImportType, KeyMaterialId and KeyMaterialDescription are supported only for symmetric encryption KMS keys.',
  /** NotFoundException: a `KeyMaterialId` the key does not have. */
  keyMaterialNotFound: 'Key material {keyMaterialId} does not exist in KMS key {arn}.',
  /** UnsupportedOperationException: RotateKeyOnDemand of a key spec that does not rotate. */
  rotationUnsupported: '{arn} key spec {keySpec} does not support on-demand rotation.',
  /** InvalidMarkerException: a `Marker` that ListKeyRotations did not issue. */
  invalidMarker: 'The marker is not valid for this request.',
  // The rest of KMS around a key (docs/evidence.md §12; OBS: aliasExists, aliasPrefix, dryRun,
  // dataKeySizeChoice; the other messages CHOSEN)
  /** AlreadyExistsException: CreateAlias of a name that is taken. */
  aliasExists: 'An alias with the name {aliasArn} already exists',
  /** ValidationException: an alias name without the `alias/` prefix. */
  aliasPrefix: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
  /** InvalidAliasNameException: CreateAlias of a name under the reserved `alias/aws/` prefix. */
  aliasReserved: 'Alias names that begin with alias/aws/ are reserved for AWS managed keys: {aliasName}',
  /** InvalidAliasNameException: `alias/` with nothing after it. */
  aliasEmpty: 'Alias name must not be empty after the prefix "alias/": {aliasName}',
  /** ValidationException: UpdateAlias to a key of another key spec or key usage than the alias's key. */
  aliasTargetMismatch: 'UpdateAlias cannot move {aliasName} from a key of key spec {fromSpec} and key usage {fromUsage} to a key of key spec {toSpec} and key usage {toUsage}.',
  /** LimitExceededException: CreateAlias or UpdateAlias past the 50 aliases of a key. */
  aliasLimit: 'A KMS key can have at most {max} aliases.',
  /** TagException: a tag key beginning with `aws:`. */
  tagReservedPrefix: 'Tag keys beginning with aws: are reserved for AWS use: {tagKey}',
  /** TagException: the same tag key twice in one request. */
  tagDuplicateKey: 'Duplicate tag keys in the request: {tagKey}',
  /** LimitExceededException: more than 50 tags on a key. */
  tagLimit: 'A KMS key can have at most {max} tags.',
  /** MalformedPolicyDocumentException: a policy that is not a JSON object. */
  policyNotJson: 'The key policy is not a valid JSON policy document.',
  /** MalformedPolicyDocumentException: a policy without a `Statement`. */
  policyNoStatement: 'The key policy must contain a Statement.',
  /** NotFoundException: GetKeyPolicy/PutKeyPolicy of a policy name other than `default`. */
  policyNameNotFound: 'Policy {policyName} does not exist.',
  /** CustomKeyStoreNotFoundException: a `CustomKeyStoreId` (no custom key store exists here). */
  customKeyStoreNotFound: 'Custom key store {customKeyStoreId} does not exist. Custom key stores are not served by this emulator.',
  /** DryRunOperationException: a request with `DryRun: true` that would have succeeded. */
  dryRun: 'The request would have succeeded, but the DryRun option is set.',
  /** ValidationException: a Recipient (Nitro Enclaves attestation document). */
  recipientUnsupported: 'Recipient (an AWS Nitro Enclaves attestation document) is not supported by this emulator.',
  /** ValidationException: GenerateDataKey with both or neither of KeySpec and NumberOfBytes. */
  dataKeySizeChoice: 'Please specify either number of bytes or key spec.',
  /** ValidationException: GenerateRandom without NumberOfBytes. */
  randomSizeRequired: 'NumberOfBytes must be specified.',
  /** UnsupportedOperationException: EnableKeyRotation/DisableKeyRotation of a key that does not rotate automatically. */
  automaticRotationUnsupported: '{arn} key spec {keySpec} does not support automatic key rotation.',
  /** UnsupportedOperationException: GenerateDataKeyPair with a symmetric key that is not an encryption key, or a pair spec of another partition. */
  keyPairSpecUnsupported: 'KeyPairSpec {keyPairSpec} is not supported in this region.',
  /** UnknownOperationException: an operation of AWS's model that this library does not serve. */
  notServed: 'Operation {operation} is not served by this emulator: kms-key-import serves key import and the operations around a key, not {area}.',
  // Serialization (OBS format of the JSON 1.1 framework; CHOSEN for the ones AWS leaves empty)
  /** SerializationException: the body is not JSON (or not UTF-8). */
  bodyNotJson: 'The request body is not valid JSON.',
  /** SerializationException: the body is JSON but not an object. */
  bodyNotObject: 'The request body must be a JSON object.',
  /** SerializationException: a blob member that is not base64. */
  notBase64: "Value at '{member}' is not valid base64.",
  /** SerializationException: a timestamp member that is not a number of epoch seconds. */
  badTimestamp: "Value at '{member}' is not a valid timestamp.",
  /** UnknownOperationException: an `X-Amz-Target` naming no served operation. */
  unknownOperation: 'Unknown operation: {target}',
  /** InvalidSignatureException: a request signed for a Region outside the endpoint's partition (AWS's text). */
  regionOutOfScope: 'Credential should be scoped to a valid region.',
  /** UnknownOperationException: no `X-Amz-Target` header. */
  missingTarget: 'The request names no operation: the X-Amz-Target header is missing.',
} as const

/** A key of {@link Messages}. @since 0.1.0 */
export type MessageId = keyof typeof Messages

/**
 * Fills a template's `{name}` placeholders. Unknown placeholders stay as written.
 * @param template - a template from {@link Messages} (or any string)
 * @param vars - values by placeholder name
 * @returns the message
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Messages, renderMessage } from 'kms-key-import'
 * const arn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
 * assert.equal(renderMessage(Messages.disabled, { arn }), `${arn} is disabled.`)
 * assert.equal(renderMessage('{a} and {b}', { a: 1 }), '1 and {b}') // unknown placeholders stay
 * ```
 * @since 0.1.0
 */
export const renderMessage = (template: string, vars: Readonly<Record<string, string | number>>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole))
