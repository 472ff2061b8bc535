/**
 * The gates and changes multi-Region operations share (docs/evidence.md §11): which key of a set
 * is the primary, the related keys of a key in the other Regions, and how a material imported
 * into one related key becomes part of the set (its id, never its bytes: KMS does not copy
 * imported material between Regions).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type UnsupportedOperationException } from '../../errors/exceptions.js'
import { renderMessage } from '../../errors/messages.js'
import { freezeKey, type KeyMaterial, type KeyRecord } from '../../model/key-record.js'
import { getKey, multiRegionKeySet, type KeyStore, type MultiRegionKeySet } from '../../model/key-store.js'
import type { OperationEnv } from './env.js'

/**
 * Refusals of an operation that needs a multi-Region primary key.
 * @inline
 * @since 0.2.0
 */
export type MultiRegionRefusal = UnsupportedOperationException

/**
 * The key's set of related multi-Region keys, when it is a multi-Region key.
 * @param store - the store
 * @param key - a key
 * @returns the set, or undefined for a single-Region key
 * @since 0.2.0
 */
export const setOf = (store: KeyStore, key: KeyRecord): MultiRegionKeySet | undefined =>
  key.multiRegion === true ? multiRegionKeySet(store, key.keyId) : undefined

/**
 * Whether the key is a multi-Region replica key.
 * @param store - the store
 * @param key - a key
 * @returns true for a replica
 * @since 0.2.0
 */
export const isReplica = (store: KeyStore, key: KeyRecord): boolean => {
  const set = setOf(store, key)
  return set !== undefined && set.primaryRegion !== key.region
}

/**
 * The key as a multi-Region primary key, with its set: UnsupportedOperationException for a
 * single-Region key or a replica (CHOSEN messages).
 * @param env - the environment
 * @param store - the store
 * @param key - the key named by the request
 * @returns the key and its set, or the refusal
 * @since 0.2.0
 */
export const primaryOf = (env: OperationEnv, store: KeyStore, key: KeyRecord): E.Either<MultiRegionRefusal, { readonly key: KeyRecord; readonly set: MultiRegionKeySet }> => {
  const set = setOf(store, key)
  const m = env.profile.messages
  if (set === undefined) return E.left(exception('UnsupportedOperationException', renderMessage(m.notMultiRegion, { arn: key.arn })))
  if (set.primaryRegion !== key.region) return E.left(exception('UnsupportedOperationException', renderMessage(m.notPrimary, { arn: key.arn })))
  return E.right({ key, set })
}

/**
 * The related keys of a multi-Region key in the other Regions, as stored.
 * @param store - the store
 * @param key - a key
 * @returns the other Regions' related keys (none for a single-Region key)
 * @since 0.2.0
 */
export const relatedKeys = (store: KeyStore, key: KeyRecord): readonly KeyRecord[] => {
  const set = setOf(store, key)
  if (set === undefined) return []
  const out: KeyRecord[] = []
  for (const region of set.regions) {
    if (region === key.region) continue
    const other = getKey(store, key.keyId, region)
    if (other !== undefined) out.push(other)
  }
  return out
}

/**
 * Makes the materials of `key` part of every related key (docs/evidence.md §11): a related key
 * learns each material id it does not know, without the bytes (it must be imported there too),
 * as CURRENT when it knew none, else as PENDING_ROTATION (new material imported into the
 * primary). The first material imported into any related key thus fixes the set's material.
 * @param store - the store
 * @param key - the key just imported into
 * @returns the related keys that changed
 * @since 0.2.0
 */
export const shareMaterialIds = (store: KeyStore, key: KeyRecord): readonly KeyRecord[] => {
  const changed: KeyRecord[] = []
  for (const other of relatedKeys(store, key)) {
    const missing = key.materials.filter((m) => !other.materials.some((o) => o.keyMaterialId === m.keyMaterialId))
    if (missing.length === 0) continue
    const first = other.materials.length === 0
    const learned = missing.map((m): KeyMaterial => ({
      keyMaterialId: m.keyMaterialId, secret: undefined, state: first ? m.state : 'PENDING_ROTATION',
      expirationModel: undefined, validTo: undefined, description: undefined, rotationDate: first ? m.rotationDate : undefined, rotationType: first ? m.rotationType : undefined,
    }))
    changed.push(freezeKey({ ...other, materials: [...other.materials, ...learned] }))
  }
  return changed
}
