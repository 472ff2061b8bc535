/**
 * The immutable key store: a map from key id to {@link KeyRecord}. Every operation takes a store
 * and returns a new one; the old one is never changed.
 *
 * @module
 */
import type { KeyId } from './ids.js'
import type { KeyRecord } from './key-record.js'

/**
 * An immutable collection of keys. Opaque: use the functions of this module.
 * @since 0.1.0
 */
export interface KeyStore {
  readonly _tag: 'KeyStore'
  /** @internal */
  readonly keys: ReadonlyMap<string, KeyRecord>
  /**
   * A lower bound of the earliest instant (epoch ms) at which some key changes by itself
   * (material expiry, end of a deletion waiting period); `Infinity` when none will.
   * @internal
   */
  readonly earliestDeadline: number
}

const make = (keys: ReadonlyMap<string, KeyRecord>, earliestDeadline: number): KeyStore =>
  Object.freeze({ _tag: 'KeyStore' as const, keys, earliestDeadline })

/**
 * The earliest instant at which this key changes by itself: a material's `ValidTo`, or the
 * deletion date while PendingDeletion. `Infinity` when it never will.
 * @param record - the key
 * @returns epoch ms, or Infinity
 * @since 0.1.0
 */
export const keyDeadline = (record: KeyRecord): number => {
  let t = record.state === 'PendingDeletion' && record.deletionDate !== undefined ? record.deletionDate : Infinity
  for (const m of record.materials) if (m.secret !== undefined && m.validTo !== undefined && m.validTo < t) t = m.validTo
  return t
}

/**
 * The store with no keys.
 * @returns an empty store
 * @example
 * storeSize(emptyStore()) // 0
 * @since 0.1.0
 */
export const emptyStore = (): KeyStore => make(new Map(), Infinity)

/**
 * Looks a key up by id, as stored (expiry not applied: see `settleKey`).
 * @param store - the store
 * @param keyId - the key id
 * @returns the record, or undefined
 * @since 0.1.0
 */
export const getKey = (store: KeyStore, keyId: KeyId | string): KeyRecord | undefined => store.keys.get(keyId)

/**
 * A store with `record` added or replaced.
 * @param store - the store
 * @param record - the key
 * @returns the new store
 * @since 0.1.0
 */
export const putKey = (store: KeyStore, record: KeyRecord): KeyStore => {
  const next = new Map(store.keys)
  next.set(record.keyId, record)
  return make(next, Math.min(store.earliestDeadline, keyDeadline(record)))
}

/**
 * A store without the key `keyId`.
 * @param store - the store
 * @param keyId - the key to drop
 * @returns the new store (the same one when the key was absent)
 * @since 0.1.0
 */
export const removeKey = (store: KeyStore, keyId: KeyId | string): KeyStore => {
  if (!store.keys.has(keyId)) return store
  const next = new Map(store.keys)
  next.delete(keyId)
  return make(next, store.earliestDeadline)
}

/**
 * Number of keys held (including keys whose deletion date has passed but were not yet settled).
 * @param store - the store
 * @returns the count
 * @since 0.1.0
 */
export const storeSize = (store: KeyStore): number => store.keys.size

/**
 * Every key record, in insertion order.
 * @param store - the store
 * @returns the records
 * @since 0.1.0
 */
export const allKeys = (store: KeyStore): readonly KeyRecord[] => [...store.keys.values()]

/**
 * Builds a store from records (used by sweeps and snapshots).
 * @param records - the keys
 * @returns the store, with an exact earliest deadline
 * @since 0.1.0
 */
export const storeFromKeys = (records: Iterable<KeyRecord>): KeyStore => {
  const keys = new Map<string, KeyRecord>()
  let earliest = Infinity
  for (const r of records) {
    keys.set(r.keyId, r)
    earliest = Math.min(earliest, keyDeadline(r))
  }
  return make(keys, earliest)
}
