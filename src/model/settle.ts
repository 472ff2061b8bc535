/**
 * Time in the model: expiry of imported material, the end of a deletion waiting period and the
 * end of a transient state (`Creating`, `Updating`, docs/multi-region.md) are pure functions of
 * (key, now). Nothing runs on a timer; every read of a key goes through
 * {@link settleKey}, so an expired key reads as `PendingImport` from the instant its material's
 * `ValidTo` passes, in every operation (docs/evidence.md §9).
 *
 * @module
 */
import type { KmsEvent } from './events.js'
import { keyDeadline, keyInSlot, putKey, removeKey, takeDue, type KeyStore } from './key-store.js'
import { freezeKey, hasAllMaterial, isPermanentlyAssociated, isTransientState, withoutSecret, type KeyMaterial, type KeyRecord } from './key-record.js'

const DAY_MS = 86_400_000

/** The result of settling one key at an instant. @since 0.1.0 */
export interface Settled {
  /** The key as it is at `now`, or undefined when its deletion date has passed. */
  readonly key: KeyRecord | undefined
  /** What happened between the stored record and `now`, oldest first. */
  readonly events: readonly KmsEvent[]
  /** Whether anything changed. */
  readonly changed: boolean
}

/**
 * Whether material with this `ValidTo` has expired at `now`. Expired from the instant `ValidTo`
 * is reached: `now >= validTo`.
 * @param validTo - epoch ms, or undefined for material that does not expire
 * @param now - epoch ms
 * @returns true when expired
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { isExpiredAt } from 'kms-key-import'
 * const validTo = Date.parse('2026-06-01T00:00:00Z')
 * assert.equal(isExpiredAt(validTo, validTo - 1), false)
 * assert.equal(isExpiredAt(validTo, validTo), true)
 * assert.equal(isExpiredAt(undefined, validTo), false) // KEY_MATERIAL_DOES_NOT_EXPIRE
 * ```
 * @since 0.1.0
 */
export const isExpiredAt = (validTo: number | undefined, now: number): boolean => validTo !== undefined && now >= validTo

/**
 * The key as it is at `now`: expired materials removed (the key goes to `PendingImport` when a
 * permanently associated material expires, unless it is `PendingDeletion` or
 * `PendingReplicaDeletion`), a transient state
 * (`Creating`, `Updating`) ended once its `settlesAt` has come (docs/evidence.md §11), and the key
 * gone when its deletion date has passed.
 * @param key - the stored record
 * @param now - epoch ms
 * @returns the settled key and the events that happened
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, getKey, settleKey } from 'kms-key-import'
 * import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'
 * const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
 * const kms = createEmulator({ crypto: createDeterministicProvider(), clock })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * await kms.invoke('ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 })
 * const settled = settleKey(getKey(kms.store(), KeyId)!, clock.now() + 8 * 86_400_000)
 * assert.equal(settled.key, undefined) // the waiting period is over: the key is gone
 * assert.equal(settled.events[0]?.eventName, 'DeleteKey')
 * ```
 * @since 0.1.0
 */
export const settleKey = (key: KeyRecord, now: number): Settled => {
  const deletionAt = key.state === 'PendingDeletion' ? key.deletionDate : undefined
  const horizon = deletionAt !== undefined && deletionAt < now ? deletionAt : now
  const events: KmsEvent[] = []
  let lostPermanent = false
  const materials = key.materials.map((m): KeyMaterial => {
    if (m.secret === undefined || !isExpiredAt(m.validTo, horizon)) return m
    events.push({ eventName: 'DeleteExpiredKeyMaterial', keyId: key.keyId, keyArn: key.arn, keyMaterialId: m.keyMaterialId, eventTime: m.validTo ?? horizon })
    if (isPermanentlyAssociated(m)) lostPermanent = true
    return withoutSecret(m)
  })
  events.sort((a, b) => a.eventTime - b.eventTime)
  if (deletionAt !== undefined && now >= deletionAt) {
    events.push({ eventName: 'DeleteKey', keyId: key.keyId, keyArn: key.arn, eventTime: deletionAt })
    return { key: undefined, events, changed: true }
  }
  const ends = key.settlesAt !== undefined && isTransientState(key.state) && now >= key.settlesAt
  if (events.length === 0 && !ends) return { key, events, changed: false }
  const next: KeyRecord = { ...key, materials }
  const lost = lostPermanent && !hasAllMaterial(next)
  // a transient state keeps its place; expiry changes the state it ends in
  const waiting = (s: KeyRecord['state']): boolean => s === 'PendingDeletion' || s === 'PendingReplicaDeletion'
  const settlesTo = lost && key.settlesTo !== undefined && !waiting(key.settlesTo) ? 'PendingImport' : key.settlesTo
  const state = ends ? settlesTo ?? key.state : lost && !waiting(key.state) && !isTransientState(key.state) ? 'PendingImport' : key.state
  const transient = ends ? { settlesAt: undefined, settlesTo: undefined } : { settlesTo }
  return { key: freezeKey({ ...next, ...transient, state }), events, changed: true }
}

