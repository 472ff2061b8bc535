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
export type { WireResponse } from './emulator/wire.js'
export { systemClock, manualClock, type Clock, type ManualClock } from './clock.js'
export { createNodeProvider, type NodeProviderOptions } from './crypto/node-provider.js'
export type { CryptoProvider, WrappingKeyPair } from './crypto/provider.js'
export * from './model/enums.js'
export { KeyId, KeyArn, AccountId, keyArn, parseKeyArn, type ArnParts } from './model/ids.js'
export { partitionOf } from './model/region.js'
export { Secret } from './model/secret.js'
export type { KeyRecord, KeyMaterial, RotationType } from './model/key-record.js'
export { emptyStore, getKey, allKeys, storeSize, type KeyStore } from './model/key-store.js'
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
export type { OperationEnv, Outcome } from './operations/env.js'
export { operations, type OperationName } from './operations/registry.js'
export { keyMetadata, type KeyMetadata } from './operations/key-metadata.js'
export * from './operations/create-key.js'
export * from './operations/describe-key.js'
export * from './operations/enable-key.js'
export * from './operations/disable-key.js'
export * from './operations/schedule-key-deletion.js'
export * from './operations/cancel-key-deletion.js'
export * from './operations/get-parameters-for-import.js'
export * from './operations/import-key-material.js'
export * from './operations/delete-imported-key-material.js'
export * from './operations/encrypt.js'
export * from './operations/decrypt.js'
export { usableMaterial, type PresentMaterial, type MaterialChoice, type UsageGateError } from './operations/usage-gate.js'
export * from './operations/get-public-key.js'
export * from './operations/sign.js'
export * from './operations/verify.js'
export * from './operations/generate-mac.js'
export * from './operations/verify-mac.js'
export { SigningAlgorithmSpec, MessageType } from './crypto/signing.js'
export { MacAlgorithmSpec } from './crypto/mac.js'
export { toEnvelope, envelopeCode, SeedEnvelopeCodes, type Envelope, type SuccessEnvelope, type FailureEnvelope } from './http/envelope.js'
export * from './operations/rotate-key-on-demand.js'
export * from './operations/list-key-rotations.js'
export { profile20231010 } from './profiles/v2023-10-10.js'
export { profile20250605 } from './profiles/v2025-06-05.js'
export { toSnapshot, fromSnapshot, Snapshot, SnapshotKey, SnapshotMaterial, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type SnapshotContext, type SnapshotError } from './persistence/snapshot.js'
export type { KeyIdBrand, KeyArnBrand, AccountIdBrand } from './model/ids.js'
