/**
 * The operations served, by KMS operation name: the one list a new operation joins.
 *
 * Adding an operation:
 * 1. write its rule, `src/operations/<name>.ts`: `(env, store, request: XRequest) → Either<XError,
 *    Outcome<XResponse>>`, with `export type XRequest = Model.XRequest` (the type generated from
 *    AWS's model; the request arrives decoded and checked, every member, as the model says),
 *    wrapped in `settling` (`./settling.ts`: the store settled at `env.now`, its events in the
 *    outcome) — `keyOperation` does both the wrapping and the key gates for one-key operations;
 * 2. register it below under its AWS name (the type checker holds the rule to the model's request
 *    and response types);
 * 3. give it its row in the profiles' state table if it acts on a key in a state.
 *
 * Routing, body parsing, decoding, response encoding and errors come from the protocol layer
 * (`src/protocol/`) and AWS's model; nothing else is written per operation.
 * @module
 */
import type * as E from 'fp-ts/lib/Either.js'
import type { KmsException } from '../../errors/exceptions.js'
import type { KeyStore } from '../../model/key-store.js'
import type { ModelOperations } from '../../protocol/generated/kms-model.js'
import { cancelKeyDeletion } from '../cancel-key-deletion.js'
import { createKey } from '../create-key.js'
import { describeKey } from '../describe-key.js'
import { disableKey } from '../disable-key.js'
import { enableKey } from '../enable-key.js'
import type { OperationEnv, Outcome } from './env.js'
import { getParametersForImport } from '../get-parameters-for-import.js'
import { scheduleKeyDeletion } from '../schedule-key-deletion.js'
import { importKeyMaterial } from '../import-key-material.js'
import { deleteImportedKeyMaterial } from '../delete-imported-key-material.js'
import { encrypt } from '../encrypt.js'
import { decrypt } from '../decrypt.js'
import { rotateKeyOnDemand } from '../rotate-key-on-demand.js'
import { listKeyRotations } from '../list-key-rotations.js'
import { getPublicKey } from '../get-public-key.js'
import { sign } from '../sign.js'
import { verify } from '../verify.js'
import { generateMac } from '../generate-mac.js'
import { verifyMac } from '../verify-mac.js'
import { replicateKey } from '../replicate-key.js'
import { updatePrimaryRegion } from '../update-primary-region.js'
import { listKeys } from '../list-keys.js'
import { updateKeyDescription } from '../update-key-description.js'
import { createAlias } from '../create-alias.js'
import { updateAlias } from '../update-alias.js'
import { deleteAlias } from '../delete-alias.js'
import { listAliases } from '../list-aliases.js'
import { tagResource } from '../tag-resource.js'
import { untagResource } from '../untag-resource.js'
import { listResourceTags } from '../list-resource-tags.js'
import { getKeyPolicy } from '../get-key-policy.js'
import { putKeyPolicy } from '../put-key-policy.js'
import { listKeyPolicies } from '../list-key-policies.js'
import { generateDataKey } from '../generate-data-key.js'
import { generateDataKeyWithoutPlaintext } from '../generate-data-key-without-plaintext.js'
import { generateDataKeyPair } from '../generate-data-key-pair.js'
import { generateDataKeyPairWithoutPlaintext } from '../generate-data-key-pair-without-plaintext.js'
import { reEncrypt } from '../re-encrypt.js'
import { generateRandom } from '../generate-random.js'
import { enableKeyRotation } from '../enable-key-rotation.js'
import { disableKeyRotation } from '../disable-key-rotation.js'
import { getKeyRotationStatus } from '../get-key-rotation-status.js'

/**
 * A rule serving operation `N` of AWS's model: a decoded request of the model's type in, the
 * model's response type (or one narrower) out.
 * @typeParam N - the operation's name in AWS's model
 * @since 0.2.0
 */
export type Rule<N extends keyof ModelOperations> =
  (env: OperationEnv, store: KeyStore, request: ModelOperations[N]['request']) => E.Either<KmsException, Outcome<ModelOperations[N]['response']>>

/** The served operations, each held to its model types. @internal */
type Served = { readonly [N in keyof ModelOperations]?: Rule<N> }

