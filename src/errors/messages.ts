/**
 * The messages KMS answers with, as templates. `{name}` placeholders are filled by
 * {@link renderMessage}. Evidence for each is in RULES.md; CHOSEN ones are listed in
 * `docs/decisions.md`.
 *
 * @module
 */

/**
 * Message templates by case. Profiles reference this table; the generated rules reference prints it.
 * @since 0.1.0
 */
export const Messages = {
  // RULES.md §2.1 (OBS / DOC)
  pendingImport: '{arn} is pending import.',
  pendingDeletion: '{arn} is pending deletion.',
  notPendingDeletion: '{arn} is not pending deletion.',
  disabled: '{arn} is disabled.',
  wrongOrigin: '{arn} origin is {origin} which is not valid for this operation.',
  keyNotFound: "Key '{arn}' does not exist",
  invalidKeyId: "Invalid keyId '{value}'",
  arnOfOtherRegion: 'Invalid arn {region}',
  aliasNotFound: 'Alias {aliasArn} is not found.',
  // CHOSEN
  invalidArn: "Invalid arn '{value}'",
  unsupportedKeySpec: '{arn} key spec {keySpec} is not supported for this operation.',
  // CreateKey (OBS: keyUsageRequired, pendingWindow; CHOSEN: the others)
  keyUsageRequired: 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
  keyUsageIncompatible: 'KeyUsage {keyUsage} is not compatible with KeySpec {keySpec}',
  keySpecNotForOrigin: 'KeySpec {keySpec} is not supported for Origin {origin}',
  keySpecNotInRegion: 'KeySpec {keySpec} is not supported in this region.',
  customKeyStoreUnsupported: 'Origin {origin} is not supported by this emulator: custom key stores are out of scope.',
  pendingWindow: 'PendingWindowInDays must be between 7 and 30',
  keyUnavailable: '{arn} is in key state {state}, which is not valid for this operation.',
  // ImportKeyMaterial (RULES.md §4)
  validToRequired: 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES',
  validToForbidden: 'A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE',
  validToNotFuture: 'A validTo date must be in the future',
  validToTooFar: 'A validTo date must be no more than 365 days in the future',
  invalidImportToken: 'Import token is invalid or is associated with a different KMS key.',
  expiredImportToken: 'Import token has expired.',
  unwrapFailed: 'The encrypted key material could not be decrypted with the wrapping key and algorithm of the import token.',
  materialWrongSize: 'The key material for key spec {keySpec} must be {bytes} bytes; it was {length} bytes.',
  decryptFailed: '',
  incorrectKey: 'The key ID in the request does not identify the KMS key that encrypted the ciphertext.',
  algorithmNotSupported: 'Encryption algorithm {algorithm} is not supported by {arn}.',
  keyUsageMismatch: '{arn} key usage is {keyUsage}, which is not valid for {operation}.',
  materialMismatch: 'The key material does not match the key material previously imported into this KMS key.',
  // Usage operations: GetPublicKey, Sign, Verify, GenerateMac, VerifyMac, asymmetric Encrypt/Decrypt
  // (OBS by a third-party emulator checked against AWS: algorithmIncompatible, digestLength, and the
  // empty messages; CHOSEN: plaintextTooLarge, internalError's use here)
  algorithmIncompatible: 'Algorithm {algorithm} is incompatible with key spec {keySpec}.',
  digestLength: 'Digest is invalid length for algorithm {algorithm}.',
  publicKeyUnsupported: '',
  invalidSignature: '',
  invalidMac: '',
  plaintextTooLarge: 'Plaintext of {length} bytes is too large for {algorithm} with key spec {keySpec}: at most {max} bytes.',
  internalError: 'An internal error occurred.',
  // Multiple key materials (RULES.md §8; OBS: pendingRotation, noPendingRotation, rotationLimit)
  pendingRotation: 'New key material (id: {newId}) cannot be imported into KMS key {arn}, because another key material (id: {pendingId}) is pending rotation.',
  noPendingRotation: 'No available key material pending rotation for the key: {arn}.',
  rotationLimit: 'The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: {arn}',
  materialAlreadyAssociated: 'The key material is already associated with KMS key {arn}. To reimport it, use ImportType EXISTING_KEY_MATERIAL.',
  materialIdMismatch: 'The key material does not match the key material with KeyMaterialId {keyMaterialId}.',
  materialIdWithNew: 'KeyMaterialId cannot be specified when ImportType is NEW_KEY_MATERIAL.',
  multiMaterialSymmetricOnly: 'ImportType, KeyMaterialId and KeyMaterialDescription are supported only for symmetric encryption KMS keys.',
  keyMaterialNotFound: 'Key material {keyMaterialId} does not exist in KMS key {arn}.',
  rotationUnsupported: '{arn} key spec {keySpec} does not support on-demand rotation.',
  invalidMarker: 'The marker is not valid for this request.',
  // Serialization (OBS format of the JSON 1.1 framework; CHOSEN for the ones AWS leaves empty)
  bodyNotJson: 'The request body is not valid JSON.',
  bodyNotObject: 'The request body must be a JSON object.',
  notBase64: "Value at '{member}' is not valid base64.",
  badTimestamp: "Value at '{member}' is not a valid timestamp.",
  unknownOperation: 'Unknown operation: {target}',
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
 * renderMessage(Messages.disabled, { arn: 'arn:aws:kms:us-east-1:111122223333:key/…' })
 * @since 0.1.0
 */
export const renderMessage = (template: string, vars: Readonly<Record<string, string | number>>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole))