/**
 * Settles every key of a store at `now`. Costs the keys due at `now`, not the store: the store
 * keeps its keys under the instant each will change (a heap of deadlines), and only the keys whose
 * instant has come are looked at, each once (O(k log n) for k keys due; nothing when none is due).
 * @param store - the store
 * @param now - epoch ms
 * @returns the settled store and every event, oldest first (events of one instant in no promised
 *   order: they follow the keys' entries in the heap of deadlines). When nothing changed, the same keys:
 *   the same store when no deadline had come, else a store that differs only in the deadlines
 *   looked at (a deadline that passed without changing its key, e.g. of material deleted before
 *   its `ValidTo`, is not looked at again)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, settleStore, storeSize } from 'kms-key-import'
 * import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'
 * const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
 * const kms = createEmulator({ crypto: createDeterministicProvider(), clock })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * await kms.invoke('ScheduleKeyDeletion', { KeyId: created.right.KeyMetadata.KeyId, PendingWindowInDays: 7 })
 * const settled = settleStore(kms.store(), clock.now() + 8 * 86_400_000)
 * assert.equal(storeSize(settled.store), 0)
 * assert.deepEqual(settled.events.map((e) => e.eventName), ['DeleteKey'])
 * ```
 * @since 0.1.0
 */
export const settleStore = (store: KeyStore, now: number): {
  /** The store at `now`. */
  readonly store: KeyStore;
  /** What happened, oldest first. */
  readonly events: readonly KmsEvent[]
} => {
  if (now < store.earliestDeadline) return { store, events: [] }
  const due = takeDue(store, now)
  let settled = due.store
  const events: KmsEvent[] = []
  const gone = new Set<string>()
  for (const slot of due.slots) {
    const key = keyInSlot(settled, slot)
    // an entry left behind: the key went, or its deadline moved (it has an entry of its own)
    if (key === undefined || keyDeadline(key) > now) continue
    const s = settleKey(key, now)
    if (!s.changed) continue
    events.push(...s.events)
    if (s.key !== undefined) settled = putKey(settled, s.key)
    else {
      settled = removeKey(settled, key.keyId, key.region)
      if (key.multiRegion === true) gone.add(key.keyId)
    }
  }
  if (gone.size > 0) settled = settleRelations(settled, gone, events, now)
  events.sort((a, b) => a.eventTime - b.eventTime)
  return { store: settled, events }
}

/**
 * Keeps the relation of multi-Region keys true after keys went (docs/evidence.md §11): a Region
 * whose key is gone leaves its set (`removeKey` does that), a set with no key left goes, and a
 * primary key that was `PendingReplicaDeletion` becomes `PendingDeletion` when its last replica is
 * gone, its waiting period starting then.
 * @param store - the store, without the keys that went
 * @param gone - the ids of the multi-Region keys that went
 */
const settleRelations = (store: KeyStore, gone: ReadonlySet<string>, events: KmsEvent[], now: number): KeyStore => {
  let settled = store
  for (const keyId of gone) {
    const regions = settled.related.get(keyId)
    const region = regions?.size === 1 ? regions.first() : undefined
    const primary = region === undefined ? undefined : keyInSlot(settled, `${keyId}@${region}`)
    if (primary === undefined || primary.state !== 'PendingReplicaDeletion') continue
    const lastGone = Math.max(...events.filter((e) => e.eventName === 'DeleteKey' && e.keyId === keyId).map((e) => e.eventTime), -Infinity)
    const from = Number.isFinite(lastGone) ? lastGone : now
    const waiting = freezeKey({ ...primary, state: 'PendingDeletion', deletionDate: from + (primary.pendingDeletionWindowInDays ?? 30) * DAY_MS })
    const s = settleKey(waiting, now)
    events.push(...s.events)
    settled = s.key === undefined ? removeKey(settled, primary.keyId, primary.region) : putKey(settled, s.key)
  }
  return settled
}
