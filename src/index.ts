/**
 * `kms-key-import`: the reference model of AWS KMS key-material import.
 *
 * - {@link createEmulator}: the in-process emulator, speaking AWS JSON 1.1 through `handle`.
 * - The operations, each a pure function `(env, store, request) → Either<error, outcome>`.
 * - The rule profiles (`classic`, …) as data.
 *
 * @module
 */
export { createEmulator, restoreEmulator, type Emulator, type EmulatorOptions, type WireRequest, type InvokeResult } from './emulator/emulator.js'
export {
  route, parseBody, decodeRequest, encodeResponse, dispatch, type ErrorOf, type ResponseOf, type RequestOf, type ModelOperationName,
} from './protocol/index.js'
export type { WireResponse } from './protocol/wire.js'
export { toRequestError, missingMember, type DecodeFailure, type Constraint, type ExpectedType } from './protocol/failure.js'
export type * as Model from './protocol/generated/kms-model.js'
export { systemClock, manualClock, type Clock, type ManualClock } from './clock.js'
export { createNodeProvider, type NodeProviderOptions, type NodeProvider } from './crypto/node-provider.js'
export type { WrappingKeyPool, WrappingKeyPoolOptions, WrappingKeyPoolStats, PooledSpec } from './crypto/pool.js'
export type { CryptoProvider, WrappingKeyPair, SlowNeed } from './crypto/provider.js'
export type { TokenContents } from './crypto/token.js'
export * from './model/enums.js'
export { KeyId, KeyArn, AccountId, keyArn, parseKeyArn, isMultiRegionKeyId, multiRegionKeyIdFromBytes, type ArnParts } from './model/ids.js'
export { partitionOf } from './model/region.js'
export { Secret } from './model/secret.js'
export type { KeyRecord, KeyMaterial, RotationType } from './model/key-record.js'
export { emptyStore, getKey, allKeys, storeSize, slotOf, multiRegionKeySet, allMultiRegionKeySets, type KeyStore, type MultiRegionKeySet } from './model/key-store.js'
export { settleKey, settleStore, isExpiredAt, type Settled } from './model/settle.js'
export type { KmsEvent, DeleteExpiredKeyMaterialEvent, DeleteKeyEvent } from './model/events.js'
export * from './errors/exceptions.js'
export { Messages, renderMessage, type MessageId } from './errors/messages.js'
export type {
  Profile, ProfileName, StateTable, StateRule, StateVerdict, StatefulOperation, KeySpecRule, MaterialRule, WrappingRule, Limits, Features,
} from './profiles/profile.js'
export { profiles, defaultProfile, resolveProfile, type ProfileSelector } from './profiles/index.js'
export { classicProfile } from './profiles/classic.js'
export { wrappingRefusal, type WrappingCombination } from './profiles/wrapping.js'
export type { OperationEnv, Outcome } from './operations/support/env.js'
export type { KeyOperationError } from './operations/support/key-operation.js'
export type { ResolveKeyError, ResolvedKey } from './operations/support/resolve-key.js'
export type { KeyStateError } from './operations/support/key-gate.js'
export { operations, type OperationName, type Rule } from './operations/support/registry.js'
export {
  keyMetadata, multiRegionConfiguration, type KeyMetadata, type EncryptionAlgorithmSpec, type CustomerMasterKeySpec, type MultiRegionConfiguration, type MultiRegionKey,
} from './operations/support/key-metadata.js'
export { replicateKey, type ReplicateKeyRequest, type ReplicateKeyResponse, type ReplicateKeyError, type Tag } from './operations/replicate-key.js'
export { updatePrimaryRegion, type UpdatePrimaryRegionRequest, type UpdatePrimaryRegionResponse, type UpdatePrimaryRegionError } from './operations/update-primary-region.js'
export type { MultiRegionRefusal } from './operations/support/multi-region.js'
export { createKey, type CreateKeyRequest, type CreateKeyResponse, type CreateKeyError } from './operations/create-key.js'
export { describeKey, type DescribeKeyRequest, type DescribeKeyResponse, type DescribeKeyError } from './operations/describe-key.js'
export { enableKey, type EnableKeyRequest, type EnableKeyResponse, type EnableKeyError } from './operations/enable-key.js'
export { disableKey, type DisableKeyRequest, type DisableKeyResponse, type DisableKeyError } from './operations/disable-key.js'
export { scheduleKeyDeletion, type ScheduleKeyDeletionRequest, type ScheduleKeyDeletionResponse, type ScheduleKeyDeletionError } from './operations/schedule-key-deletion.js'
export { cancelKeyDeletion, type CancelKeyDeletionRequest, type CancelKeyDeletionResponse, type CancelKeyDeletionError } from './operations/cancel-key-deletion.js'
export { getParametersForImport, type GetParametersForImportRequest, type GetParametersForImportResponse, type GetParametersForImportError } from './operations/get-parameters-for-import.js'
export { importKeyMaterial, type ImportKeyMaterialRequest, type ImportKeyMaterialResponse, type ImportKeyMaterialError } from './operations/import-key-material.js'
export { deleteImportedKeyMaterial, type DeleteImportedKeyMaterialRequest, type DeleteImportedKeyMaterialResponse, type DeleteImportedKeyMaterialError } from './operations/delete-imported-key-material.js'
export { encrypt, type EncryptRequest, type EncryptResponse, type EncryptError } from './operations/encrypt.js'
export { decrypt, type DecryptRequest, type DecryptResponse, type DecryptError } from './operations/decrypt.js'
export { usableMaterial, type PresentMaterial, type MaterialChoice, type UsageGateError } from './operations/support/usage-gate.js'
export { getPublicKey, type GetPublicKeyRequest, isAsymmetricSpec, type GetPublicKeyResponse, type GetPublicKeyError } from './operations/get-public-key.js'
export { sign, type SignRequest, type VerifyRequest, type SignResponse, type SignError } from './operations/sign.js'
export { verify, type VerifyResponse, type VerifyError } from './operations/verify.js'
export { generateMac, type GenerateMacRequest, type VerifyMacRequest, type GenerateMacResponse, type GenerateMacError } from './operations/generate-mac.js'
export { verifyMac, type VerifyMacResponse, type VerifyMacError } from './operations/verify-mac.js'
export { SigningAlgorithmSpec, MessageType } from './crypto/signing.js'
export { MacAlgorithmSpec } from './crypto/mac.js'
export { toEnvelope, envelopeCode, SeedEnvelopeCodes, type Envelope, type SuccessEnvelope, type FailureEnvelope } from './http/envelope.js'
export { rotateKeyOnDemand, type RotateKeyOnDemandRequest, type RotateKeyOnDemandResponse, type RotateKeyOnDemandError } from './operations/rotate-key-on-demand.js'
export { listKeyRotations, type ListKeyRotationsRequest, type ListKeyRotationsResponse, type ListKeyRotationsError, type RotationsListEntry } from './operations/list-key-rotations.js'
export { profile20231010 } from './profiles/v2023-10-10.js'
export { profile20250605 } from './profiles/v2025-06-05.js'
export { toSnapshot, snapshotSealer, type SnapshotSealer, fromSnapshot, Snapshot, SnapshotKey, SnapshotMaterial, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type SnapshotContext, type SnapshotError } from './persistence/snapshot.js'
export type { KeyIdBrand, KeyArnBrand, AccountIdBrand } from './model/ids.js'
