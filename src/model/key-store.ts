/**
 * The immutable key store: a map from a key's slot to its {@link KeyRecord} — the key id, or
 * `<key id>@<Region>` for a multi-Region key, whose related keys share the id — with an index of
 * the Regions holding each multi-Region key id. Every operation takes a store and returns a new
 * one; the old one is never changed.
 *
 * The map is a persistent hash array mapped trie (`Map` of `immutable`): adding or replacing one
 * key costs O(log₃₂ n) and shares every untouched node with the previous store, so one update
 * does not copy the store (a store of 100,000 keys updates in about a microsecond; copying a
 * native `Map` of that size costs about 40 ms). Beside it, a persistent `List` of the key ids in
 * insertion order keeps the order {@link allKeys} promises, with the semantics of a native `Map`:
 * a replaced key keeps its place, a removed and re-added key goes to the end. The pair costs
 * ≈75 bytes a key less than immutable's `OrderedMap` (which keeps a second map from key to
 * position, and a `[key, value]` pair per entry). A removed key's slot stays in the list, skipped,
 * until the removed outnumber the held (then the list is rebuilt once: O(1) amortized per removal).
 *
 * The keys that change by themselves (expiry, the end of a deletion waiting period or of a
 * transient state) are found through a persistent heap of their deadlines, so settling the store
 * at an instant costs the keys due then, not the store (see `takeDue`).
 * The figures behind these choices are in docs/performance.md.
 *
 * @module
 */
import { List, Map as HashMap, Set as HashSet } from 'immutable'
import type { AliasRecord } from './alias.js'
import { isMultiRegionKeyId, type KeyId } from './ids.js'
import { isTransientState, type KeyRecord } from './key-record.js'

/**
 * Related multi-Region keys (docs/evidence.md §11): one `mrk-…` key id, the Region of the primary
 * key and every Region holding a related key. Derived from the store's records (each multi-Region
 * record names its set's primary Region), so it persists with them.
 * @since 0.2.0
 */
export interface MultiRegionKeySet {
  /** The shared key id. */
  readonly keyId: KeyId
  /** The Region of the primary key. */
  readonly primaryRegion: string
  /** Every Region holding a related key, in the order they were added to the store. */
  readonly regions: readonly string[]
}

/**
 * An immutable collection of keys: the whole world of one account and partition, keys addressed
 * by (Region, key id). A single-Region key's id is unique in the world and is its slot; related
 * multi-Region keys share their `mrk-…` id, so each one's slot is `<key id>@<Region>`. Beside the
 * map, an index of the Regions holding each multi-Region key id. Opaque: use the functions of this
 * module.
 * @since 0.1.0
 */
export interface KeyStore {
  /** Always `'KeyStore'`. */
  readonly _tag: 'KeyStore'
  /** The records by slot (see {@link slotOf}). @internal */
  readonly keys: HashMap<string, KeyRecord>
  /** The slots in insertion order. @internal */
  readonly order: List<string>
  /** The Regions holding each multi-Region key id, in insertion order. @internal */
  readonly related: HashMap<string, List<string>>
  /**
   * A lower bound of the earliest instant (epoch ms) at which some key changes by itself
   * (material expiry, end of a deletion waiting period, end of a transient state); `Infinity`
   * when none will. The earliest entry of `deadlines`.
   * @internal
   */
  readonly earliestDeadline: number
  /**
   * Every key that will change by itself, under the instant it will (its {@link keyDeadline}).
   * Entries are left behind when a key's deadline moves or the key goes, and dropped when their
   * instant comes (`takeDue`) or when they outnumber the keys (the heap is then rebuilt).
   * @internal
   */
  readonly deadlines: DeadlineHeap | undefined
  /** The sequence number of the next deadline entry (entries of one instant come out in the order they went in). @internal */
  readonly deadlineSeq: number
  /** Slots of removed keys still in `order` (skipped by {@link allKeys}). @internal */
  readonly removed: HashSet<string>
  /**
   * `<Region> <alias name>` → the slot of the key whose record holds it (derived from the
   * records): alias names are unique per Region, as in AWS, not across Regions.
   * @internal
   */
  readonly aliasIndex: HashMap<string, string>
}

