/**
 * Persistence: a versioned, JSON-serialisable snapshot of the key store, with every secret (key
 * material) sealed under a key derived from the emulator's sealing key (AES-256-GCM, bound to its
 * key and material ids). `toSnapshot` and `fromSnapshot` are pure; a snapshot that is corrupted,
 * of another version, or sealed under another sealing key is refused as a whole — nothing is
 * half-loaded.
 *
 * @module
 */
import { nodeCrypto } from '../crypto/builtins.js'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { ExpirationModel, KeyMaterialState, KeySpec, KeyState, KeyUsage, Origin } from '../model/enums.js'
import { AccountId, isMultiRegionKeyId, KeyArn, KeyId } from '../model/ids.js'
import { freezeKey, type KeyMaterial, type KeyRecord } from '../model/key-record.js'
import { allKeys, slotOf, storeFromKeys, type KeyStore } from '../model/key-store.js'
import { isRegionName, partitionOf } from '../model/region.js'
import { revealSecret, Secret } from '../model/secret.js'
import { hkdfLibrary, hmacLibrary, sha2 } from '../crypto/libraries.js'

/**
 * The snapshot format's name: the `format` member of every snapshot.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, SNAPSHOT_FORMAT } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * assert.equal(kms.snapshot().format, SNAPSHOT_FORMAT)
 * assert.equal(SNAPSHOT_FORMAT, 'kms-key-import/snapshot')
 * ```
 * @since 0.1.0
 */
export const SNAPSHOT_FORMAT = 'kms-key-import/snapshot'
/**
 * The snapshot version this library writes. It reads this version and version 1 (written by 0.1.0,
 * before tags, key policies, rotation settings and aliases: its keys get no tags, the default key
 * policy and no automatic rotation, and it has no aliases); any other version is refused.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, restoreEmulator, SNAPSHOT_VERSION } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const sealingKey = new Uint8Array(32).fill(1)
 * const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey })
 * const future = { ...kms.snapshot(), version: SNAPSHOT_VERSION + 1 }
 * const restored = restoreEmulator({ state: future, sealingKey, crypto: createDeterministicProvider() })
 * assert.ok(restored._tag === 'Left')
 * assert.match(restored.left.message, /is not supported/)
 * ```
 * @since 0.1.0
 */
export const SNAPSHOT_VERSION = 2

/** The versions {@link fromSnapshot} reads. */
const READABLE_VERSIONS: readonly unknown[] = [1, SNAPSHOT_VERSION]

const enumCodec = <V extends string>(o: Readonly<Record<string, V>>, name: string): t.Type<V, V, unknown> =>
  t.keyof(Object.fromEntries(Object.values(o).map((v) => [v, null])) as Record<V, null>, name) as unknown as t.Type<V, V, unknown>
const epochMs = t.refinement(t.number, (n) => Number.isFinite(n) && Math.abs(n) <= 8.64e15, 'EpochMs')
const HEX64 = t.refinement(t.string, (s) => /^[a-f0-9]{64}$/.test(s), 'KeyMaterialId')
const BASE64 = t.refinement(t.string, (s) => /^[A-Za-z0-9+/]*={0,2}$/.test(s), 'Base64')

/**
 * One key material in a snapshot: its secret sealed, never in clear (an io-ts codec).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, SnapshotMaterial } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * await kms.invoke('CreateKey', {})
 * const material = kms.snapshot().keys[0]?.materials[0]
 * assert.ok(SnapshotMaterial.is(material))
 * assert.equal(material.state, 'CURRENT')
 * assert.equal(typeof material.sealedSecret, 'string') // sealed under the sealing key
 * ```
 * @since 0.1.0
 */
