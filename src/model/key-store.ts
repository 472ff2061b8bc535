/**
 * The immutable key store: a map from key id to {@link KeyRecord}. Every operation takes a store
 * and returns a new one; the old one is never changed.
 *
 * The map is a persistent hash array mapped trie (`Map` of `immutable`): adding or replacing one
 * key costs O(log₃₂ n) and shares every untouched node with the previous store, so one update
 * does not copy the store (a store of 100,000 keys updates in about a microsecond; copying a
 * native `Map` of that size costs about 40 ms). Beside it, a persistent `List` of the key ids in
 * insertion order keeps the order {@link allKeys} promises, with the semantics of a native `Map`:
 * a replaced key keeps its place, a removed and re-added key goes to the end. The pair costs
 * ≈75 bytes a key less than immutable's `OrderedMap` (which keeps a second map from key to
 * position, and a `[key, value]` pair per entry); removing one key is O(n), which nothing on a
 * request's path does (expiry and deletion rebuild the store once with {@link storeFromKeys}).
 * The figures behind this choice are in docs/performance.md.
 *
 * @module
 */
import { List, Map as HashMap } from 'immutable'
import type { KeyId } from './ids.js'
import type { KeyRecord } from './key-record.js'

/**
 * Related multi-Region keys (docs/evidence.md §11): one entry per `mrk-…` key id, saying which
 * Region holds the primary key and which Regions hold a related key. The keys themselves are
 * records of the store, one per Region, sharing the key id.
 * @since 0.2.0
 */
export interface MultiRegionKeySet {
  /** The shared key id. */
  readonly keyId: KeyId
  /** The Region of the primary key. */
  readonly primaryRegion: string
  /** Every Region holding a related key, the primary's included, in the order they were created. */
  readonly regions: readonly string[]
}

/** The keys of one Region: the records by key id and their insertion order. @internal */
export interface RegionKeys {
  readonly keys: HashMap<string, KeyRecord>
  readonly order: List<string>
}

/**
 * An immutable collection of keys: the whole world of one account and partition, every Region's
 * keys addressed by (Region, key id), and the relation between related multi-Region keys as
 * explicit data. Opaque: use the functions of this module.
 * @since 0.1.0
 */
export interface KeyStore {
  /** Always `'KeyStore'`. */
  readonly _tag: 'KeyStore'
  /** Each Region's keys, Regions in the order their first key arrived. @internal */
  readonly regions: HashMap<string, RegionKeys>
  /** The Regions in the order their first key arrived. @internal */
  readonly regionOrder: List<string>
  /** Related multi-Region keys, by their shared key id. @internal */
  readonly multiRegion: HashMap<string, MultiRegionKeySet>
  /**
   * A lower bound of the earliest instant (epoch ms) at which some key changes by itself
   * (material expiry, end of a deletion waiting period, end of a transient state); `Infinity`
   * when none will.
   * @internal
   */
  readonly earliestDeadline: number
}

const NO_KEYS: RegionKeys = Object.freeze({ keys: HashMap<string, KeyRecord>(), order: List<string>() })

const make = (regions: HashMap<string, RegionKeys>, regionOrder: List<string>, multiRegion: HashMap<string, MultiRegionKeySet>, earliestDeadline: number): KeyStore =>
  Object.freeze({ _tag: 'KeyStore' as const, regions, regionOrder, multiRegion, earliestDeadline })

const EMPTY: KeyStore = make(HashMap<string, RegionKeys>(), List<string>(), HashMap<string, MultiRegionKeySet>(), Infinity)

/**
 * Flattens the record's strings in place, without changing a value or the record's identity.
 * Ids and ARNs are built by concatenation (a key-material id is 32 two-digit hex pieces), and V8
 * keeps a concatenated string as a tree of pieces until something reads its characters: about
 * 1 KB per key that nothing would ever free. Reading one character makes V8 replace the tree by
 * a flat string, so a stored key costs its characters, not the history of how they were built.
 * O(fields); about 0.2 µs per key.
 */
const compact = (record: KeyRecord): KeyRecord => {
  for (const v of Object.values(record)) if (typeof v === 'string') v.charCodeAt(0)
  for (const m of record.materials) for (const v of Object.values(m)) if (typeof v === 'string') v.charCodeAt(0)
  return record
}