/**
 * A persistent leftist heap of deadline entries (a key's slot under the instant it changes by
 * itself), ordered by instant, then by when the entry was added. Insert and take-the-earliest are
 * O(log n) and leave the heap they were given as it was.
 * @internal
 */
export interface DeadlineHeap {
  /** The instant (epoch ms). */
  readonly at: number
  /** The key's slot. */
  readonly slot: string
  /** The order of insertion, for entries of one instant. */
  readonly seq: number
  /** The length of the right spine (the leftist property: never more on the right than on the left). */
  readonly rank: number
  /** Entries in this heap. */
  readonly size: number
  /** The left sub-heap. */
  readonly left: DeadlineHeap | undefined
  /** The right sub-heap. */
  readonly right: DeadlineHeap | undefined
}

const rankOf = (h: DeadlineHeap | undefined): number => h?.rank ?? 0
const sizeOf = (h: DeadlineHeap | undefined): number => h?.size ?? 0

const heapNode = (top: DeadlineHeap, a: DeadlineHeap | undefined, b: DeadlineHeap | undefined): DeadlineHeap => {
  const [left, right] = rankOf(a) >= rankOf(b) ? [a, b] : [b, a]
  return Object.freeze({ at: top.at, slot: top.slot, seq: top.seq, rank: rankOf(right) + 1, size: 1 + sizeOf(a) + sizeOf(b), left, right })
}

const mergeHeaps = (a: DeadlineHeap | undefined, b: DeadlineHeap | undefined): DeadlineHeap | undefined => {
  if (a === undefined) return b
  if (b === undefined) return a
  const [top, other] = b.at < a.at || (b.at === a.at && b.seq < a.seq) ? [b, a] : [a, b]
  return heapNode(top, top.left, mergeHeaps(top.right, other))
}

const heapOf = (at: number, slot: string, seq: number): DeadlineHeap => Object.freeze({ at, slot, seq, rank: 1, size: 1, left: undefined, right: undefined })

const NO_ALIASES = HashMap<string, string>()
const NONE_REMOVED = HashSet<string>()

const make = (
  keys: HashMap<string, KeyRecord>, order: List<string>, related: HashMap<string, List<string>>, deadlines: DeadlineHeap | undefined, deadlineSeq: number,
  aliasIndex: HashMap<string, string>, removed: HashSet<string>,
): KeyStore =>
  Object.freeze({ _tag: 'KeyStore' as const, keys, order, related, earliestDeadline: deadlines?.at ?? Infinity, deadlines, deadlineSeq, aliasIndex, removed })

/**
 * The deadline heap of `keys`, built anew (every key with a deadline, in the order given).
 * @returns the heap and the next sequence number
 */
const deadlinesOf = (keys: Iterable<readonly [string, KeyRecord]>): { readonly heap: DeadlineHeap | undefined; readonly seq: number } => {
  let heap: DeadlineHeap | undefined
  let seq = 0
  for (const [slot, record] of keys) {
    const at = keyDeadline(record)
    if (at !== Infinity) heap = mergeHeaps(heap, heapOf(at, slot, seq++))
  }
  return { heap, seq }
}

/**
 * `store`'s deadline heap with `record`'s deadline added when it has a new one; rebuilt from the
 * keys when entries left behind outnumber them (O(n), after at least n insertions: O(1) amortized).
 * `keys` and `order` are the new store's (a new key's slot is in them, not in `store`'s).
 */
const withDeadline = (
  store: KeyStore, keys: HashMap<string, KeyRecord>, order: List<string>, slot: string, previous: KeyRecord | undefined, record: KeyRecord,
): { readonly heap: DeadlineHeap | undefined; readonly seq: number } => {
  const at = keyDeadline(record)
  if (at === Infinity || (previous !== undefined && keyDeadline(previous) === at)) return { heap: store.deadlines, seq: store.deadlineSeq }
  const heap = mergeHeaps(store.deadlines, heapOf(at, slot, store.deadlineSeq))
  if (sizeOf(heap) <= 2 * keys.size + 64) return { heap, seq: store.deadlineSeq + 1 }
  return deadlinesOf(allSlots(keys, order))
}

/** The (slot, record) pairs of `keys`, in `order` (removed slots skipped). */
function* allSlots(keys: HashMap<string, KeyRecord>, order: List<string>): Generator<readonly [string, KeyRecord]> {
  for (const slot of order) {
    const record = keys.get(slot)
    if (record !== undefined) yield [slot, record]
  }
}

