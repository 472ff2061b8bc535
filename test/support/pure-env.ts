/**
 * Test support for the pure operations: an {@link OperationEnv} of the classic profile, and key
 * records built by hand (for keys no operation of the foundation can produce yet, e.g. an
 * `EXTERNAL` key of an asymmetric spec, or an `EXTERNAL` key that holds material).
 */
import { createDeterministicProvider } from 'kms-key-import/testing'
import { materialIdSecret } from '../../src/material/material-id.js'
import type { KeySpec, KeyState, KeyUsage, Origin } from '../../src/model/enums.js'
import { keyArn, keyIdFromBytes, type AccountId } from '../../src/model/ids.js'
import { freezeKey, type KeyMaterial, type KeyRecord } from '../../src/model/key-record.js'
import { emptyStore, putKey, type KeyStore } from '../../src/model/key-store.js'
import { partitionOf } from '../../src/model/region.js'
import { Secret } from '../../src/model/secret.js'
import type { OperationEnv } from '../../src/operations/support/env.js'
import type { GetParametersForImportRequest } from '../../src/operations/get-parameters-for-import.js'
import { classicProfile } from '../../src/profiles/classic.js'
import { ACCOUNT, REGION, T0 } from './kms.js'

/**
 * The environment of one pure operation call under the classic profile.
 * @param options - instant, region, provider seed
 * @returns the environment
 */
export const classicEnv = (options: { readonly now?: number; readonly region?: string; readonly seed?: number } = {}): OperationEnv => {
  const region = options.region ?? REGION
  const sealingKey = Secret.of(new Uint8Array(32).fill(0x5a))
  return {
    profile: classicProfile,
    region,
    partition: partitionOf(region),
    accountId: ACCOUNT as AccountId,
    now: options.now ?? T0,
    crypto: createDeterministicProvider({ seed: options.seed ?? 11 }),
    sealingKey,
    materialIdSecret: materialIdSecret(sealingKey),
  }
}

/** 32 bytes of stand-in symmetric material, CURRENT and not expiring. */
export const presentMaterial = (): KeyMaterial => ({
  keyMaterialId: 'ab'.repeat(32),
  secret: Secret.of(new Uint8Array(32).fill(1)),
  state: 'CURRENT',
  expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  validTo: undefined,
  description: undefined,
  rotationDate: undefined,
  rotationType: undefined,
})

/** What a hand-built key may set; the rest has defaults. */
export interface HandBuiltKey {
  readonly origin: Origin
  readonly keySpec?: KeySpec
  readonly keyUsage?: KeyUsage
  readonly state: KeyState
  readonly materials?: readonly KeyMaterial[]
  /** Distinguishes key ids (default 1). */
  readonly n?: number
  readonly region?: string
}

/**
 * A frozen key record in the test account.
 * @param k - origin, spec, state …
 * @returns the record
 */
export const handBuiltKey = (k: HandBuiltKey): KeyRecord => {
  const region = k.region ?? REGION
  const keyId = keyIdFromBytes(new Uint8Array(16).fill(k.n ?? 1))
  return freezeKey({
    keyId,
    arn: keyArn(partitionOf(region), region, ACCOUNT, keyId),
    accountId: ACCOUNT as AccountId,
    region,
    origin: k.origin,
    keySpec: k.keySpec ?? 'SYMMETRIC_DEFAULT',
    keyUsage: k.keyUsage ?? 'ENCRYPT_DECRYPT',
    description: '',
    state: k.state,
    creationDate: T0 - 1000,
    deletionDate: k.state === 'PendingDeletion' ? T0 + 7 * 86_400_000 : undefined,
    pendingDeletionWindowInDays: k.state === 'PendingDeletion' ? 7 : undefined,
    materials: k.materials ?? [],
    onDemandRotations: 0,
    tags: [],
    policy: '',
    automaticRotation: undefined,
    aliases: [],
  })
}

/**
 * A store holding the given keys.
 * @param keys - the records
 * @returns the store
 */
export const storeOf = (...keys: readonly KeyRecord[]): KeyStore => keys.reduce(putKey, emptyStore())

/**
 * A GetParametersForImport request of the pure API: RSAES_OAEP_SHA_256 and RSA_2048.
 * @param keyId - the key
 * @returns the typed request
 */
export const pureParams = (keyId: string): GetParametersForImportRequest => ({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })

/**
 * `n` distinct `Enabled` AWS_KMS keys (handBuiltKey makes 255 ids at most), each changed by `edit`
 * (default: as built).
 * @param n - how many
 * @param edit - a change of the i-th key (e.g. its aliases)
 * @returns the keys
 */
export const distinctKeys = (n: number, edit: (key: KeyRecord, i: number) => Partial<KeyRecord> = () => ({})): KeyRecord[] => Array.from({ length: n }, (_, i) => {
  const base = handBuiltKey({ origin: 'AWS_KMS', state: 'Enabled' })
  const bytes = new Uint8Array(16)
  new DataView(bytes.buffer).setUint32(0, i + 1)
  const keyId = keyIdFromBytes(bytes)
  const key = { ...base, keyId, arn: keyArn('aws', base.region, base.accountId, keyId) }
  return freezeKey({ ...key, ...edit(key, i) })
})

/**
 * The records, each reporting its key id to `touched` whenever any member of it is read: a test
 * then states which keys an operation looked at.
 * @param records - the keys
 * @param touched - where the ids of the keys read go
 * @returns the watched records
 */
export const watchedKeys = (records: readonly KeyRecord[], touched: Set<string>): KeyRecord[] =>
  records.map((r) => new Proxy(r, { get: (target, p, receiver) => (touched.add(target.keyId), Reflect.get(target, p, receiver) as unknown) }))
