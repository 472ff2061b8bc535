/**
 * Settling (src/model/settle.ts): a key pending deletion is gone from the instant its deletion
 * date is reached (docs/evidence.md §2); until then it is as stored.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allKeys, isExpiredAt, settleKey, settleStore, storeSize, type KeyRecord, type KeyStore, type KmsEvent } from 'kms-key-import'
import { storeChanges } from 'kms-key-import/http'
import { freezeKey, updateKey } from '../../src/model/key-record.js'
import { getKey, putKey, removeKey, storeFromKeys } from '../../src/model/key-store.js'
import { distinctKeys, handBuiltKey, presentMaterial, storeOf, watchedKeys } from '../support/pure-env.js'
import { DAY_MS, T0, createExternalKey, createKey, expectOk, expectError, expiresAt, importMaterial, materialOf, newKms, succeed } from '../support/kms.js'

describe('settleKey: the end of the waiting period', () => {
  const pending = handBuiltKey({ origin: 'EXTERNAL', state: 'PendingDeletion' })
  const deletionDate = pending.deletionDate ?? Number.NaN

  it('keeps the key unchanged, with no event, at every instant before its deletion date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 * 86_400_000 }), (before) => {
        expect(settleKey(pending, deletionDate - before)).toEqual({ key: pending, events: [], changed: false })
      }),
    )
  })

  it('deletes the key, with one DeleteKey event dated at the deletion date, at every instant from it on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 86_400_000 }), (after) => {
        expect(settleKey(pending, deletionDate + after)).toEqual({
          key: undefined, changed: true, events: [{ eventName: 'DeleteKey', keyId: pending.keyId, keyArn: pending.arn, eventTime: deletionDate }],
        })
      }),
    )
  })

  it('leaves a key that is not pending deletion alone at any instant', () => {
    const idle = handBuiltKey({ origin: 'EXTERNAL', state: 'PendingImport' })
    expect(settleKey(idle, Number.MAX_SAFE_INTEGER)).toEqual({ key: idle, events: [], changed: false })
  })
})

describe('settleStore', () => {
  it('returns the same store when nothing is due', () => {
    const store = storeOf(handBuiltKey({ origin: 'EXTERNAL', state: 'PendingDeletion', n: 1 }), handBuiltKey({ origin: 'AWS_KMS', state: 'Enabled', n: 2 }))
    expect(settleStore(store, store.earliestDeadline - 1).store).toBe(store)
  })

  it('drops exactly the keys whose deletion date has come', () => {
    const doomed = handBuiltKey({ origin: 'EXTERNAL', state: 'PendingDeletion', n: 1 })
    const kept = handBuiltKey({ origin: 'AWS_KMS', state: 'Enabled', n: 2 })
    const settled = settleStore(storeOf(doomed, kept), doomed.deletionDate ?? 0)
    expect(storeSize(settled.store)).toBe(1)
    expect(settled.events.map((e) => e.eventName)).toEqual(['DeleteKey'])
  })
})

describe('isExpiredAt', () => {
  it('is expired from the instant ValidTo is reached; material without ValidTo never expires', () => {
    expect(isExpiredAt(1000, 999)).toBe(false)
    expect(isExpiredAt(1000, 1000)).toBe(true)
    expect(isExpiredAt(undefined, Number.MAX_SAFE_INTEGER)).toBe(false)
  })
})

describe('a passed deadline that settles nothing', () => {
  it('changes no key, so a failed request leaves the keys it found and nothing to persist', async () => {
    // material with a ValidTo, deleted before it: its ValidTo passes later and settles nothing
    const kms = newKms()
    const key = await createExternalKey(kms)
    await importMaterial(kms, key.keyId, materialOf('settles nothing'), expiresAt(T0 + DAY_MS))
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    const now = T0 + 2 * DAY_MS
    const settled = settleStore(kms.emulator.store(), now)
    expect(settled.events).toEqual([])
    expect(storeChanges(kms.emulator.store(), settled.store)).toEqual({ put: [], removed: [] })
    expect(settleStore(settled.store, now)).toEqual({ store: settled.store, events: [] })
    expect(settleStore(settled.store, now).store).toBe(settled.store)
    kms.clock.set(now)
    const before = kms.emulator.store()
    expectError(await kms.call('EnableKey', { KeyId: key.keyId }), 'KMSInvalidStateException', `${key.arn} is pending import.`)
    expect(storeChanges(before, kms.emulator.store())).toEqual({ put: [], removed: [] })
    expect(allKeys(kms.emulator.store())).toEqual(allKeys(before))
  })
})

/**
 * Settles a store, and a reference list of its keys by settling every key, at `now`: both must then
 * hold the same events (oldest first; events of one instant in no promised order).
 */