export const SnapshotMaterial = t.intersection([
  t.type({
    /** The material id (64 lowercase hex). */
    keyMaterialId: HEX64,
    /** CURRENT, NON_CURRENT or PENDING_ROTATION. */
    state: enumCodec(KeyMaterialState, 'KeyMaterialState'),
  }),
  t.partial({
    /** Base64 of nonce and AES-256-GCM ciphertext of the material; absent while it awaits import. */
    sealedSecret: BASE64,
    /** As imported. */
    expirationModel: enumCodec(ExpirationModel, 'ExpirationModel'),
    /** Expiry, epoch milliseconds. */
    validTo: epochMs,
    /** `KeyMaterialDescription`, if any. */
    description: t.string,
    /** When it became CURRENT by rotation, epoch milliseconds. */
    rotationDate: epochMs,
    /** How it became CURRENT by rotation. */
    rotationType: t.keyof({
      /** Rotated by the yearly automatic rotation. */
      AUTOMATIC: null,
      /** Rotated by RotateKeyOnDemand. */
      ON_DEMAND: null
    }),
  }),
])
/** @since 0.1.0 */
export type SnapshotMaterial = t.TypeOf<typeof SnapshotMaterial>

/**
 * One key in a snapshot (an io-ts codec).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, SnapshotKey } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * await kms.invoke('CreateKey', { Description: 'saved', Origin: 'EXTERNAL' })
 * const [key] = kms.snapshot().keys
 * assert.ok(SnapshotKey.is(key))
 * assert.equal(key.description, 'saved')
 * assert.deepEqual(key.materials, []) // nothing imported yet
 * ```
 * @since 0.1.0
 */
export const SnapshotKey = t.intersection([
  t.type({
    /** The key id. */
    keyId: KeyId,
    /** The key ARN. */
    arn: KeyArn,
    /** The owning account (that of the snapshot). */
    accountId: AccountId,
    /** The region (that of the snapshot). */
    region: t.string,
    /** The origin. */
    origin: enumCodec(Origin, 'Origin'),
    /** The key spec. */
    keySpec: enumCodec(KeySpec, 'KeySpec'),
    /** The key usage. */
    keyUsage: enumCodec(KeyUsage, 'KeyUsage'),
    /** The description. */
    description: t.string,
    /** The stored key state (not settled). */
    state: enumCodec(KeyState, 'KeyState'),
    /** Epoch milliseconds. */
    creationDate: epochMs,
    /** On-demand rotations performed. */
    onDemandRotations: t.number,
    /** The key materials, secrets sealed. */
    materials: t.array(SnapshotMaterial),
  }),
  t.partial({
    /** Epoch milliseconds; set while PendingDeletion. */
    deletionDate: epochMs,
    /** The waiting period; set while PendingDeletion (and PendingReplicaDeletion). */
    pendingDeletionWindowInDays: t.number,
    /** A multi-Region key (docs/evidence.md §11). @since 0.2.0 */
    multiRegion: t.boolean,
    /** For a multi-Region key: the Region of its set's primary key. @since 0.2.0 */
    primaryRegion: t.string,
    /** The end of a transient state (Creating, Updating), epoch ms. @since 0.2.0 */
    settlesAt: epochMs,
    /** The state a transient state ends in. @since 0.2.0 */
    settlesTo: enumCodec(KeyState, 'KeyState'),
    /** The resource tags (version 2; none in version 1). */
    tags: t.array(t.type({
      /** The tag key. */
      TagKey: t.string,
      /** The tag value. */
      TagValue: t.string,
    })),
    /** The key policy, when not the default one (version 2; version 1 keys have the default policy). */
    policy: t.string,
    /** Automatic rotation, when enabled (version 2). */
    automaticRotation: t.type({
      /** Days between rotations. */
      periodInDays: t.number,
      /** When it was enabled, epoch milliseconds. */
      since: epochMs,
    }),
    /** The aliases pointing at the key (version 2; none in version 1). */
    aliases: t.array(t.type({
      /** `alias/…`. */
      aliasName: t.string,
      /** Epoch milliseconds. */
      creationDate: epochMs,
      /** Epoch milliseconds. */
      lastUpdatedDate: epochMs,
    })),
  }),
])
/** @since 0.1.0 */
export type SnapshotKey = t.TypeOf<typeof SnapshotKey>

