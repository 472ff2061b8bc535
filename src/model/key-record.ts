/**
 * The immutable key record and its key materials.
 *
 * Every profile uses this one structure. A key holds a list of materials; before the
 * 2025-06-05 profile the list holds at most one (CURRENT) material, so the same code serves
 * every era (docs/evidence.md §8).
 *
 * @module
 */
import type { ExpirationModel, KeySpec, KeyState, KeyUsage, Origin, KeyMaterialState } from './enums.js'
import type { AccountId, KeyArn, KeyId } from './ids.js'
import type { Secret } from './secret.js'
import type { KeyAlias } from './alias.js'

/** One resource tag of a key (TagResource, CreateKey's `Tags`). @since 0.2.0 */
export interface KeyTag {
  /** The tag key (1 to 128 characters, not starting with `aws:`). */
  readonly TagKey: string
  /** The tag value (0 to 256 characters). */
  readonly TagValue: string
}

/** Automatic rotation as EnableKeyRotation set it. @since 0.2.0 */
export interface AutomaticRotation {
  /** Days between rotations (90 to 2560; 365 by default). */
  readonly periodInDays: number
  /** Epoch milliseconds of the EnableKeyRotation that set it: the next rotation is one period later. */
  readonly since: number
}

/** How a material became current (ListKeyRotations `RotationType`). @since 0.1.0 */
export type RotationType = 'AUTOMATIC' | 'ON_DEMAND'

/**
 * One key material of a key. Its bytes are absent (`secret === undefined`) while it awaits
 * (re)import: after DeleteImportedKeyMaterial, after expiry, or never imported. Its id stays, so a
 * reimport can be checked against it (the same-material rule, docs/evidence.md §4.7).
 * @since 0.1.0
 */
export interface KeyMaterial {
  /** 64 lowercase hex: HMAC-SHA-256 over key id and material (docs/evidence.md §8, CHOSEN). */
  readonly keyMaterialId: string
  /** The material, or undefined while PENDING_IMPORT. */
  readonly secret: Secret | undefined
  /** CURRENT, NON_CURRENT or PENDING_ROTATION. */
  readonly state: KeyMaterialState
  /** As imported; undefined while the material is absent, and for generated material. */
  readonly expirationModel: ExpirationModel | undefined
  /** Epoch milliseconds; set only with KEY_MATERIAL_EXPIRES. */
  readonly validTo: number | undefined
  /** ImportKeyMaterial's `KeyMaterialDescription` (2025-06-05 profile). */
  readonly description: string | undefined
  /** Epoch milliseconds at which it became CURRENT by rotation. */
  readonly rotationDate: number | undefined
  /** How it became CURRENT by rotation; undefined for the first material. */
  readonly rotationType: RotationType | undefined
}

/**
 * An immutable KMS key. Records are frozen at creation; an operation that changes a key returns a
 * new record.
 * @since 0.1.0
 */
export interface KeyRecord {
  /** The key id (a UUID; `mrk-…` for a multi-Region key, shared by its related keys). */
  readonly keyId: KeyId
  /** The key ARN. */
  readonly arn: KeyArn
  /** The owning account. */
  readonly accountId: AccountId
  /** The region the key lives in. */
  readonly region: string
  /** `AWS_KMS` (generated material) or `EXTERNAL` (imported). */
  readonly origin: Origin
  /** The key spec; never changes. */
  readonly keySpec: KeySpec
  /** The key usage; never changes. */
  readonly keyUsage: KeyUsage
  /** CreateKey's `Description` (empty when none). */
  readonly description: string
  /** The stored state; read it through `settleKey` so that expiry and deletion apply. */
  readonly state: KeyState
  /** Epoch milliseconds. */
  readonly creationDate: number
  /** Epoch milliseconds; set while PendingDeletion. */
  readonly deletionDate: number | undefined
  /** The waiting period; set while PendingDeletion. */
  readonly pendingDeletionWindowInDays: number | undefined
  /** The key materials, present or awaiting (re)import; at most one is CURRENT. */
  readonly materials: readonly KeyMaterial[]
  /** On-demand rotations performed (2025-06-05 profile). */
  readonly onDemandRotations: number
  /** The resource tags, in the order they were first set (a retagged key keeps its place). */
  readonly tags: readonly KeyTag[]
  /**
   * The key policy (`default`): stored and returned, never enforced. `undefined` is AWS's default
   * policy for the key's account and partition (`keyPolicyOf` renders it): no key carries its own
   * copy of the same document.
   */
  readonly policy: string | undefined
  /** Automatic rotation, when enabled. */
  readonly automaticRotation: AutomaticRotation | undefined
  /** The aliases that point at this key, in the order they came to it. */
  readonly aliases: readonly KeyAlias[]
  /**
   * Whether it is a multi-Region key (a primary or a replica: which one is the store's relation
   * table, docs/evidence.md §11). Never changes. Absent is false.
   * @since 0.2.0
   */
  readonly multiRegion?: boolean
  /**
   * For a multi-Region key: the Region of its set's primary key (this key's own Region when it is
   * the primary). Every related key holds the same value; UpdatePrimaryRegion changes them all.
   * @since 0.2.0
   */
  readonly primaryRegion?: string | undefined
  /**
   * A transient state's end: while the key is `Creating` or `Updating`, the instant (epoch ms) at
   * which it takes {@link KeyRecord.settlesTo}. Settled like expiry, on the injected clock.
   * @since 0.2.0
   */
  readonly settlesAt?: number | undefined
  /** The state a transient state ends in. @since 0.2.0 */
  readonly settlesTo?: KeyState | undefined
}

