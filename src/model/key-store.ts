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
import type { AliasRecord } from './alias.js'
import type { KeyId } from './ids.js'
import type { KeyRecord } from './key-record.js'

/**
 * An immutable collection of keys. Opaque: use the functions of this module.
 * @since 0.1.0
 */
export interface KeyStore {
  /** Always `'KeyStore'`. */
  readonly _tag: 'KeyStore'
  /** @internal */
  readonly keys: HashMap<string, KeyRecord>
  /** The key ids in insertion order. @internal */
  readonly order: List<string>
  /**
   * A lower bound of the earliest instant (epoch ms) at which some key changes by itself
   * (material expiry, end of a deletion waiting period); `Infinity` when none will.
   * @internal
   */
  readonly earliestDeadline: number
  /** Alias name → the key id whose record holds it (derived from the records). @internal */
  readonly aliasIndex: HashMap<string, string>
}

const NO_ALIASES = HashMap<string, string>()

const make = (keys: HashMap<string, KeyRecord>, order: List<string>, earliestDeadline: number, aliasIndex: HashMap<string, string>): KeyStore =>
  Object.freeze({ _tag: 'KeyStore' as const, keys, order, earliestDeadline, aliasIndex })

const EMPTY: KeyStore = make(HashMap<string, KeyRecord>(), List<string>(), Infinity, NO_ALIASES)

/** The alias index with `previous`'s aliases replaced by `next`'s (the same key). */
const reindex = (index: HashMap<string, string>, previous: KeyRecord | undefined, next: KeyRecord | undefined): HashMap<string, string> => {
  const before = previous?.aliases ?? []
  const after = next?.aliases ?? []
  if (before === after || (before.length === 0 && after.length === 0)) return index
  return index.withMutations((m) => {
    for (const a of before) if (m.get(a.aliasName) === previous?.keyId) m.remove(a.aliasName)
    if (next !== undefined) for (const a of after) m.set(a.aliasName, next.keyId)
  })
}

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
 * Looks a key up by id, as stored (expiry not applied: see `settleKey`). O(log₃₂ n).
 * @param store - the store
 * @param keyId - the key id
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
export const getKey = (store: KeyStore, keyId: KeyId | string): KeyRecord | undefined => store.keys.get(keyId)

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
  const previous = store.keys.get(record.keyId)
  const index = reindex(store.aliasIndex, previous, record)
  if (previous !== undefined) return make(store.keys.set(record.keyId, record), store.order, deadline, index)
  // only a new key brings new concatenated strings (its id and ARN); an update reuses them
  return make(store.keys.set(record.keyId, compact(record)), store.order.push(record.keyId), deadline, index)
}

/**
 * A store without the key `keyId`. O(n): the insertion order is rebuilt. Nothing in the library
 * removes keys one by one (expiry and deletion rebuild the store with {@link storeFromKeys}); it is
 * kept for tests that edit a store by hand.
 * @param store - the store
 * @param keyId - the key to drop
 * @returns the new store (the same one when the key was absent)
 * @since 0.1.0
 */
export const removeKey = (store: KeyStore, keyId: KeyId | string): KeyStore => {
  if (!store.keys.has(keyId)) return store
  return make(store.keys.remove(keyId), store.order.filter((id) => id !== keyId), store.earliestDeadline, reindex(store.aliasIndex, store.keys.get(keyId), undefined))
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
export const storeSize = (store: KeyStore): number => store.keys.size

/**
 * Every key record, in insertion order. O(n).
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
  for (const id of store.order) {
    const record = store.keys.get(id)
    if (record !== undefined) out.push(record)
  }
  return out
}

/**
 * Builds a store from records (used by sweeps and snapshots). O(n), built in place before it is
 * frozen. The alias index is built from the records' aliases.
 * @param records - the keys
 * @returns the store, with an exact earliest deadline
 * @since 0.1.0
 */
export const storeFromKeys = (records: Iterable<KeyRecord>): KeyStore => {
  let earliest = Infinity
  const ids: string[] = []
  const keys = HashMap<string, KeyRecord>().withMutations((m) => {
    for (const r of records) {
      // a repeated id replaces the record and keeps its first place, as `putKey` does
      if (!m.has(r.keyId)) ids.push(r.keyId)
      m.set(r.keyId, compact(r))
      earliest = Math.min(earliest, keyDeadline(r))
    }
  })
  const index = NO_ALIASES.withMutations((m) => {
    for (const id of ids) for (const a of keys.get(id)?.aliases ?? []) m.set(a.aliasName, id)
  })
  return make(keys, List(ids), earliest, index)
}

/**
 * Looks an alias up by name (`alias/…`).
 * @param store - the store
 * @param aliasName - the alias name
 * @returns the alias and the key it points at, or undefined
 * @since 0.2.0
 */
export const getAlias = (store: KeyStore, aliasName: string): AliasRecord | undefined => {
  const keyId = store.aliasIndex.get(aliasName)
  const alias = keyId === undefined ? undefined : store.keys.get(keyId)?.aliases.find((a) => a.aliasName === aliasName)
  return keyId === undefined || alias === undefined ? undefined : { ...alias, targetKeyId: keyId }
}

/**
 * Every alias, sorted by name (the order ListAliases pages in).
 * @param store - the store
 * @returns the aliases
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { allAliases, createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * await kms.invoke('CreateAlias', { AliasName: 'alias/b', TargetKeyId: created.right.KeyMetadata.KeyId })
 * await kms.invoke('CreateAlias', { AliasName: 'alias/a', TargetKeyId: created.right.KeyMetadata.KeyId })
 * assert.deepEqual(allAliases(kms.store()).map((a) => a.aliasName), ['alias/a', 'alias/b'])
 * ```
 * @since 0.2.0
 */
export const allAliases = (store: KeyStore): readonly AliasRecord[] =>
  [...store.aliasIndex.keys()].sort().map((name) => getAlias(store, name)).filter((a): a is AliasRecord => a !== undefined)