/**
 * The earliest instant at which this key changes by itself: a material's `ValidTo`, the deletion
 * date while PendingDeletion, or the end of a transient state. `Infinity` when it never will.
 * @param record - the key
 * @returns epoch ms, or Infinity
 * @since 0.1.0
 */
export const keyDeadline = (record: KeyRecord): number => {
  let t = record.state === 'PendingDeletion' && record.deletionDate !== undefined ? record.deletionDate : Infinity
  if (record.settlesAt !== undefined && record.settlesAt < t) t = record.settlesAt
  for (const m of record.materials) if (m.secret !== undefined && m.validTo !== undefined && m.validTo < t) t = m.validTo
  return t
}

/**
 * The store with no keys.
 * @returns an empty store
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { allKeys, emptyStore, storeSize } from 'kms-key-import'
 * assert.equal(storeSize(emptyStore()), 0)
 * assert.deepEqual(allKeys(emptyStore()), [])
 * ```
 * @since 0.1.0
 */
export const emptyStore = (): KeyStore => EMPTY

/**
 * Looks a key up by id, as stored (expiry not applied: see `settleKey`). O(log₃₂ n). With a
 * Region, the key of that Region; without, the key in the first Region that holds one with this
 * id (a single-Region store has one; related multi-Region keys share their id, so name the Region).
 * @param store - the store
 * @param keyId - the key id
 * @param region - the Region (optional)
 * @returns the record, or undefined
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, getKey } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.ok(created._tag === 'Right')
 * assert.equal(getKey(kms.store(), created.right.KeyMetadata.KeyId)?.state, 'PendingImport')
 * assert.equal(getKey(kms.store(), '00000000-0000-4000-8000-000000000000'), undefined)
 * ```
 * @since 0.1.0
 */
