/**
 * The behaviours the library chose where AWS publishes nothing (docs/evidence.md marks them CHOSEN), as
 * data: the generated `docs/decisions.md` and the rules reference list them with their reasons.
 *
 * @module
 */

/** One decision. @since 0.1.0 */
export interface Decision {
  /** Stable id, used in docs anchors. */
  readonly id: string
  /** Where it applies. */
  readonly area: 'identifiers' | 'GetParametersForImport' | 'ImportKeyMaterial' | 'DeleteImportedKeyMaterial' | 'expiry' | 'usage' | 'CreateKey' | 'protocol' | 'multiple materials'
    | 'around a key' | 'multi-Region keys'
  /** What AWS leaves open. */
  readonly question: string
  /** What the library does. */
  readonly choice: string
  /** Why. */
  readonly reason: string
}

/** Every CHOSEN behaviour, by area. @since 0.1.0 */
export const decisions: readonly Decision[] = [
  {
    id: 'cross-account-arn', area: 'identifiers', question: 'A key ARN of another account (cross-account use is "No").',
    choice: "NotFoundException `Key '<that arn>' does not exist`, as for any key this account does not hold.",
    reason: 'The account cannot see the key; the answer must not reveal whether it exists elsewhere.',
  },
  {
    id: 'malformed-arn', area: 'identifiers', question: 'A KeyId that starts with `arn:` but is not a well-formed KMS key ARN (or names a partition that does not match its region).',
    choice: "InvalidArnException `Invalid arn '<value>'` where the operation's AWS error list has it (the import and key-state operations, DescribeKey, GetPublicKey); NotFoundException `Invalid arn` in Encrypt, Decrypt, Sign, Verify, GenerateMac and VerifyMac, whose lists do not (AWS answers Encrypt so, OBS).",
    reason: 'Answer only exceptions the operation can answer on AWS, and say what is wrong.',
  },
  {
    id: 'aliases', area: 'identifiers', question: 'What an operation that takes no alias answers for one (the import and key-management operations, DOC).',
    choice: "An alias name is a malformed key id: NotFoundException `Invalid keyId 'alias/…'`; an alias ARN a malformed key ARN (InvalidArnException, or NotFoundException `Invalid arn` where the operation's list has no InvalidArnException). Where aliases are taken, a missing one is NotFoundException `Alias <alias arn> is not found.` (OBS).",
    reason: 'The operation does not look aliases up at all, so it says what is wrong with the id it was given.',
  },
  {
    id: 'unsupported-key-spec', area: 'GetParametersForImport', question: 'The message for a key whose spec the profile cannot import.',
    choice: 'UnsupportedOperationException `<arn> key spec <SPEC> is not supported for this operation.`', reason: 'Mirrors the observed origin message.',
  },
  {
    id: 'wrapping-rules-at-parameters', area: 'GetParametersForImport', question: 'Where the wrapping compatibility rules are enforced (DOC states the rules, not the place).',
    choice: 'At GetParametersForImport, with ValidationException and a message naming the rule, for every combination that can never work.',
    reason: 'A client must not be handed parameters it cannot use; the rule list is profile data.',
  },
  {
    id: 'earlier-parameters-stay-valid', area: 'GetParametersForImport', question: 'Whether a new parameter set revokes earlier ones.',
    choice: 'No: every unexpired token stays usable until its ParametersValidTo.', reason: 'Nothing in AWS\'s documentation says a new set revokes old ones.',
  },
  {
    id: 'import-pending-deletion', area: 'ImportKeyMaterial', question: 'ImportKeyMaterial on a key pending deletion.',
    choice: 'KMSInvalidStateException `<arn> is pending deletion.`', reason: 'The 2023 key-state table.',
  },
  {
    id: 'import-check-order', area: 'ImportKeyMaterial', question: 'The order of ImportKeyMaterial\'s checks.',
    choice: 'Validation (with the ExpirationModel/ValidTo rules), key, origin, state, token (invalid before expired), unwrapping, material, same-material rule, then the change.',
    reason: 'Cheap, request-only checks first; the token is opened only for a key that could accept it. A failure changes nothing and the token stays usable (OBS).',
  },
  {
    id: 'valid-to-messages', area: 'ImportKeyMaterial', question: 'Messages for ValidTo with KEY_MATERIAL_DOES_NOT_EXPIRE, in the past, or more than 365 days ahead.',
    choice: 'ValidationException `A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE`, `A validTo date must be in the future`, `A validTo date must be no more than 365 days in the future`. ValidTo is accepted in (now, now + 365 days].',
    reason: 'The same style as AWS\'s observed `A validTo date must be set …` message.',
  },
  {
    id: 'token-messages', area: 'ImportKeyMaterial', question: 'Messages of InvalidImportTokenException and ExpiredImportTokenException (DOC names the exceptions only).',
    choice: '`Import token is invalid or is associated with a different KMS key.` and `Import token has expired.`; a token is expired from the instant ParametersValidTo is reached.',
    reason: 'Say what is wrong without saying which part of the token failed.',
  },
  {
    id: 'unwrap-message', area: 'ImportKeyMaterial', question: 'The message of InvalidCiphertextException when EncryptedKeyMaterial does not unwrap.',
    choice: '`The encrypted key material could not be decrypted with the wrapping key and algorithm of the import token.`', reason: 'One message for every cause (wrong key, algorithm, hash, corruption, length): no padding oracle.',
  },
  {
    id: 'material-messages', area: 'ImportKeyMaterial', question: 'Messages of IncorrectKeyMaterialException (DOC: "does not meet expectations").',
    choice: 'A sentence naming what is wrong (size, curve, modulus, format, primes, mismatch) and never the material\'s bytes: for symmetric and HMAC material of the wrong length `The key material for key spec <SPEC> must be <N> bytes; it was <M> bytes.`; for other material than the key already had `The key material does not match the key material previously imported into this KMS key.`', reason: 'Useful to the client, safe to log.',
  },
  {
    id: 'reimport-disabled', area: 'ImportKeyMaterial', question: 'The state after reimporting into a Disabled key.',
    choice: 'It stays Disabled; from PendingImport the key becomes Enabled.', reason: 'Importing material is not enabling a key the owner disabled.',
  },
  {
    id: 'rsa-aes-any-material', area: 'ImportKeyMaterial', question: 'RSA_AES_KEY_WRAP_* for symmetric and HMAC material (DOC\'s table lists RSA and ECC only).',
    choice: 'Accepted.', reason: 'The construction works for any material, and AWS\'s own examples wrap AES and HMAC material that way.',
  },
  {
    id: 'canonical-asymmetric-material', area: 'ImportKeyMaterial', question: 'Whether the same private key in another encoding (BER, optional fields) is "the same material".',
    choice: 'Yes: asymmetric material is stored as canonical PKCS#8 DER (re-encoded by node:crypto), so the same key always has the same KeyMaterialId.',
    reason: 'The same-material rule is about the key, not its bytes on the wire.',
  },
  {
    id: 'delete-without-material', area: 'DeleteImportedKeyMaterial', question: 'Deleting when the key holds no material.',
    choice: 'Succeeds and changes nothing but the state rule (PendingImport unless PendingDeletion).', reason: 'The key-state table allows it in PendingImport.',
  },
  {
    id: 'expiry-instant', area: 'expiry', question: 'The instant material expires.',
    choice: 'At ValidTo exactly (`now >= ValidTo`), as a pure function of (store, now); the DeleteExpiredKeyMaterial event carries ValidTo as its time.',
    reason: 'No timers: tests move the clock instead of waiting.',
  },
  {
    id: 'other-states', area: 'usage', question: 'Operations on keys in Unavailable (a state of custom key stores, which are not served: no operation here produces it).',
    choice: 'KMSInvalidStateException `<arn> is in key state <State>, which is not valid for this operation.`; DescribeKey answers.', reason: 'The states exist in the table as data.',
  },
  {
    id: 'usage-messages', area: 'usage', question: 'InvalidKeyUsageException and IncorrectKeyException messages.',
    choice: '`<arn> key usage is <USAGE>, which is not valid for <Operation>.`, `Encryption algorithm <ALG> is not supported by <arn>.`, `The key ID in the request does not identify the KMS key that encrypted the ciphertext.`',
    reason: 'Name the key and the mismatch.',
  },
  {
    id: 'ciphertext-format', area: 'usage', question: 'The symmetric ciphertext blob (opaque at AWS).',
    choice: 'AES-256-GCM; the blob names the key id and the KeyMaterialId; the encryption context is authenticated, not stored. Decrypt\'s InvalidCiphertextException has no message, as AWS\'s (OBS).',
    reason: 'Decrypt needs no KeyId and picks the right material after a rotation.',
  },
  {
    id: 'usage-operations', area: 'usage', question: 'The answers of the usage operations (GetPublicKey, Sign, Verify, GenerateMac, VerifyMac, RSA Encrypt/Decrypt) where AWS publishes no text.',
    choice: 'GetPublicKey on a key without material: `<arn> is pending import.`; on a symmetric or HMAC key: UnsupportedOperationException with no message (as a recorded AWS answer). An algorithm the key spec does not support: InvalidKeyUsageException `Algorithm <ALG> is incompatible with key spec <SPEC>.` (also for RSA Encrypt without EncryptionAlgorithm). A DIGEST of the wrong length: ValidationException `Digest is invalid length for algorithm <ALG>.` A plaintext over the OAEP capacity: ValidationException `Plaintext of <N> bytes is too large for <ALG> with key spec <SPEC>: at most <MAX> bytes.` KMSInvalidSignatureException and KMSInvalidMacException carry no message. Sign/Verify/GenerateMac/VerifyMac check key usage before the key state (as recorded AWS answers show).',
    reason: 'Recorded answers of AWS where other projects have them; otherwise the shortest sentence that names the mismatch.',
  },
  {
    id: 'decrypt-unknown-key', area: 'usage', question: 'Decrypt of a ciphertext that names a key this account does not hold (deleted, or its key id bytes altered).',
    choice: "NotFoundException `Key '<arn>' does not exist`, as for any key that is gone; every other alteration of the blob is InvalidCiphertextException.",
    reason: 'The blob names its key; a key that is gone is reported as gone.',
  },
  {
    id: 'create-key-messages', area: 'CreateKey', question: 'CreateKey messages for an incompatible KeyUsage, an EXTERNAL key of a spec the profile cannot import, a spec of another partition, custom key stores.',
    choice: 'ValidationException `KeyUsage <U> is not compatible with KeySpec <S>`, `KeySpec <S> is not supported for Origin EXTERNAL`, `KeySpec <S> is not supported in this region.`; UnsupportedOperationException `Origin <ORIGIN> is not supported by this emulator: custom key stores are out of scope.` for AWS_CLOUDHSM and EXTERNAL_KEY_STORE.',
    reason: 'The forms other tools report for AWS; `You must specify a KeyUsage value …` and `PendingWindowInDays must be between 7 and 30` are AWS\'s own (OBS).',
  },
  {
    id: 'unknown-operation', area: 'protocol', question: 'An unknown or missing X-Amz-Target.',
    choice: 'UnknownOperationException, HTTP 400: `Unknown operation: <target>` for a target no operation answers; `The request names no operation: the X-Amz-Target header is missing.` without the header.', reason: 'The Coral framework\'s exception; a message helps.',
  },
  {
    id: 'serialization', area: 'protocol', question: 'A body that is not JSON, not an object, or has members of the wrong JSON type, invalid base64 or an impossible timestamp.',
    choice: 'SerializationException (HTTP 400). Wrong types use the framework\'s observed wording (`NUMBER_VALUE can not be converted to a String`, `Start of structure or map found where not expected.`); the others a plain sentence: `The request body is not valid JSON.`, `The request body must be a JSON object.`, `Value at \'<member>\' is not valid base64.`, `Value at \'<member>\' is not a valid timestamp.` An empty body is `{}`. Unknown members are ignored.',
    reason: 'AWS answers SerializationException for these (OBS, local-kms#5).',
  },
  {
    id: 'blob-validation', area: 'protocol', question: 'How validation messages show blob values.',
    choice: "As AWS's Java service does: `Value 'java.nio.HeapByteBuffer[pos=0 lim=N cap=N]' at 'importToken' …`; sensitive members (Plaintext, Message) without a value: `Value at 'plaintext' …` (OBS).",
    reason: 'Reveals only the length, as AWS.',
  },
  {
    id: 'model-members', area: 'protocol', question: "Request members of AWS's model that no rule reads (GrantTokens, DryRun, Recipient, BypassPolicyLockoutSafetyCheck, …).",
    choice: "Decoded and checked as AWS's model says (type, length, pattern, enum) before any rule runs, then ignored: a request that breaks them gets AWS's exception; a valid one behaves as without them. A member the profile's era lacks (ImportType before 2025-06-05) is an unknown member, dropped.",
    reason: 'The model is the contract a client is held to; grants and dry runs are not modelled.',
  },
  {
    id: 'empty-pattern', area: 'protocol', question: "A member whose length may be 0 but whose pattern says `+` (KeyMaterialDescription: min 0, `^[a-zA-Z0-9:/_\\s.-]+$`).",
    choice: 'The empty string is accepted: a pattern is checked on non-empty values, against the whole value (as Java\'s `Pattern.matches`).',
    reason: 'The model allows length 0 explicitly; the earlier behaviour of the library accepted an empty description.',
  },
  {
    id: 'nested-member-paths', area: 'protocol', question: 'How a validation message names a member inside a list or structure (AWS publishes top-level examples only).',
    choice: "List items by 1-based index and `member`, structure members in camelCase: `Value null at 'tags.1.member.tagKey' …`; a list is shown as `'[a, b]'`; a scalar where a list, map or structure belongs is a SerializationException `STRING_VALUE can not be converted to a List` (`a Map`, `a Structure`).",
    reason: "The form AWS's Java services use for query-style member paths; the scalar messages follow the framework's observed `… can not be converted to a String`.",
  },
  {
    id: 'decrypt-without-ciphertext', area: 'protocol', question: "Decrypt without CiphertextBlob (AWS's model leaves it optional, since Decrypt also serves a Recipient).",
    choice: "ValidationException `1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null`.",
    reason: 'There is nothing to decrypt; the answer of a missing required member, as before the model was vendored.',
  },
  {
    id: 'http-refusals', area: 'protocol', question: 'What the HTTP endpoint answers to requests that never reach an operation.',
    choice: 'AWS-style JSON errors with an x-amzn-RequestId: a path other than `/` → 404 UnknownOperationException; a method other than POST → 405 (Allow: POST); a Content-Type other than application/x-amz-json-1.1 or application/json → 415 UnsupportedMediaTypeException; a body over the limit (1 MiB by default) → 413 RequestTooLargeException; a truncated body or malformed HTTP → 400 SerializationException; oversized headers → 431; a stalled body → 408 RequestTimeoutException; an HTTP/1.1 request without Host → 400 SerializationException (checked first); CONNECT → 405 UnknownOperationException (Allow: POST), then the connection is closed. Checked in that order.',
    reason: 'The names the Smithy server frameworks and other AWS services use; the server keeps serving after each.',
  },
  {
    id: 'endpoint-limits', area: 'protocol', question: 'What the endpoint answers when it is full: a connection over its limit, a request body that would take the bytes held across requests over their cap.',
    choice: 'ThrottlingException, HTTP 400, message `Rate exceeded: …` saying which limit (the connection over the limit is then closed, and none of the requests it carries is run: the SDK\'s retry must not run one twice). Limits are flags of `serve`: 1,024 connections, 64 MiB held, 10 s for headers, 30 s for a request, 5 s idle.',
    reason: 'AWS\'s name and status for "slow down" (its common errors); every AWS SDK retries it with backoff, which is what a full endpoint wants from its clients.',
  },
  {
    id: 'state-commit-failure', area: 'protocol', question: 'What `serve --state` answers when a change cannot be written to disk (AWS has no such failure to show).',
    choice: 'KMSInternalException, HTTP 500, `An internal error occurred.`; the change is not kept, the reason goes to the log once per episode, and changes are refused at once until a backoff (100 ms doubling to 30 s) has passed.',
    reason: 'What KMS answers for its own failures: a client retries, and nothing was acknowledged that a restart could lose.',
  },
  {
    id: 'signatures', area: 'protocol', question: 'SigV4 request signatures.',
    choice: 'Not checked: any credentials are accepted. Only the Region of the credential scope is read: it is the Region of the call (see region-routing).', reason: 'An emulator; what it models is the service\'s rules, not IAM.',
  },
  {
    id: 'seed-envelope', area: 'protocol', question: 'The seed document\'s `{"success", …}` envelope (its documentation site\'s generic format, not KMS\'s).',
    choice: '`toEnvelope` maps any result to it, and `serve --envelope seed` answers in it (HTTP status unchanged): exception names become SCREAMING_SNAKE codes without `Exception` (`NotFoundException` → `NOT_FOUND`), except `ValidationException` → `VALIDATION_ERROR` as the seed shows.',
    reason: 'Clients written against the seed can use it; KMS clients use the default.',
  },
  {
    id: 'material-id', area: 'multiple materials', question: 'The KeyMaterialId formula (unpublished).',
    choice: 'HMAC-SHA-256, keyed by a secret derived (HKDF-SHA-256) from the emulator\'s sealing key, over the key id and the material: 64 lowercase hex characters.',
    reason: 'Deterministic per key and material, different across keys, reveals nothing; survives a restart with the same sealing key.',
  },
  {
    id: 'rotation-immediate', area: 'multiple materials', question: 'When an on-demand rotation takes effect (AWS: about a minute later, OBS).',
    choice: 'At once: the response of RotateKeyOnDemand already sees the new CURRENT material.', reason: 'Tests need no waiting; the delay is an implementation detail of AWS.',
  },
  {
    id: 'multi-material-members', area: 'multiple materials', question: 'ImportType, KeyMaterialId and KeyMaterialDescription on keys that are not symmetric, and KeyMaterialId together with NEW_KEY_MATERIAL.',
    choice: 'ValidationException `ImportType, KeyMaterialId and KeyMaterialDescription are supported only for symmetric encryption KMS keys.` and `KeyMaterialId cannot be specified when ImportType is NEW_KEY_MATERIAL.`; under earlier profiles the three members are unknown and ignored.',
    reason: 'Multiple materials exist only for symmetric keys; a NEW material has no id yet.',
  },
  {
    id: 'material-import-messages', area: 'multiple materials', question: 'IncorrectKeyMaterialException messages of the ImportType rules.',
    choice: 'NEW with material the key already holds: `The key material is already associated with KMS key <arn>. To reimport it, use ImportType EXISTING_KEY_MATERIAL.`; EXISTING with material it does not hold: the same-material message of earlier profiles; a KeyMaterialId that is not the material\'s: `The key material does not match the key material with KeyMaterialId <id>.`',
    reason: 'Say which rule refused, never the material.',
  },
  {
    id: 'unknown-material-id', area: 'multiple materials', question: 'DeleteImportedKeyMaterial with a KeyMaterialId the key does not hold.',
    choice: 'NotFoundException `Key material <id> does not exist in KMS key <arn>.`', reason: 'The thing named does not exist.',
  },
  {
    id: 'rotation-earlier-profiles', area: 'multiple materials', question: 'RotateKeyOnDemand and ListKeyRotations under profiles before 2025-06-05.',
    choice: 'Served for AWS_KMS symmetric keys (fresh material becomes CURRENT); an EXTERNAL key gets UnsupportedOperationException `<arn> origin is EXTERNAL which is not valid for this operation.`; keys that are not symmetric get `<arn> key spec <SPEC> does not support on-demand rotation.`',
    reason: 'Imported keys could not rotate before 2025-06-05.',
  },
  {
    id: 'list-key-rotations', area: 'multiple materials', question: 'ListKeyRotations details AWS leaves open.',
    choice: 'ROTATIONS_ONLY lists the materials that became CURRENT by rotation, ALL_KEY_MATERIAL every material in the order the key received them; Limit defaults to 100; the Marker is opaque and a marker the service did not issue is InvalidMarkerException `The marker is not valid for this request.`; RotateKeyOnDemand answers the key id.',
    reason: 'The AWS API reference\'s shapes, filled in the simplest consistent way.',
  },
  {
    id: 'region-routing', area: 'multi-Region keys', question: 'How one endpoint serves several Regions (AWS has one endpoint per Region).',
    choice: 'The Region of a request is the Region of the SigV4 credential scope of its `Authorization` header (`Credential=<key>/<date>/<region>/kms/aws4_request`), else the emulator\'s configured Region; in process, `handle` takes `region` and `invoke` a third argument. A Region of another partition, or a value that is not a Region name, is answered InvalidSignatureException `Credential should be scoped to a valid region.` (HTTP 400); `invoke` throws a TypeError for it (misuse).',
    reason: 'What AWS clients send, and how LocalStack and moto route; AWS answers that message to a request signed for a Region its endpoint does not serve. One emulator is one account and one partition: every Region of the partition exists, with no key until one is made there.',
  },
  {
    id: 'multi-region-key-specs', area: 'multi-Region keys', question: 'Which keys CreateKey makes multi-Region.',
    choice: 'Any key CreateKey accepts: `MultiRegion: true` gives an `mrk-` key id (32 random hex digits) and makes the key the primary of a new set. EXTERNAL keys follow the profile\'s importable specs (symmetric in classic; asymmetric and HMAC from 2023-10-10).',
    reason: 'docs/evidence.md §11: multi-Region keys exist in every era; which specs may hold imported material is already profile data.',
  },
  {
    id: 'replica-creating', area: 'multi-Region keys', question: 'How long a new replica stays `Creating` ("a few seconds", DOC), and what it may do meanwhile.',
    choice: 'Five seconds on the injected clock (`limits.replicaCreatingMs`), then `PendingImport` (imported material) or `Enabled` (KMS material), as a pure function of the store and the instant like expiry. While `Creating`: DescribeKey and ListKeyRotations answer; ScheduleKeyDeletion is accepted (the key goes PendingDeletion); CancelKeyDeletion answers `<arn> is not pending deletion.`; every other operation is KMSInvalidStateException `<arn> is creating.`',
    reason: 'DOC: a Creating key "can be managed" but not used; the import needs the finished replica (Terraform waits for PendingImport before it imports). The message follows AWS\'s `<arn> is pending import.` pattern.',
  },
  {
    id: 'primary-updating', area: 'multi-Region keys', question: 'How long UpdatePrimaryRegion\'s keys stay `Updating` ("a few seconds", DOC), and what they may do meanwhile.',
    choice: 'Five seconds (`limits.primaryUpdatingMs`), then each key is `Enabled` again, the state both had to be in (PendingImport if its material expired meanwhile). DescribeKey shows the new primary and replicas at once (DOC: it "might display both the old and new primary keys as replicas" meanwhile). While `Updating`: cryptographic operations (Encrypt, Decrypt, Sign, Verify, GenerateMac, VerifyMac, GetPublicKey), DescribeKey and ListKeyRotations answer; CancelKeyDeletion answers `<arn> is not pending deletion.`; the others are KMSInvalidStateException `<arn> is updating.`',
    reason: 'DOC: Updating keys can be used in cryptographic operations but not enabled, disabled or replicated; the other management operations are refused alike so that the transient state never races a change.',
  },
  {
    id: 'multi-region-state-table', area: 'multi-Region keys', question: 'The PendingReplicaDeletion cells the documentation leaves open.',
    choice: 'As PendingDeletion, with the message `<arn> is pending replica deletion.`: refused where PendingDeletion is refused, served where it is served (DescribeKey, DeleteImportedKeyMaterial, ListKeyRotations); CancelKeyDeletion is served and the key goes to Disabled (PendingImport without material).',
    reason: 'DOC: the primary "cannot be replicated or used in cryptographic operations" and is on its way to deletion; cancelling it is cancelling a scheduled deletion.',
  },
  {
    id: 'replicate-refusals', area: 'multi-Region keys', question: 'ReplicateKey of a single-Region key or of a replica, into the primary\'s own Region, or into another partition.',
    choice: 'UnsupportedOperationException `<arn> is not a multi-Region key.` / `<arn> is not a multi-Region primary key.`; AlreadyExistsException `A multi-Region key with key ID <id> already exists in Region <region>.` for any Region holding a related key, the primary\'s included; ValidationException `The Region <region> is not in the partition <partition> of the primary key.`',
    reason: 'Exceptions from ReplicateKey\'s AWS error list (DOC: one related key per Region, same partition); the primary occupies its Region as a replica would.',
  },
  {
    id: 'replica-policy-tags', area: 'multi-Region keys', question: 'ReplicateKey\'s Policy, BypassPolicyLockoutSafetyCheck and Tags.',
    choice: 'The replica\'s own: `ReplicaPolicy` is the given policy or the default key policy (the account root may do `kms:*`), stored and returned by GetKeyPolicy, never enforced; `ReplicaTags` the given tags (default `[]`), stored; the description is its own (default empty); the replica has no aliases.',
    reason: 'A client sees the answer AWS gives; enforcement belongs to the policy model, not here.',
  },
  {
    id: 'update-primary-refusals', area: 'multi-Region keys', question: 'UpdatePrimaryRegion of a key that is not the primary, or to a Region without a replica.',
    choice: 'UnsupportedOperationException (as for ReplicateKey) for a single-Region key or a replica; NotFoundException `There is no replica of <arn> in Region <region>.` when `PrimaryRegion` holds no replica, the primary\'s own Region included; then both the primary and that replica must be `Enabled`: DisabledException `<arn> is disabled.`, KMSInvalidStateException `<arn> is pending import.` (or the message of its other state), the primary checked first.',
    reason: 'Exceptions from UpdatePrimaryRegion\'s AWS error list; DOC: "There must be an existing replica key in this Region", and "Both the primary key and the replica key must be in the Enabled key state when the operation starts" (multi-region-update.html); the messages are the key-state table\'s.',
  },
  {
    id: 'first-material-fixes-set', area: 'multi-Region keys', question: 'Which material related keys must share (docs/evidence.md §11).',
    choice: 'The first material imported into any related key fixes it for all of them: every related key learns its KeyMaterialId (never its bytes) and then accepts only that material (IncorrectKeyMaterialException, the same-material message). A replica is created knowing the ids of the primary\'s materials. Only an Enabled primary is replicated, so that first material is always the primary\'s.',
    reason: 'As the first import fixes a single key\'s material forever; KMS does not copy imported material (DOC), so only its identity is shared. ReplicateKey refuses a primary pending import (DOC key-state.html), so no replica exists before the primary has material.',
  },
  {
    id: 'new-material-replica', area: 'multi-Region keys', question: 'ImportKeyMaterial with `ImportType: NEW_KEY_MATERIAL` into a replica (2025-06-05 profile).',
    choice: 'UnsupportedOperationException `New key material cannot be imported into the replica key <arn>: import it into the primary key first, then into each replica with ImportType EXISTING_KEY_MATERIAL.` New material imported into the primary becomes PENDING_ROTATION in the primary and known (without bytes) to every replica, which then imports it with EXISTING_KEY_MATERIAL.',
    reason: 'DOC: new material goes into the primary first, then into each replica; the exception is in ImportKeyMaterial\'s AWS error list.',
  },
  {
    id: 'rotate-multi-region', area: 'multi-Region keys', question: 'RotateKeyOnDemand of related multi-Region keys.',
    choice: 'Only on the primary: a replica gets UnsupportedOperationException `On-demand rotation of multi-Region key <arn> must be performed on its primary key.`; an imported primary whose pending material is missing in a replica gets KMSInvalidStateException `Key material <id> must be imported into every replica of <arn> before on-demand rotation; the replica in <region> does not have it.`; otherwise the primary and every replica rotate together (KMS material: the same new material in each).',
    reason: 'DOC (RotateKeyOnDemand): related keys rotate from the primary, after the new material is in the primary and every replica.',
  },
  {
    id: 'automatic-rotation-multi-region', area: 'multi-Region keys', question: 'EnableKeyRotation and DisableKeyRotation of related multi-Region keys.',
    choice: 'Set on the primary, which sets the status (and period) of every replica; a replica made later copies it. A replica gets UnsupportedOperationException `Automatic rotation of multi-Region key <arn> must be set on its primary key.` (after the origin and key spec refusals, before its key state).',
    reason: 'DOC: the automatic rotation status is a shared property that KMS synchronizes, set on the primary key (ReplicateKey, EnableKeyRotation, DisableKeyRotation references); the exception is in both operations\' AWS error lists, the message follows rotate-multi-region\'s.',
  },
  {
    id: 'not-served', area: 'around a key', question: 'The answer to an operation of AWS\'s model that this library does not serve (grants, custom key stores, XKS, key agreement, key encapsulation, GetKeyLastUsage).',
    choice: 'UnknownOperationException `Operation <Name> is not served by this emulator: kms-key-import serves key import and the operations around a key, not <area>.`',
    reason: 'A client must see at once that the operation exists at AWS and is deliberately out of scope here, not misspelled.',
  },
  {
    id: 'alias-messages', area: 'around a key', question: 'Messages of the alias rules AWS leaves unrecorded: the reserved `alias/aws/` prefix, an empty name, UpdateAlias between keys of another spec or usage; the order of ListAliases.',
    choice: 'InvalidAliasNameException `Alias names that begin with alias/aws/ are reserved for AWS managed keys: <name>` and `Alias name must not be empty after the prefix "alias/": <name>` (CreateAlias; UpdateAlias and DeleteAlias find no such alias); ValidationException `UpdateAlias cannot move <name> from a key of key spec … and key usage … to a key of key spec … and key usage ….`; ListAliases in name order, 50 a page by default. CreateAlias and UpdateAlias answer a malformed TargetKeyId ARN with NotFoundException (their AWS error lists have no InvalidArnException). A key has at most 50 aliases (DOC quota "Aliases per KMS key: 50", met "when you create or update an alias"): past it CreateAlias and UpdateAlias answer LimitExceededException `A KMS key can have at most 50 aliases.`',
    reason: 'Exceptions from each operation\'s AWS error list, messages that name the rule and the value.',
  },
  {
    id: 'tag-messages', area: 'around a key', question: 'Messages of the tag rules (DOC states the rules, not the texts).',
    choice: 'TagException `Tag keys beginning with aws: are reserved for AWS use: <key>` (case-insensitive prefix) and `Duplicate tag keys in the request: <key>`; LimitExceededException `A KMS key can have at most 50 tags.`; UntagResource ignores tag keys the key does not carry. Tags are listed in the order first set.',
    reason: 'Exceptions from the operations\' AWS error lists; messages naming the offending key.',
  },
  {
    id: 'policies-not-enforced', area: 'around a key', question: 'Key policies: what is checked, and the messages.',
    choice: 'Policies are stored and returned, never enforced. A document must be a JSON object with a `Statement`: otherwise MalformedPolicyDocumentException `The key policy is not a valid JSON policy document.` / `The key policy must contain a Statement.`. `BypassPolicyLockoutSafetyCheck` is accepted (there is no lockout to guard against). A policy name other than `default` is NotFoundException `Policy <name> does not exist.`; ListKeyPolicies answers a marker it did not issue with ValidationException (its AWS error list has no InvalidMarkerException).',
    reason: 'The library models key import, not IAM; refusing what can never be a policy keeps clients honest without pretending to evaluate one.',
  },
  {
    id: 'data-key-scope', area: 'around a key', question: 'Data keys: the order of checks, and what is not served.',
    choice: 'The key (resolution, state, usage) is checked before the size members; `Recipient` (Nitro Enclaves) is refused with ValidationException `Recipient (an AWS Nitro Enclaves attestation document) is not supported by this emulator.`; `ECC_NIST_EDWARDS25519` pairs, and SM2 pairs outside the China partition, are UnsupportedOperationException `KeyPairSpec <spec> is not supported in this region.`; ReEncrypt serves symmetric keys only (InvalidKeyUsageException otherwise); GenerateRandom without NumberOfBytes is ValidationException `NumberOfBytes must be specified.`. The 2025-06-05 profile answers the KeyMaterialId members.',
    reason: 'Out-of-scope features refuse clearly instead of pretending; the rest follows Encrypt\'s rules so the material rules of imported keys hold for every ciphertext.',
  },
  {
    id: 'automatic-rotation', area: 'around a key', question: 'Automatic rotation details AWS leaves open.',
    choice: 'EnableKeyRotation of a key spec other than SYMMETRIC_DEFAULT: UnsupportedOperationException `<arn> key spec <SPEC> does not support automatic key rotation.`; EXTERNAL keys are refused with the origin message before the key state. The setting is recorded and reported (NextRotationDate: one period after it was enabled, then every period); material is not rotated on schedule. RotationPeriodInDays exists from the 2025-06-05 profile (an unknown member, ignored, before). GetKeyRotationStatus of an EXTERNAL key is UnsupportedOperationException `<arn> origin is EXTERNAL which is not valid for this operation.` in every state under classic and 2023-10-10 (DOC key-state.html, OBS); from 2025-06-05, where imported symmetric material rotates on demand, it is answered (`false`, and `KeyId`), asymmetric and HMAC EXTERNAL keys still refused.',
    reason: 'An emulator that rotated material behind a test\'s back would make ciphertexts depend on wall time; on-demand rotation is modelled.',
  },
  {
    id: 'cancel-deletion-without-material', area: 'around a key', question: 'The state after CancelKeyDeletion of an EXTERNAL key that holds no material: API_CancelKeyDeletion says the key "is Disabled"; key-state.html gives PendingImport as the state of an imported key without material.',
    choice: 'PendingImport (Disabled when the key holds material, and for every AWS_KMS key).',
    reason: 'A Disabled key without material could be enabled into an Enabled key that has nothing to encrypt with; the key-state table\'s PendingImport is the one state that says what the key lacks.',
  },
  {
    id: 'documentation-against-model', area: 'around a key', question: 'Where an operation\'s text and AWS\'s model disagree on a member: alias names ("only alphanumeric characters, forward slashes (/), underscores (_), and dashes (-)"; the model\'s pattern `^[a-zA-Z0-9:/_-]+$` adds `:`), and Limit ("between 1 and 100" for ListAliases, "between 1 and 50" for ListResourceTags; the model\'s LimitType is 1–1000).',
    choice: 'The model: a colon is accepted in an alias name; Limit is validated as 1–1000 and a page holds at most that many items.',
    reason: 'The model is AWS\'s machine-readable contract that the SDKs are generated from and validate against; refusing what it allows would refuse requests AWS\'s own clients send.',
  },
  {
    id: 'custom-key-store-id', area: 'CreateKey', question: 'CreateKey or GenerateRandom with a CustomKeyStoreId (custom key stores are out of scope).',
    choice: 'CustomKeyStoreNotFoundException `Custom key store <id> does not exist. Custom key stores are not served by this emulator.`',
    reason: 'No custom key store exists here, which is what the exception says; the message says why.',
  },
]