const settleBoth = (store: KeyStore, reference: readonly KeyRecord[], now: number): { store: KeyStore; reference: KeyRecord[] } => {
  const settled = settleStore(store, now)
  const expected = reference.map((k) => settleKey(k, now))
  const byTimeAndKey = (a: KmsEvent, b: KmsEvent): number => a.eventTime - b.eventTime || a.keyId.localeCompare(b.keyId) || a.eventName.localeCompare(b.eventName)
  expect(settled.events.map((e) => e.eventTime)).toEqual(settled.events.map((e) => e.eventTime).sort((a, b) => a - b))
  expect([...settled.events].sort(byTimeAndKey)).toEqual(expected.flatMap((e) => e.events).sort(byTimeAndKey))
  return { store: settled.store, reference: expected.flatMap((e) => (e.key === undefined ? [] : [e.key])) }
}

/** Removes a key from a store and from the reference list of its keys. */
const removeBoth = (store: KeyStore, reference: readonly KeyRecord[], key: KeyRecord): { store: KeyStore; reference: KeyRecord[] } =>
  ({ store: removeKey(store, key.keyId), reference: reference.filter((k) => k.keyId !== key.keyId) })

describe('settling a large store: the work of the keys that are due, not of the store', () => {
  const manyKeys = (n: number): KeyRecord[] => distinctKeys(n)
  const watched = watchedKeys

  it('reads only the key whose deletion date has come, not the 2,000 others', () => {
    const touched = new Set<string>()
    const keys = manyKeys(2000)
    const doomed = updateKey(keys[1000] as KeyRecord, { state: 'PendingDeletion', deletionDate: T0 + DAY_MS, pendingDeletionWindowInDays: 7 })
    const store = putKey(storeFromKeys(watched(keys, touched)), watched([doomed], touched)[0] as KeyRecord)
    touched.clear()
    const settled = settleStore(store, T0 + DAY_MS)
    expect(settled.events.map((e) => [e.eventName, e.keyId])).toEqual([['DeleteKey', doomed.keyId]])
    expect(storeSize(settled.store)).toBe(1999)
    expect([...touched]).toEqual([doomed.keyId])
    expect(allKeys(settled.store).map((k) => k.keyId)).toEqual(keys.filter((k) => k.keyId !== doomed.keyId).map((k) => k.keyId))
  })

  it('looks at a passed deadline that settled nothing once, not at every later request', () => {
    const touched = new Set<string>()
    const keys = manyKeys(2000)
    // a key pending deletion whose deletion was cancelled: its deletion date no longer comes
    const pending = updateKey(keys[5] as KeyRecord, { state: 'PendingDeletion', deletionDate: T0 + DAY_MS, pendingDeletionWindowInDays: 7 })
    const cancelled = updateKey(pending, { state: 'Disabled', deletionDate: undefined, pendingDeletionWindowInDays: undefined })
    const store = putKey(putKey(storeFromKeys(watched(keys, touched)), pending), cancelled)
    const first = settleStore(store, T0 + 2 * DAY_MS)
    expect(first.events).toEqual([])
    expect(storeChanges(store, first.store)).toEqual({ put: [], removed: [] })
    touched.clear()
    for (let i = 1; i <= 3; i++) expect(settleStore(first.store, T0 + 2 * DAY_MS + i).store).toBe(first.store)
    expect([...touched]).toEqual([])
  })

  it('a new key whose arrival rebuilds the deadline heap (entries left behind outnumber the keys) keeps its deadline', () => {
    const keys = distinctKeys(41)
    const [arriving, ...held] = [keys[40] as KeyRecord, ...keys.slice(0, 40)]
    let store = storeFromKeys(held)
    // 40 keys each scheduled for deletion then cancelled, three times: 120 entries left behind (none due)
    for (const round of [1, 2, 3]) {
      for (const key of held) {
        store = putKey(store, updateKey(key, { state: 'PendingDeletion', deletionDate: T0 + (100 + round) * DAY_MS, pendingDeletionWindowInDays: 7 }))
        store = putKey(store, key)
      }
    }
    // 30 of them gone: the 120 entries now outnumber the 10 keys held
    for (const key of held.slice(10)) store = removeKey(store, key.keyId)
    const doomed = updateKey(arriving, { state: 'PendingDeletion', deletionDate: T0 + DAY_MS, pendingDeletionWindowInDays: 7 })
    store = putKey(store, doomed)
    const settled = settleStore(store, T0 + DAY_MS)
    expect(settled.events.map((e) => [e.eventName, e.keyId])).toEqual([['DeleteKey', doomed.keyId]])
    expect(allKeys(settled.store).map((k) => k.keyId)).toEqual(held.slice(0, 10).map((k) => k.keyId))
  })

  it('a replica created when the heap is rebuilt still ends Creating (UpdatePrimaryRegion to it succeeds)', async () => {
    const kms = newKms()
    const mrk = await createKey(kms, { MultiRegion: true })
    const kept = await createKey(kms, {})
    const doomed: string[] = []
    for (let i = 0; i < 18; i++) doomed.push((await createKey(kms, {})).keyId)
    // 80 entries left behind by cancelled deletions, 18 by deletions that happen
    for (let i = 0; i < 80; i++) {
      await succeed(kms, 'ScheduleKeyDeletion', kept.keyId, { PendingWindowInDays: 30 })
      await succeed(kms, 'CancelKeyDeletion', kept.keyId)
    }
    for (const keyId of doomed) await succeed(kms, 'ScheduleKeyDeletion', keyId, { PendingWindowInDays: 7 })
    kms.clock.advance(8 * DAY_MS)
    expect(storeSize(kms.emulator.store())).toBe(20)
    expectOk(await kms.call('ListKeys', {}))
    expect(storeSize(kms.emulator.store())).toBe(2)
    await succeed(kms, 'ReplicateKey', mrk.keyId, { ReplicaRegion: 'eu-west-1' })
    kms.clock.advance(DAY_MS)
    await succeed(kms, 'UpdatePrimaryRegion', mrk.keyId, { PrimaryRegion: 'eu-west-1' })
    expect(getKey(kms.emulator.store(), mrk.keyId, 'eu-west-1')?.state).toBe('Updating')
  })

  it('property: after any puts, removals and settles, holds what settling every key holds, with the same events', () => {
    const pool = manyKeys(8)
    const edit = fc.record({ at: fc.nat(pool.length - 1), kind: fc.constantFrom('pend', 'cancel', 'remove', 'settle'), days: fc.integer({ min: 0, max: 20 }) })
    fc.assert(fc.property(fc.array(edit, { maxLength: 30 }), (edits) => {
      let store = storeFromKeys(pool)
      let reference: KeyRecord[] = [...pool]
      for (const { at, kind, days } of edits) {
        const key = pool[at] as KeyRecord
        const now = T0 + days * DAY_MS
        if (kind === 'settle') {
          ;({ store, reference } = settleBoth(store, reference, now))
        } else if (kind === 'remove') {
          ;({ store, reference } = removeBoth(store, reference, key))
        } else {
          const record = kind === 'pend'
            ? updateKey(key, { state: 'PendingDeletion', deletionDate: now, pendingDeletionWindowInDays: 7 })
            : updateKey(key, { state: 'Enabled', deletionDate: undefined, pendingDeletionWindowInDays: undefined })
          store = putKey(store, record)
          const i = reference.findIndex((k) => k.keyId === key.keyId)
          reference = i < 0 ? [...reference, record] : reference.map((k) => (k.keyId === key.keyId ? record : k))
        }
        expect(allKeys(store)).toEqual(reference)
      }
    }))
  })
})