export const getKey = (store: KeyStore, keyId: KeyId | string, region?: string): KeyRecord | undefined => {
  if (region !== undefined) return store.regions.get(region)?.keys.get(keyId)
  for (const r of store.regionOrder) {
    const found = store.regions.get(r)?.keys.get(keyId)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * A store with `record` added or replaced. O(log₃₂ n): the new store shares all but one path of
 * the trie with `store`, which is left unchanged.
 * @param store - the store
 * @param record - the key
 * @returns the new store
 * @since 0.1.0
 */
export const putKey = (store: KeyStore, record: KeyRecord): KeyStore => {
  const deadline = Math.min(store.earliestDeadline, keyDeadline(record))
  const known = store.regions.get(record.region)
  const here = known ?? NO_KEYS
  const regionOrder = known === undefined ? store.regionOrder.push(record.region) : store.regionOrder
  const next: RegionKeys = here.keys.has(record.keyId)
    ? { keys: here.keys.set(record.keyId, record), order: here.order }
    // only a new key brings new concatenated strings (its id and ARN); an update reuses them
    : { keys: here.keys.set(record.keyId, compact(record)), order: here.order.push(record.keyId) }
  return make(store.regions.set(record.region, Object.freeze(next)), regionOrder, store.multiRegion, deadline)
}

/**
 * The related multi-Region keys of a key id, if it names any.
 * @param store - the store
 * @param keyId - a key id
 * @returns the set (primary Region, every Region holding a related key), or undefined
 * @since 0.2.0
 */
export const multiRegionKeySet = (store: KeyStore, keyId: KeyId | string): MultiRegionKeySet | undefined => store.multiRegion.get(keyId)

/**
 * A store with the relation of a multi-Region key id set (or removed, with `undefined`).
 * @param store - the store
 * @param keyId - the shared key id
 * @param set - the new relation, or undefined to drop it
 * @returns the new store
 * @since 0.2.0
 */
export const putMultiRegionKeySet = (store: KeyStore, keyId: KeyId | string, set: MultiRegionKeySet | undefined): KeyStore =>
  make(store.regions, store.regionOrder, set === undefined ? store.multiRegion.remove(keyId) : store.multiRegion.set(keyId, Object.freeze({ ...set, regions: Object.freeze([...set.regions]) })), store.earliestDeadline)

/**
 * Every multi-Region relation of the store.
 * @param store - the store
 * @returns the sets, by key id order of creation
 * @since 0.2.0
 */
export const allMultiRegionKeySets = (store: KeyStore): readonly MultiRegionKeySet[] => [...store.multiRegion.values()]

/**
 * A store without the key `keyId` (of `region`, or of the first Region holding it). O(n): the
 * insertion order is rebuilt. Nothing in the library
 * removes keys one by one (expiry and deletion rebuild the store with {@link storeFromKeys}); it is
 * kept for tests that edit a store by hand.
 * @param store - the store
 * @param keyId - the key to drop
 * @param region - its Region (optional)
 * @returns the new store (the same one when the key was absent)
 * @since 0.1.0
 */
export const removeKey = (store: KeyStore, keyId: KeyId | string, region?: string): KeyStore => {
  const key = getKey(store, keyId, region)
  if (key === undefined) return store
  const here = store.regions.get(key.region) ?? NO_KEYS
  const next: RegionKeys = Object.freeze({ keys: here.keys.remove(keyId), order: here.order.filter((id) => id !== keyId) })
  return make(store.regions.set(key.region, next), store.regionOrder, store.multiRegion, store.earliestDeadline)
}

/**
 * Number of keys held (including keys whose deletion date has passed but were not yet settled).
 * @param store - the store
 * @returns the count
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, storeSize } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * await kms.invoke('CreateKey', {})
 * await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.equal(storeSize(kms.store()), 2)
 * ```
 * @since 0.1.0
 */
export const storeSize = (store: KeyStore): number => {
  let n = 0
  for (const r of store.regions.values()) n += r.keys.size
  return n
}

/**
 * Every key record, Region by Region (in the order their first key arrived), each Region's in
 * insertion order. O(n).
 * @param store - the store
 * @returns the records
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { allKeys, createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * await kms.invoke('CreateKey', { Description: 'first' })
 * await kms.invoke('CreateKey', { Description: 'second' })
 * assert.deepEqual(allKeys(kms.store()).map((k) => k.description), ['first', 'second'])
 * ```
 * @since 0.1.0
 */
export const allKeys = (store: KeyStore): readonly KeyRecord[] => {
  const out: KeyRecord[] = []
  for (const r of store.regionOrder) {
    const here = store.regions.get(r)
    if (here === undefined) continue
    for (const id of here.order) {
      const record = here.keys.get(id)
      if (record !== undefined) out.push(record)
    }
  }
  return out
}

/**
 * Builds a store from records (used by sweeps and snapshots), each in its Region. O(n), built in
 * place before it is frozen.
 * @param records - the keys
 * @param multiRegion - the relations of multi-Region keys (none by default)
 * @returns the store, with an exact earliest deadline
 * @since 0.1.0
 */
export const storeFromKeys = (records: Iterable<KeyRecord>, multiRegion: Iterable<MultiRegionKeySet> = []): KeyStore => {
  let earliest = Infinity
  const byRegion = new Map<string, { ids: string[]; keys: HashMap<string, KeyRecord> }>()
  for (const r of records) {
    let here = byRegion.get(r.region)
    if (here === undefined) {
      here = { ids: [], keys: HashMap<string, KeyRecord>().asMutable() }
      byRegion.set(r.region, here)
    }
    // a repeated id replaces the record and keeps its first place, as `putKey` does
    if (!here.keys.has(r.keyId)) here.ids.push(r.keyId)
    here.keys.set(r.keyId, compact(r))
    earliest = Math.min(earliest, keyDeadline(r))
  }
  const regions = HashMap<string, RegionKeys>().withMutations((m) => {
    for (const [region, here] of byRegion) m.set(region, Object.freeze({ keys: here.keys.asImmutable(), order: List(here.ids) }))
  })
  const sets = HashMap<string, MultiRegionKeySet>().withMutations((m) => {
    for (const set of multiRegion) m.set(set.keyId, Object.freeze({ ...set, regions: Object.freeze([...set.regions]) }))
  })
  return make(regions, List(byRegion.keys()), sets, earliest)
}
