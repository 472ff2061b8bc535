/**
 * Settling (src/model/settle.ts): a key pending deletion is gone from the instant its deletion
 * date is reached (docs/evidence.md §2); until then it is as stored.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isExpiredAt, settleKey, settleStore, storeSize } from 'kms-key-import'
import { handBuiltKey, storeOf } from '../support/pure-env.js'
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
  it('keeps the very same store, so a failed request still leaves the store object it found', async () => {
    // material with a ValidTo, deleted before it: its ValidTo passes later and settles nothing
    const kms = newKms()
    const key = await createExternalKey(kms)
    await importMaterial(kms, key.keyId, materialOf('settles nothing'), expiresAt(T0 + DAY_MS))
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    const now = T0 + 2 * DAY_MS
    const settled = settleStore(kms.emulator.store(), now)
    expect(settleStore(settled.store, now)).toEqual({ store: settled.store, events: [] })
    expect(settleStore(settled.store, now).store).toBe(settled.store)
    kms.clock.set(now)
    const before = kms.emulator.store()
    expectError(await kms.call('EnableKey', { KeyId: key.keyId }), 'KMSInvalidStateException', `${key.arn} is pending import.`)
    expect(kms.emulator.store()).toBe(before)
  })
})