describe('settling a store through compactions of its slots and rebuilds of its heap', () => {
  /** 64 distinct EXTERNAL keys holding material; a store starts with 4 (the others come new). */
  const pool = distinctKeys(64, () => ({ origin: 'EXTERNAL', materials: [presentMaterial()] }))

  it('property: hundreds of puts (new, replaced, re-added), removals and settles at instants forward and back hold what settling every key holds', () => {
    const edit = fc.record({
      at: fc.nat(pool.length - 1),
      // settles rare enough, and deadlines far enough ahead, that entries left behind pile up and the heap is rebuilt
      kind: fc.constantFrom('pend', 'pend', 'pend', 'expire', 'expire', 'cancel', 'remove', 'remove', 'settle'),
      hours: fc.integer({ min: 0, max: 24 * 20 }),
      ahead: fc.integer({ min: 1, max: 24 * 60 }),
      // the same edit to this many keys in a row (bursts of removals leave the heap's entries outnumbering the keys)
      run: fc.integer({ min: 1, max: 12 }),
    })
    fc.assert(fc.property(fc.array(edit, { minLength: 30, maxLength: 120 }), (edits) => {
      let store = storeFromKeys(pool.slice(0, 4))
      let reference: KeyRecord[] = pool.slice(0, 4)
      for (const { at: first, kind, hours, ahead } of edits.flatMap((e) => Array.from({ length: e.run }, (_, j) => ({ ...e, at: (e.at + j) % pool.length })))) {
        const key = pool[first] as KeyRecord
        const now = T0 + hours * 3_600_000
        if (kind === 'settle') {
          ;({ store, reference } = settleBoth(store, reference, now))
        } else if (kind === 'remove') {
          ;({ store, reference } = removeBoth(store, reference, key))
        } else {
          const later = now + ahead * 3_600_000
          const record = kind === 'pend'
            ? updateKey(key, { state: 'PendingDeletion', deletionDate: later, pendingDeletionWindowInDays: 7 })
            : kind === 'expire'
              ? updateKey(key, { materials: [{ ...presentMaterial(), expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: later }] })
              : key
          store = putKey(store, record)
          const i = reference.findIndex((k) => k.keyId === key.keyId)
          reference = i < 0 ? [...reference, record] : reference.map((k) => (k.keyId === key.keyId ? record : k))
        }
        expect(allKeys(store)).toEqual(reference)
      }
      // and everything due at the end of time
      expect(allKeys(settleStore(store, Number.MAX_SAFE_INTEGER).store)).toEqual(reference.flatMap((k) => settleKey(k, Number.MAX_SAFE_INTEGER).key ?? []))
    }), { numRuns: 60 })
  })
})