/**
 * A snapshot of an emulator's state: JSON-serialisable, versioned, secrets sealed (an io-ts codec).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, Snapshot } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * await kms.invoke('CreateKey', { MultiRegion: true }) // a multi-Region key names its primary's Region
 * const decoded = Snapshot.decode(JSON.parse(JSON.stringify(kms.snapshot())))
 * assert.ok(decoded._tag === 'Right')
 * assert.equal(decoded.right.keys[0]?.state, 'PendingImport')
 * assert.equal(decoded.right.keys[1]?.primaryRegion, 'us-east-1')
 * ```
 * @since 0.1.0
 */
export const Snapshot = t.type({
  /** Always {@link SNAPSHOT_FORMAT}. */
  format: t.literal(SNAPSHOT_FORMAT),
  /** {@link SNAPSHOT_VERSION} when written by this library; 1 when written by 0.1.0. */
  version: t.union([t.literal(1), t.literal(SNAPSHOT_VERSION)]),
  /** The profile name of the emulator. */
  profile: t.string,
  /** The region of the emulator. */
  region: t.string,
  /** The account of the emulator. */
  accountId: AccountId,
  /** HMAC under the snapshot key: tells a wrong sealing key from a corrupted snapshot. */
  sealingKeyCheck: HEX64,
  /** Every key of every Region, in store order. */
  keys: t.array(SnapshotKey),
})
/** @since 0.1.0 */
export type Snapshot = t.TypeOf<typeof Snapshot>

/** Where a snapshot came from. @since 0.1.0 */
export interface SnapshotContext {
  /** The profile name. */
  readonly profile: string
  /** The default Region (keys may be in any Region of its partition). */
  readonly region: string
  /** The account id. */
  readonly accountId: string
}

/** Why a snapshot was refused. @since 0.1.0 */
export interface SnapshotError {
  /** Always `'SnapshotError'`. */
  readonly _tag: 'SnapshotError'
  /** Why, for humans (no secret in it). */
  readonly message: string
  /**
   * When the snapshot is sound but was taken under another setting than the one asked for: which
   * setting, its value in the snapshot and the value given (the key that seals it is right).
   * @since 0.2.0
   */
  readonly mismatch?: {
    /** The setting that differs. */
    readonly setting: 'profile' | 'region' | 'account'
    /** Its value in the snapshot. */
    readonly saved: string
    /** The value asked for. */
    readonly given: string
  }
}
const refuse = (message: string): SnapshotError => ({ _tag: 'SnapshotError', message })

const INFO = new TextEncoder().encode('kms-key-import/snapshot/v1')

/** The object without its `undefined` members: the snapshot is JSON, where absent means absent. */
const compact = <T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } => {
  // a loop, not fromEntries(entries().filter()): every key a request changes is sealed through here
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v
  return out as { [K in keyof T]: Exclude<T[K], undefined> }
}
const snapshotKey = (sealingKey: Secret): Uint8Array => {
  const ikm = revealSecret(sealingKey)
  try {
    return hkdfLibrary().hkdf(sha2().sha256, ikm, undefined, INFO, 32)
  } finally {
    ikm.fill(0)
  }
}
const checkOf = (key: Uint8Array): string => Buffer.from(hmacLibrary().hmac(sha2().sha256, key, new TextEncoder().encode('sealing-key-check'))).toString('hex')
const aadOf = (keyId: string, materialId: string): Uint8Array => Buffer.from(`${keyId}/${materialId}`, 'utf8')

/**
 * AES-256-GCM through node:crypto (OpenSSL): ciphertext then the 16-byte tag, the layout of
 * `@noble/ciphers`' gcm, which sealed snapshots before 0.2.0 (same bytes, ≈10× less time: the
 * state database seals every changed key on the request's path).
 */