/**
 * Where a record lives in the store: its key id, or `<key id>@<Region>` for a multi-Region key
 * (related keys share their id across Regions).
 * @param record - the key (its id and Region)
 * @returns the slot
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { slotOf } from 'kms-key-import'
 * assert.equal(slotOf({ keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', region: 'us-east-1' }), '1234abcd-12ab-34cd-56ef-1234567890ab')
 * assert.equal(slotOf({ keyId: 'mrk-1234abcd12ab34cd56ef1234567890ab', region: 'eu-west-1' }), 'mrk-1234abcd12ab34cd56ef1234567890ab@eu-west-1')
 * ```
 * @since 0.2.0
 */
export const slotOf = (record: { readonly keyId: string; readonly region: string }): string =>
  isMultiRegionKeyId(record.keyId) ? `${record.keyId}@${record.region}` : record.keyId

const EMPTY: KeyStore = make(HashMap<string, KeyRecord>(), List<string>(), HashMap<string, List<string>>(), undefined, 0, NO_ALIASES, NONE_REMOVED)

/** The alias index's key: alias names are unique per Region (a space is never part of a name). */
const aliasKey = (region: string, aliasName: string): string => `${region} ${aliasName}`

/** The alias index with `previous`'s aliases replaced by `next`'s (the same key, the same slot). */
const reindex = (index: HashMap<string, string>, previous: KeyRecord | undefined, next: KeyRecord | undefined): HashMap<string, string> => {
  const before = previous?.aliases ?? []
  const after = next?.aliases ?? []
  if (before === after || (before.length === 0 && after.length === 0)) return index
  const slot = previous !== undefined ? slotOf(previous) : next !== undefined ? slotOf(next) : undefined
  return index.withMutations((m) => {
    if (previous !== undefined) for (const a of before) if (m.get(aliasKey(previous.region, a.aliasName)) === slot) m.remove(aliasKey(previous.region, a.aliasName))
    if (next !== undefined && slot !== undefined) for (const a of after) m.set(aliasKey(next.region, a.aliasName), slot)
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
 * The earliest instant at which this key changes by itself: a material's `ValidTo`, the deletion
 * date while PendingDeletion, or the end of a transient state. `Infinity` when it never will.
 * Exactly the instants `settleKey` acts on: a `settlesAt` left on a state that is not transient
 * is none (it would hide the key's later deadlines from the store's heap).
 * @param record - the key
 * @returns epoch ms, or Infinity
 * @since 0.1.0
 */
export const keyDeadline = (record: KeyRecord): number => {
  let t = record.state === 'PendingDeletion' && record.deletionDate !== undefined ? record.deletionDate : Infinity
  if (record.settlesAt !== undefined && record.settlesAt < t && isTransientState(record.state)) t = record.settlesAt
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
  if (isMultiRegionKeyId(keyId)) {
    const at = region ?? store.related.get(keyId)?.first()
    return at === undefined ? undefined : store.keys.get(`${keyId}@${at}`)
  }
  const found = store.keys.get(keyId)
  return region === undefined || found?.region === region ? found : undefined
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
  const slot = slotOf(record)
  const previous = store.keys.get(slot)
  const index = reindex(store.aliasIndex, previous, record)
  if (previous !== undefined) {
    const keys = store.keys.set(slot, record)
    const { heap, seq } = withDeadline(store, keys, store.order, slot, previous, record)
    return make(keys, store.order, store.related, heap, seq, index, store.removed)
  }
  slot.charCodeAt(0) // a multi-Region slot is concatenated: flatten it (see compact)
  // only a new key brings new concatenated strings (its id and ARN); an update reuses them
  const related = isMultiRegionKeyId(record.keyId)
    ? store.related.set(record.keyId, (store.related.get(record.keyId) ?? List<string>()).push(record.region))
    : store.related
  // a slot taken again (a related key replicated again into a Region it left) goes last: its old
  // place is dropped, O(n), as rare as that is
  const taken = store.removed.has(slot)
  const order = (taken ? store.order.filter((s) => s !== slot) : store.order).push(slot)
  const keys = store.keys.set(slot, compact(record))
  const { heap, seq } = withDeadline(store, keys, order, slot, undefined, record)
  return make(keys, order, related, heap, seq, index, taken ? store.removed.remove(slot) : store.removed)
}

/**
 * The related multi-Region keys of a key id, if the store holds any.
 * @param store - the store
 * @param keyId - a key id
 * @returns the set (primary Region, every Region holding a related key), or undefined
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, multiRegionKeySet } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider(), region: 'us-east-1' })
 * const created = await kms.invoke('CreateKey', { MultiRegion: true })
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * await kms.invoke('ReplicateKey', { KeyId, ReplicaRegion: 'eu-west-1' })
 * assert.deepEqual(multiRegionKeySet(kms.store(), KeyId), { keyId: KeyId, primaryRegion: 'us-east-1', regions: ['us-east-1', 'eu-west-1'] })
 * ```
 * @since 0.2.0
 */
export const multiRegionKeySet = (store: KeyStore, keyId: KeyId | string): MultiRegionKeySet | undefined => {
  const regions = store.related.get(keyId)
  const first = regions?.first()
  const record = first === undefined ? undefined : store.keys.get(`${keyId}@${first}`)
  if (regions === undefined || record === undefined) return undefined
  return { keyId: record.keyId, primaryRegion: record.primaryRegion ?? record.region, regions: regions.toArray() }
}

/**
 * Every set of related multi-Region keys of the store.
 * @param store - the store
 * @returns the sets, in the order their first key arrived
 * @since 0.2.0
 */
export const allMultiRegionKeySets = (store: KeyStore): readonly MultiRegionKeySet[] => {
  const out: MultiRegionKeySet[] = []
  for (const keyId of store.related.keys()) {
    const set = multiRegionKeySet(store, keyId)
    if (set !== undefined) out.push(set)
  }
  return out
}

/**
 * A store without the key `keyId` (of `region`, or of the first Region holding it). O(log n)
 * amortized: the slot stays in the insertion order, skipped, until removed slots outnumber the
 * keys, when the order is rebuilt once; the key's deadline entries are dropped when their instant
 * comes.
 * @param store - the store
 * @param keyId - the key to drop
 * @param region - its Region (optional)
 * @returns the new store (the same one when the key was absent)
 * @since 0.1.0
 */
export const removeKey = (store: KeyStore, keyId: KeyId | string, region?: string): KeyStore => {
  const key = getKey(store, keyId, region)
  if (key === undefined) return store
  const slot = slotOf(key)
  const regions = store.related.get(key.keyId)?.filter((r) => r !== key.region)
  const related = regions === undefined ? store.related : regions.size === 0 ? store.related.remove(key.keyId) : store.related.set(key.keyId, regions)
  const keys = store.keys.remove(slot)
  const removed = store.removed.add(slot)
  // rebuilt once the removed outnumber the held: O(n) after at least n/2 removals
  const compacted = removed.size > 32 && removed.size > keys.size
  const order = compacted ? List(allSlots(keys, store.order)).map(([s]) => s) : store.order
  return make(keys, order, related, store.deadlines, store.deadlineSeq, reindex(store.aliasIndex, key, undefined), compacted ? NONE_REMOVED : removed)
}

/**
 * Takes out of the store's deadline heap every entry whose instant is at or before `now`: the
 * slots of the keys that may have changed by themselves then (a slot whose key has since gone, or
 * whose deadline moved, is among them: check the key). O(k log n) for k entries due.
 * @param store - the store
 * @param now - epoch ms
 * @returns the store without those entries (the same keys), and their slots, earliest first, once each
 * @internal
 */
export const takeDue = (store: KeyStore, now: number): { readonly store: KeyStore; readonly slots: readonly string[] } => {
  let heap = store.deadlines
  const slots = new Set<string>()
  while (heap !== undefined && heap.at <= now) {
    slots.add(heap.slot)
    heap = mergeHeaps(heap.left, heap.right)
  }
  if (heap === store.deadlines) return { store, slots: [] }
  return { store: make(store.keys, store.order, store.related, heap, store.deadlineSeq, store.aliasIndex, store.removed), slots: [...slots] }
}

/**
 * The record in a slot (see {@link slotOf}).
 * @param store - the store
 * @param slot - the slot
 * @returns the record, or undefined
 * @internal
 */
export const keyInSlot = (store: KeyStore, slot: string): KeyRecord | undefined => store.keys.get(slot)

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
 * The keys in the order of {@link allKeys}, one at a time (a listing's page reads only up to its
 * end), from the first or from the key in `fromSlot` (found by a scan of the slots, not of the
 * records).
 * @param store - the store
 * @param fromSlot - the slot of the first key to give (see {@link slotOf}); none when it is not held
 * @returns the keys, lazily
 * @internal
 */
export function* keysInOrder(store: KeyStore, fromSlot?: string): Generator<KeyRecord> {
  const start = fromSlot === undefined ? 0 : store.order.indexOf(fromSlot)
  if (start < 0) return
  for (const [, record] of allSlots(store.keys, start === 0 ? store.order : store.order.slice(start))) yield record
}

/**
 * The names of the aliases of one Region, in no order (cheap: from the alias index; see
 * {@link getAlias} for the alias itself).
 * @param store - the store
 * @param region - the Region
 * @returns the names, lazily
 * @internal
 */
export function* aliasNamesIn(store: KeyStore, region: string): Generator<string> {
  const prefix = `${region} `
  for (const entry of store.aliasIndex.keys()) if (entry.startsWith(prefix)) yield entry.slice(prefix.length)
}

/**
 * Every key record (of every Region), in insertion order. O(n).
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
export const allKeys = (store: KeyStore): readonly KeyRecord[] => [...keysInOrder(store)]

/**
 * Builds a store from records (used by sweeps and snapshots), each in its Region. O(n), built in
 * place before it is frozen.
 * @param records - the keys
 * @returns the store, with an exact earliest deadline
 * @since 0.1.0
 */
export const storeFromKeys = (records: Iterable<KeyRecord>): KeyStore => {
  const slots: string[] = []
  const related = new Map<string, string[]>()
  const keys = HashMap<string, KeyRecord>().withMutations((m) => {
    for (const r of records) {
      const slot = slotOf(r)
      // a repeated slot replaces the record and keeps its first place, as `putKey` does
      if (!m.has(slot)) {
        slots.push(slot)
        if (isMultiRegionKeyId(r.keyId)) related.set(r.keyId, [...(related.get(r.keyId) ?? []), r.region])
      }
      m.set(slot, compact(r))
    }
  })
  const index = HashMap<string, List<string>>().withMutations((m) => {
    for (const [keyId, regions] of related) m.set(keyId, List(regions))
  })
  const aliases = NO_ALIASES.withMutations((m) => {
    for (const slot of slots) {
      const key = keys.get(slot)
      if (key !== undefined) for (const a of key.aliases) m.set(aliasKey(key.region, a.aliasName), slot)
    }
  })
  const { heap, seq } = deadlinesOf(slots.map((slot) => [slot, keys.get(slot) as KeyRecord] as const))
  return make(keys, List(slots), index, heap, seq, aliases, NONE_REMOVED)
}

/**
 * Looks an alias up by name (`alias/…`) in one Region (alias names are unique per Region).
 * @param store - the store
 * @param aliasName - the alias name
 * @param region - the Region
 * @returns the alias and the key it points at, or undefined
 * @since 0.2.0
 */
export const getAlias = (store: KeyStore, aliasName: string, region: string): AliasRecord | undefined => {
  const slot = store.aliasIndex.get(aliasKey(region, aliasName))
  const key = slot === undefined ? undefined : store.keys.get(slot)
  const alias = key?.aliases.find((a) => a.aliasName === aliasName)
  return key === undefined || alias === undefined ? undefined : { ...alias, targetKeyId: key.keyId }
}

/**
 * Every alias, sorted by name (the order ListAliases pages in), then by Region.
 * @param store - the store
 * @param region - only the aliases of this Region (default: every Region's)
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
export const allAliases = (store: KeyStore, region?: string): readonly AliasRecord[] =>
  [...store.aliasIndex.entries()]
    .map(([entry, slot]) => ({ name: entry.slice(entry.indexOf(' ') + 1), key: store.keys.get(slot) }))
    .filter((e): e is { name: string; key: KeyRecord } => e.key !== undefined && (region === undefined || e.key.region === region))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.key.region < b.key.region ? -1 : a.key.region > b.key.region ? 1 : 0))
    .flatMap(({ name, key }) => getAlias(store, name, key.region) ?? [])

