/**
 * What changed between two stores, at a cost proportional to the change: the state database
 * writes only the keys a request changed, not the store.
 *
 * A store's map is a persistent hash trie (`immutable`'s `Map`): an update copies the path from
 * the root to one leaf and shares every other node with the store before it. Walking both tries
 * together and skipping every subtree they share visits only the changed paths (O(changed ·
 * log₃₂ n)). Where the two tries' nodes cannot be paired (a leaf on one side, a branch on the
 * other, or a node this walk does not know), the entries of both subtrees are compared one by one:
 * slower, never wrong, and the tests check the walk against a full comparison.
 *
 * @module
 */
import type { KeyRecord } from '../model/key-record.js'
import type { KeyStore } from '../model/key-store.js'

/**
 * The difference between two stores.
 * @since 0.2.0
 */
export interface StoreChanges {
  /** Keys added or replaced (the records of the later store). */
  readonly put: readonly KeyRecord[]
  /**
   * Slots of keys the later store no longer holds, or holds as another key: a slot taken by a new
   * key (a related multi-Region key deleted, then replicated again into its Region) is in both
   * lists, since the new key is the store's newest, not the old one's place (`allKeys` lists it
   * last). Apply `removed` before `put`.
   */
  readonly removed: readonly string[]
}

/**
 * Whether `after` is another key than `before`, in the same slot. A key's creation date never
 * changes, and a slot is taken again only after its key's deletion, at least a waiting period
 * after that key was created.
 */
const isNewKey = (before: KeyRecord, after: KeyRecord): boolean => before.creationDate !== after.creationDate

/** Adds a key of the later store that differs from the earlier one's (`undefined` when new). */
const changed = (before: KeyRecord | undefined, after: KeyRecord, slot: string, put: KeyRecord[], removed: string[]): void => {
  if (before === after) return
  if (before !== undefined && isNewKey(before, after)) removed.push(slot)
  put.push(after)
}

/** A trie node as `immutable` builds it (internal; read defensively). */
interface TrieNode {
  readonly entries?: readonly (readonly [string, KeyRecord])[]
  readonly entry?: readonly [string, KeyRecord]
  readonly nodes?: readonly (TrieNode | undefined)[]
  readonly bitmap?: number
}

const isBranch = (n: TrieNode): boolean => Array.isArray(n.nodes)

/** The children of a branch by position 0–31 (a bitmap node packs them; a full node does not). */
const children = (n: TrieNode): readonly (TrieNode | undefined)[] => {
  const nodes = n.nodes ?? []
  if (typeof n.bitmap !== 'number') return nodes
  const out: (TrieNode | undefined)[] = new Array<TrieNode | undefined>(32)
  let packed = 0
  for (let bit = 0; bit < 32; bit++) if ((n.bitmap & (1 << bit)) !== 0) out[bit] = nodes[packed++]
  return out
}

const collect = (n: TrieNode | undefined, into: Map<string, KeyRecord>): void => {
  if (n === undefined || n === null) return
  if (n.entry !== undefined) into.set(n.entry[0], n.entry[1])
  if (n.entries !== undefined) for (const [k, v] of n.entries) into.set(k, v)
  if (n.nodes !== undefined) for (const c of n.nodes) collect(c ?? undefined, into)
}

const compareEntries = (a: TrieNode | undefined, b: TrieNode | undefined, put: KeyRecord[], removed: string[]): void => {
  const before = new Map<string, KeyRecord>()
  const after = new Map<string, KeyRecord>()
  collect(a, before)
  collect(b, after)
  for (const [k, v] of after) changed(before.get(k), v, k, put, removed)
  for (const k of before.keys()) if (!after.has(k)) removed.push(k)
}

const walk = (a: TrieNode | undefined, b: TrieNode | undefined, put: KeyRecord[], removed: string[]): void => {
  if (a === b) return
  if (a !== undefined && b !== undefined && isBranch(a) && isBranch(b)) {
    const ca = children(a)
    const cb = children(b)
    for (let i = 0; i < 32; i++) walk(ca[i] ?? undefined, cb[i] ?? undefined, put, removed)
    return
  }
  compareEntries(a, b, put, removed)
}

const rootOf = (store: KeyStore): TrieNode | undefined => (store.keys as unknown as { readonly _root?: TrieNode })._root ?? undefined

/**
 * The keys that differ between `before` and `after` (by identity of their records: every
 * operation builds a new frozen record for a key it changes and keeps the others), and the slots
 * whose key is gone or was replaced by a new key.
 * @param before - the earlier store
 * @param after - the later store
 * @returns the records to write and the slots to remove (first)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { storeChanges } from 'kms-key-import/http'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * for (let i = 0; i < 100; i++) await kms.invoke('CreateKey', {})
 * const before = kms.store()
 * const created = await kms.invoke('CreateKey', { Description: 'new' })
 * const changes = storeChanges(before, kms.store())
 * assert.deepEqual(changes.put.map((k) => k.description), ['new'])
 * assert.deepEqual(changes.removed, [])
 * assert.equal(created._tag, 'Right')
 * ```
 * @since 0.2.0
 */
export const storeChanges = (before: KeyStore, after: KeyStore): StoreChanges => {
  const put: KeyRecord[] = []
  const removed: string[] = []
  if (before.keys === after.keys) return { put, removed }
  const known = (s: KeyStore): boolean => s.keys.size === 0 || rootOf(s) !== undefined
  if (known(before) && known(after)) walk(rootOf(before), rootOf(after), put, removed)
  else {
    // not the trie this walk knows: compare every key
    for (const [k, v] of after.keys) changed(before.keys.get(k), v, k, put, removed)
    for (const k of before.keys.keys()) if (!after.keys.has(k)) removed.push(k)
  }
  return { put, removed }
}