const sealGcm = (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): readonly Buffer[] => {
  const cipher = nodeCrypto().createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(aad)
  const body = cipher.update(plaintext)
  const final = cipher.final()
  return [body, final, cipher.getAuthTag()]
}
/** Opens what {@link sealGcm} sealed; throws when it does not authenticate. */
const openGcm = (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array => {
  if (sealed.length < 16) throw new RangeError('sealed value shorter than its tag')
  const decipher = nodeCrypto().createDecipheriv('aes-256-gcm', key, nonce)
  decipher.setAAD(aad)
  decipher.setAuthTag(sealed.subarray(sealed.length - 16))
  const parts = [decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
    p.fill(0) // no copy of the secret left in Node's pooled memory
  }
  return out
}

/**
 * The snapshot of a store. Secrets are sealed with fresh nonces from `random`.
 * @param store - the store
 * @param context - profile, region and account of the emulator
 * @param sealingKey - the emulator's sealing key
 * @param random - randomness (the crypto provider's)
 * @returns the snapshot (plain JSON data)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { randomBytes } from 'node:crypto'
 * import { createEmulator, Secret, toSnapshot } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const sealingKey = new Uint8Array(32).fill(1)
 * const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey })
 * await kms.invoke('CreateKey', {})
 * const context = { profile: 'classic', region: 'us-east-1', accountId: '111122223333' }
 * const snapshot = toSnapshot(kms.store(), context, Secret.of(sealingKey), (n) => new Uint8Array(randomBytes(n)))
 * assert.equal(snapshot.keys.length, 1)
 * assert.equal(typeof snapshot.keys[0]?.materials[0]?.sealedSecret, 'string')
 * ```
 * @since 0.1.0
 */
export const toSnapshot = (store: KeyStore, context: SnapshotContext, sealingKey: Secret, random: (n: number) => Uint8Array): Snapshot => {
  const sealer = snapshotSealer(context, sealingKey, random)
  return { ...sealer.header, keys: allKeys(store).map(sealer.seal) }
}

/**
 * Seals keys one at a time, exactly as {@link toSnapshot} does for a whole store: the state
 * database writes one key per changed key, and a snapshot is its header with every key.
 * @since 0.2.0
 */
export interface SnapshotSealer {
  /** Every member of a snapshot but its keys. */
  readonly header: Omit<Snapshot, 'keys'>
  /**
   * One key with its secrets sealed (fresh nonces).
   * @param record - the key
   * @returns the snapshot's form of it
   */
  seal(record: KeyRecord): SnapshotKey
}

/**
 * A sealer for keys of one emulator (the snapshot key is derived once).
 * @param context - profile, region and account of the emulator
 * @param sealingKey - the emulator's sealing key
 * @param random - randomness (the crypto provider's)
 * @returns the sealer
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { randomBytes } from 'node:crypto'
 * import { allKeys, createEmulator, Secret, Snapshot, snapshotSealer } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const sealingKey = new Uint8Array(32).fill(1)
 * const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey })
 * await kms.invoke('CreateKey', {})
 * const sealer = snapshotSealer({ profile: 'classic', region: 'us-east-1', accountId: '111122223333' }, Secret.of(sealingKey), (n) => new Uint8Array(randomBytes(n)))
 * const snapshot = { ...sealer.header, keys: allKeys(kms.store()).map(sealer.seal) }
 * assert.ok(Snapshot.is(snapshot))
 * ```
 * @since 0.2.0
 */
export const snapshotSealer = (context: SnapshotContext, sealingKey: Secret, random: (n: number) => Uint8Array): SnapshotSealer => {
  const key = snapshotKey(sealingKey)
  const sealSecret = (keyId: string, m: KeyMaterial): string | undefined => {
    if (m.secret === undefined) return undefined
    const nonce = random(12)
    const plaintext = revealSecret(m.secret)
    try {
      return Buffer.concat([nonce, ...sealGcm(key, nonce, aadOf(keyId, m.keyMaterialId), plaintext)]).toString('base64')
    } finally {
      plaintext.fill(0) // the revealed copy, as after a comparison or a key parse
    }
  }
  return {
    header: {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      profile: context.profile,
      region: context.region,
      accountId: context.accountId as AccountId,
      sealingKeyCheck: checkOf(key),
    },
    seal: (k) => compact({
      keyId: k.keyId, arn: k.arn, accountId: k.accountId, region: k.region, origin: k.origin, keySpec: k.keySpec, keyUsage: k.keyUsage,
      description: k.description, state: k.state, creationDate: k.creationDate, deletionDate: k.deletionDate,
      pendingDeletionWindowInDays: k.pendingDeletionWindowInDays, onDemandRotations: k.onDemandRotations,
      multiRegion: k.multiRegion === true ? true : undefined, primaryRegion: k.primaryRegion, settlesAt: k.settlesAt, settlesTo: k.settlesTo,
      tags: k.tags.map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })), policy: k.policy,
      automaticRotation: k.automaticRotation === undefined ? undefined : { periodInDays: k.automaticRotation.periodInDays, since: k.automaticRotation.since },
      aliases: k.aliases.map((a) => ({ aliasName: a.aliasName, creationDate: a.creationDate, lastUpdatedDate: a.lastUpdatedDate })),
      materials: k.materials.map((m) => compact({
        keyMaterialId: m.keyMaterialId, sealedSecret: sealSecret(k.keyId, m), state: m.state, expirationModel: m.expirationModel,
        validTo: m.validTo, description: m.description, rotationDate: m.rotationDate, rotationType: m.rotationType,
      })),
    }),
  }
}