describe('a deadline settleKey does not act on', () => {
  const material = (validTo: number | undefined): KeyRecord['materials'][number] => ({
    ...presentMaterial(), expirationModel: validTo === undefined ? 'KEY_MATERIAL_DOES_NOT_EXPIRE' : 'KEY_MATERIAL_EXPIRES', validTo,
  })

  it('a settlesAt left on a state that is not transient hides no later deadline', () => {
    // an Enabled key carrying a past settlesAt (a snapshot may hold one): settleKey ignores it
    const stale = freezeKey({ ...handBuiltKey({ origin: 'EXTERNAL', state: 'Enabled', materials: [material(undefined)] }), settlesAt: T0, settlesTo: 'Enabled' })
    expect(settleKey(stale, T0 + 1).changed).toBe(false)
    const first = settleStore(storeFromKeys([stale]), T0 + 1)
    expect(first.events).toEqual([])
    // reimported with a ValidTo: the key now changes by itself at its ValidTo
    const expiring = updateKey(stale, { materials: [material(T0 + DAY_MS)] })
    const settled = settleStore(putKey(first.store, expiring), T0 + DAY_MS)
    expect(settled.events.map((e) => e.eventName)).toEqual(['DeleteExpiredKeyMaterial'])
    expect(allKeys(settled.store)).toEqual([settleKey(expiring, T0 + DAY_MS).key])
  })

  it('a snapshot holding such a key: its material still expires at its ValidTo', async () => {
    const sealingKey = new Uint8Array(32).fill(9)
    const kms = newKms({ sealingKey })
    const key = await createExternalKey(kms)
    await importMaterial(kms, key.keyId, materialOf('stale'))
    const saved = JSON.parse(JSON.stringify(kms.emulator.snapshot())) as { keys: Record<string, unknown>[] }
    saved.keys = saved.keys.map((k) => ({ ...k, settlesAt: T0, settlesTo: 'Enabled' }))
    const restored = newKms({ state: saved, sealingKey })
    restored.clock.set(T0 + 1)
    await succeed(restored, 'DeleteImportedKeyMaterial', key.keyId)
    await importMaterial(restored, key.keyId, materialOf('stale'), expiresAt(T0 + DAY_MS))
    restored.clock.set(T0 + DAY_MS)
    expectOk(await restored.call('ListKeys', {}))
    expect(restored.events.map((e) => e.eventName)).toEqual(['DeleteExpiredKeyMaterial'])
    expect(getKey(restored.emulator.store(), key.keyId)?.state).toBe('PendingImport')
  })
})
