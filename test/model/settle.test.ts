/**
 * Settling (src/model/settle.ts): a key pending deletion is gone from the instant its deletion
 * date is reached (docs/evidence.md §2); until then it is as stored.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allKeys, isExpiredAt, settleKey, settleStore, storeSize, type KeyRecord, type KmsEvent } from 'kms-key-import'
import { storeChanges } from 'kms-key-import/http'
import { updateKey } from '../../src/model/key-record.js'
import { putKey, removeKey, storeFromKeys } from '../../src/model/key-store.js'
import { distinctKeys, handBuiltKey, storeOf, watchedKeys } from '../support/pure-env.js'
import { DAY_MS, T0, createExternalKey, expectError, expiresAt, importMaterial, materialOf, newKms, succeed } from '../support/kms.js'

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

  type Kind = 'pend' | 'cancel' | 'remove' | 'settle'
  interface Run {
    /** Keys that may be put (the first `initial` in the store at first, the others new when put). */
    readonly pool: number
    readonly initial: number
    readonly kinds: readonly Kind[]
    readonly edits: { readonly min: number; readonly max: number }
    /** Deadlines set up to this many days on. */
    readonly days: number
    /** Settles within this many days (default `days`): later deadlines are left behind. */
    readonly settleDays?: number
    /** A removal takes a key held (default: any key of the pool, held or not). */
    readonly removeHeld?: boolean
    readonly numRuns?: number
    /** Report a failure as found, without shrinking it (long runs shrink for minutes). */
    readonly endOnFailure?: boolean
  }

  /** Random puts, removals and settles, each step held to settling every key. */
  const againstReference = (run: Run): void => {
    const pool = manyKeys(run.pool)
    const edit = fc.record({ at: fc.nat(pool.length - 1), kind: fc.constantFrom(...run.kinds), days: fc.integer({ min: 0, max: run.days }) })
    fc.assert(fc.property(fc.array(edit, { minLength: run.edits.min, maxLength: run.edits.max }), (edits) => {
      let store = storeFromKeys(pool.slice(0, run.initial))
      let reference: KeyRecord[] = pool.slice(0, run.initial)
      for (const { at, kind, days } of edits) {
        const key = (run.removeHeld === true && kind === 'remove' ? reference[at % Math.max(reference.length, 1)] : pool[at]) as KeyRecord | undefined
        const now = T0 + (kind === 'settle' ? days % ((run.settleDays ?? run.days) + 1) : days) * DAY_MS
        if (kind === 'settle') {
          const settled = settleStore(store, now)
          const expected = reference.map((k) => settleKey(k, now))
          // oldest first; events of one instant in no promised order (here: as their deadlines were set)
          const byTimeAndKey = (a: KmsEvent, b: KmsEvent): number => a.eventTime - b.eventTime || a.keyId.localeCompare(b.keyId) || a.eventName.localeCompare(b.eventName)
          expect(settled.events.map((e) => e.eventTime)).toEqual(settled.events.map((e) => e.eventTime).sort((a, b) => a - b))
          expect([...settled.events].sort(byTimeAndKey)).toEqual(expected.flatMap((e) => e.events).sort(byTimeAndKey))
          reference = expected.flatMap((e) => (e.key === undefined ? [] : [e.key]))
          store = settled.store
        } else if (key === undefined) {
          continue
        } else if (kind === 'remove') {
          store = removeKey(store, key.keyId)
          reference = reference.filter((k) => k.keyId !== key.keyId)
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
    }), { ...(run.numRuns === undefined ? {} : { numRuns: run.numRuns }), endOnFailure: run.endOnFailure === true })
  }

  it('property: after any puts, removals and settles, holds what settling every key holds, with the same events', () => {
    againstReference({ pool: 8, initial: 8, kinds: ['pend', 'cancel', 'remove', 'settle'], edits: { min: 0, max: 30 }, days: 20 })
  })

  it('property: the same where removed slots are compacted and the deadline heap is rebuilt, new keys arriving meanwhile', () => {
    // deadlines set far and moved often, settles early (entries are left behind: more than twice
    // the keys plus 64), keys removed as often as put (more removed slots than keys held, past 32)
    againstReference({
      pool: 100, initial: 4, kinds: ['pend', 'pend', 'pend', 'remove', 'remove', 'remove', 'settle'], edits: { min: 200, max: 400 },
      days: 2000, settleDays: 30, removeHeld: true, numRuns: 40, endOnFailure: true,
    })
  })
})