const describeErrors = (errors: t.Errors): string => {
  const first = errors[0]
  // intersection members add their index to the path: leave those out, keep array indexes
  const path = first === undefined ? '' : first.context
    .filter((c, i) => c.key !== '' && (first.context[i - 1]?.type as { _tag?: string } | undefined)?._tag !== 'IntersectionType')
    .map((c) => c.key).join('.')
  return `the snapshot is malformed${path === '' ? '' : ` at ${path}`}`
}

/**
 * Reads a snapshot (any JSON value) back into a store, all or nothing.
 * @param input - the snapshot, e.g. `JSON.parse` of a saved file
 * @param sealingKey - the sealing key it was taken with
 * @returns the store and where it came from, or why it was refused
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, fromSnapshot, Secret, storeSize } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const sealingKey = new Uint8Array(32).fill(1)
 * const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey })
 * await kms.invoke('CreateKey', {})
 * const saved: unknown = JSON.parse(JSON.stringify(kms.snapshot()))
 * const loaded = fromSnapshot(saved, Secret.of(sealingKey))
 * assert.ok(loaded._tag === 'Right')
 * assert.equal(storeSize(loaded.right.store), 1)
 * assert.equal(fromSnapshot(saved, Secret.of(new Uint8Array(32)))._tag, 'Left') // another sealing key
 * ```
 * @since 0.1.0
 */