/**
 * Whether a key state is transient (`Creating`, `Updating`): it ends by itself at `settlesAt`.
 * @param state - a key state
 * @returns true for Creating and Updating
 * @since 0.2.0
 */
export const isTransientState = (state: KeyState): boolean => state === 'Creating' || state === 'Updating'

/**
 * The one empty list that keys without tags or aliases share (most keys have neither): a store of
 * 100,000 keys then holds no 200,000 empty arrays of its own (docs/performance.md, memory).
 * @since 0.2.0
 */
export const EMPTY_LIST: readonly never[] = Object.freeze([])

/**
 * Freezes a key record and its materials (deeply enough: materials are the only nested values).
 * @param record - the record
 * @returns the same record, frozen
 * @since 0.1.0
 */
export const freezeKey = (record: KeyRecord): KeyRecord => {
  for (const m of record.materials) Object.freeze(m)
  Object.freeze(record.materials)
  for (const tag of record.tags) Object.freeze(tag)
  Object.freeze(record.tags)
  if (record.automaticRotation !== undefined) Object.freeze(record.automaticRotation)
  for (const alias of record.aliases) Object.freeze(alias)
  Object.freeze(record.aliases)
  return Object.freeze(record)
}

/**
 * A new record with some fields replaced, frozen.
 * @param record - the current record
 * @param patch - fields to replace
 * @returns the new record
 * @since 0.1.0
 */
export const updateKey = (record: KeyRecord, patch: Partial<KeyRecord>): KeyRecord => freezeKey({ ...record, ...patch })

/**
 * A material as deletion or expiry leaves it: its id and state kept (only the same material can be
 * imported again), its secret and its expiration gone.
 * @param m - the material
 * @returns the material without its secret
 * @since 0.2.0
 */
export const withoutSecret = (m: KeyMaterial): KeyMaterial => ({ ...m, secret: undefined, expirationModel: undefined, validTo: undefined })

/**
 * Whether a material is permanently associated with its key (CURRENT or NON_CURRENT; a
 * PENDING_ROTATION material is not yet).
 * @param m - the material
 * @returns true unless it is pending rotation
 * @since 0.1.0
 */
export const isPermanentlyAssociated = (m: KeyMaterial): boolean => m.state !== 'PENDING_ROTATION'

/**
 * The key's CURRENT material entry (present or pending import), if any.
 * @param record - the key
 * @returns the CURRENT material, or undefined when nothing was ever imported
 * @since 0.1.0
 */
export const currentMaterial = (record: KeyRecord): KeyMaterial | undefined => record.materials.find((m) => m.state === 'CURRENT')

/**
 * Whether every permanently associated material of the key is present (imported). A key with no
 * materials at all has none present.
 * @param record - the key
 * @returns true when the key can leave PendingImport
 * @since 0.1.0
 */
export const hasAllMaterial = (record: KeyRecord): boolean => {
  const permanent = record.materials.filter(isPermanentlyAssociated)
  return permanent.length > 0 && permanent.every((m) => m.secret !== undefined)
}