/**
 * Operations by name (the part of `X-Amz-Target` after `TrentService.`).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createKey, operations } from 'kms-key-import'
 * assert.equal(operations.CreateKey, createKey)
 * assert.ok(Object.keys(operations).includes('ImportKeyMaterial'))
 * assert.ok(Object.keys(operations).includes('CreateAlias'))
 * assert.ok(!Object.keys(operations).includes('CreateGrant')) // not served: UnknownOperationException
 * ```
 * @since 0.1.0
 */
export const operations = {
  /** {@link createKey} */
  CreateKey: createKey,
  /** {@link describeKey} */
  DescribeKey: describeKey,
  /** {@link enableKey} */
  EnableKey: enableKey,
  /** {@link disableKey} */
  DisableKey: disableKey,
  /** {@link scheduleKeyDeletion} */
  ScheduleKeyDeletion: scheduleKeyDeletion,
  /** {@link cancelKeyDeletion} */
  CancelKeyDeletion: cancelKeyDeletion,
  /** {@link getParametersForImport} */
  GetParametersForImport: getParametersForImport,
  /** {@link importKeyMaterial} */
  ImportKeyMaterial: importKeyMaterial,
  /** {@link deleteImportedKeyMaterial} */
  DeleteImportedKeyMaterial: deleteImportedKeyMaterial,
  /** {@link encrypt} */
  Encrypt: encrypt,
  /** {@link decrypt} */
  Decrypt: decrypt,
  /** {@link getPublicKey} */
  GetPublicKey: getPublicKey,
  /** {@link sign} */
  Sign: sign,
  /** {@link verify} */
  Verify: verify,
  /** {@link generateMac} */
  GenerateMac: generateMac,
  /** {@link verifyMac} */
  VerifyMac: verifyMac,
  /** {@link rotateKeyOnDemand} */
  RotateKeyOnDemand: rotateKeyOnDemand,
  /** {@link listKeyRotations} */
  ListKeyRotations: listKeyRotations,
  /** {@link replicateKey} */
  ReplicateKey: replicateKey,
  /** {@link updatePrimaryRegion} */
  UpdatePrimaryRegion: updatePrimaryRegion,
  /** {@link listKeys} */
  ListKeys: listKeys,
  /** {@link updateKeyDescription} */
  UpdateKeyDescription: updateKeyDescription,
  /** {@link createAlias} */
  CreateAlias: createAlias,
  /** {@link updateAlias} */
  UpdateAlias: updateAlias,
  /** {@link deleteAlias} */
  DeleteAlias: deleteAlias,
  /** {@link listAliases} */
  ListAliases: listAliases,
  /** {@link tagResource} */
  TagResource: tagResource,
  /** {@link untagResource} */
  UntagResource: untagResource,
  /** {@link listResourceTags} */
  ListResourceTags: listResourceTags,
  /** {@link getKeyPolicy} */
  GetKeyPolicy: getKeyPolicy,
  /** {@link putKeyPolicy} */
  PutKeyPolicy: putKeyPolicy,
  /** {@link listKeyPolicies} */
  ListKeyPolicies: listKeyPolicies,
  /** {@link generateDataKey} */
  GenerateDataKey: generateDataKey,
  /** {@link generateDataKeyWithoutPlaintext} */
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
  /** {@link generateDataKeyPair} */
  GenerateDataKeyPair: generateDataKeyPair,
  /** {@link generateDataKeyPairWithoutPlaintext} */
  GenerateDataKeyPairWithoutPlaintext: generateDataKeyPairWithoutPlaintext,
  /** {@link reEncrypt} */
  ReEncrypt: reEncrypt,
  /** {@link generateRandom} */
  GenerateRandom: generateRandom,
  /** {@link enableKeyRotation} */
  EnableKeyRotation: enableKeyRotation,
  /** {@link disableKeyRotation} */
  DisableKeyRotation: disableKeyRotation,
  /** {@link getKeyRotationStatus} */
  GetKeyRotationStatus: getKeyRotationStatus,
} as const satisfies Served

/** Names of the operations served. @since 0.1.0 */
export type OperationName = keyof typeof operations

/**
 * Whether a name is a served operation.
 * @param name - candidate
 * @returns true for a key of {@link operations}
 * @since 0.1.0
 */
export const isOperationName = (name: string): name is OperationName => Object.hasOwn(operations, name)