export const fromSnapshot = (input: unknown, sealingKey: Secret): E.Either<SnapshotError, {
  /** The keys. */
  readonly store: KeyStore;
  /** Profile, region and account of the snapshot. */
  readonly context: SnapshotContext
}> => {
  if (typeof input === 'object' && input !== null) {
    const o = input as { format?: unknown; version?: unknown }
    if (o.format !== SNAPSHOT_FORMAT) return E.left(refuse(`not a ${SNAPSHOT_FORMAT}: format is ${JSON.stringify(o.format) ?? 'missing'}`))
    if (!READABLE_VERSIONS.includes(o.version)) return E.left(refuse(`snapshot version ${JSON.stringify(o.version) ?? 'missing'} is not supported (this library reads versions ${READABLE_VERSIONS.join(' and ')})`))
  } else return E.left(refuse('the snapshot is not a JSON object'))
  const decoded = Snapshot.decode(input)
  if (E.isLeft(decoded)) return E.left(refuse(describeErrors(decoded.left)))
  const snap = decoded.right
  const key = snapshotKey(sealingKey)
  const hasMaterial = snap.keys.some((k) => k.materials.length > 0)
  // Material ids depend on the sealing key too: with another key, nothing material-related holds.
  if (snap.sealingKeyCheck !== checkOf(key) && hasMaterial) return E.left(refuse('the snapshot was sealed under another sealing key'))
  const records: KeyRecord[] = []
  const seen = new Set<string>()
  const aliasNames = new Set<string>()
  for (const k of snap.keys) {
    // every key is in a Region of the snapshot's partition; only multi-Region (mrk-) keys share an id across Regions
    const slot = slotOf(k)
    if (seen.has(slot)) return E.left(refuse(`key ${k.keyId} appears twice`))
    seen.add(slot)
    const inWorld = isRegionName(k.region) && partitionOf(k.region) === partitionOf(snap.region)
      && (k.multiRegion === true) === isMultiRegionKeyId(k.keyId) && (k.multiRegion !== true || (k.primaryRegion !== undefined && partitionOf(k.primaryRegion) === partitionOf(k.region)))
    if (!k.arn.endsWith(`:${k.region}:${k.accountId}:key/${k.keyId}`) || k.accountId !== snap.accountId || !inWorld) return E.left(refuse(`key ${k.keyId} does not belong to this snapshot's account and region`))
    const materials: KeyMaterial[] = []
    for (const m of k.materials) {
      let secret: Secret | undefined
      if (m.sealedSecret !== undefined) {
        const bytes = Buffer.from(m.sealedSecret, 'base64')
        const opened = E.tryCatch(() => openGcm(key, bytes.subarray(0, 12), aadOf(k.keyId, m.keyMaterialId), bytes.subarray(12)), () => undefined)
        if (E.isLeft(opened)) return E.left(refuse(`the sealed material ${m.keyMaterialId} of key ${k.keyId} does not open: corrupted`))
        secret = Secret.of(opened.right)
        opened.right.fill(0)
      }
      materials.push({
        keyMaterialId: m.keyMaterialId, secret, state: m.state, expirationModel: m.expirationModel, validTo: m.validTo,
        description: m.description, rotationDate: m.rotationDate, rotationType: m.rotationType,
      })
    }
    records.push(freezeKey({
      keyId: k.keyId, arn: k.arn, accountId: k.accountId, region: k.region, origin: k.origin, keySpec: k.keySpec, keyUsage: k.keyUsage,
      description: k.description, state: k.state, creationDate: k.creationDate, deletionDate: k.deletionDate,
      pendingDeletionWindowInDays: k.pendingDeletionWindowInDays, onDemandRotations: k.onDemandRotations, materials,
      ...(k.multiRegion === true ? { multiRegion: true, primaryRegion: k.primaryRegion } : {}),
      ...(k.settlesAt !== undefined ? { settlesAt: k.settlesAt, settlesTo: k.settlesTo } : {}),
      // version 1 predates tags, policies and rotation settings: what CreateKey gave every key then
      tags: (k.tags ?? []).map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })),
      policy: k.policy,
      automaticRotation: k.automaticRotation === undefined ? undefined : { ...k.automaticRotation },
      aliases: (k.aliases ?? []).map((a) => ({ aliasName: a.aliasName, creationDate: a.creationDate, lastUpdatedDate: a.lastUpdatedDate })),
    }))
    // alias names are unique per Region, as in the store (one name may be used in several Regions)
    for (const a of k.aliases ?? []) {
      const entry = `${k.region} ${a.aliasName}`
      if (aliasNames.has(entry)) return E.left(refuse(`alias ${a.aliasName} appears twice in ${k.region}`))
      aliasNames.add(entry)
    }
  }
  return E.right({ store: storeFromKeys(records), context: { profile: snap.profile, region: snap.region, accountId: snap.accountId } })
}
