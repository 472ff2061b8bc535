/**
 * Expiry with several key materials (docs/evidence.md §8, §9): a pending material that expires leaves the
 * key state alone; a permanently associated one sends the key to PendingImport; DescribeKey
 * ValidTo is the earliest expiry among the permanently associated materials that are present.
 */
import { describe, expect, it } from 'vitest'
import { createExternalKey, DAY_MS, describeKey, expectError, expectOk, expiresAt, HOUR_MS, keyState, materialOf, seconds, T0 } from '../support/kms.js'
import { noPendingRotation } from '../support/messages.js'
import { allMaterials, importNew, importOk, importedKeyWithId, newKms, rotate } from './support.js'

describe('expiry of key materials (2025-06-05)', () => {
  it('a PENDING_ROTATION material that expires leaves the key Enabled; it is no longer available for rotation until reimported', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'), expiresAt(T0 + HOUR_MS))
    kms.clock.set(T0 + HOUR_MS)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true, CurrentKeyMaterialId: idA })
    expect(kms.events).toEqual([{ eventName: 'DeleteExpiredKeyMaterial', keyId: key.keyId, keyArn: key.arn, keyMaterialId: idB, eventTime: T0 + HOUR_MS }])
    expect(await allMaterials(kms, key.keyId)).toEqual([
      { KeyId: key.keyId, KeyMaterialId: idA, ImportState: 'IMPORTED', KeyMaterialState: 'CURRENT', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
      { KeyId: key.keyId, KeyMaterialId: idB, ImportState: 'PENDING_IMPORT', KeyMaterialState: 'PENDING_ROTATION' },
    ])
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), 'KMSInvalidStateException', noPendingRotation(key.arn))
    expect(await importOk(kms, key, materialOf('B'), expiresAt(T0 + 2 * DAY_MS))).toBe(idB)
    await rotate(kms, key)
    expect((await describeKey(kms, key.keyId)).CurrentKeyMaterialId).toBe(idB)
  })

  it('a PENDING_ROTATION material that expires leaves a Disabled key Disabled', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    await importNew(kms, key, materialOf('B'), expiresAt(T0 + HOUR_MS))
    expectOk(await kms.call('DisableKey', { KeyId: key.keyId }))
    kms.clock.advance(2 * HOUR_MS)
    expect(await keyState(kms, key.keyId)).toBe('Disabled')
  })

  it('a NON_CURRENT material that expires sends the key to PendingImport (at ValidTo, not before); reimport restores Enabled', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const idA = await importOk(kms, key, materialOf('A'), expiresAt(T0 + 2 * HOUR_MS))
    const idB = await importNew(kms, key, materialOf('B'))
    await rotate(kms, key)
    kms.clock.set(T0 + 2 * HOUR_MS - 1)
    expect(await keyState(kms, key.keyId)).toBe('Enabled')
    kms.clock.set(T0 + 2 * HOUR_MS)
    const meta = await describeKey(kms, key.keyId)
    expect(meta).toMatchObject({ KeyState: 'PendingImport', Enabled: false, CurrentKeyMaterialId: idB, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
    expect(meta).not.toHaveProperty('ValidTo')
    expect(kms.events.map((e) => e.eventName === 'DeleteExpiredKeyMaterial' && e.keyMaterialId)).toEqual([idA])
    expect((await allMaterials(kms, key.keyId)).map((m) => [m.KeyMaterialId, m.KeyMaterialState, m.ImportState])).toEqual([
      [idA, 'NON_CURRENT', 'PENDING_IMPORT'],
      [idB, 'CURRENT', 'IMPORTED'],
    ])
    expect(await importOk(kms, key, materialOf('A'), expiresAt(T0 + 3 * DAY_MS))).toBe(idA)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true, ValidTo: seconds(T0 + 3 * DAY_MS) })
  })

  it('a CURRENT material that expires sends the key to PendingImport; ExpirationModel and ValidTo are gone, CurrentKeyMaterialId stays', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const idA = await importOk(kms, key, materialOf('A'), expiresAt(T0 + DAY_MS))
    await importNew(kms, key, materialOf('B'))
    kms.clock.advance(DAY_MS)
    const meta = await describeKey(kms, key.keyId)
    expect(meta).toMatchObject({ KeyState: 'PendingImport', Enabled: false, CurrentKeyMaterialId: idA })
    expect(meta).not.toHaveProperty('ExpirationModel')
    expect(meta).not.toHaveProperty('ValidTo')
  })

  it('an expiring NON_CURRENT material leaves a PendingDeletion key PendingDeletion', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    await importOk(kms, key, materialOf('A'), expiresAt(T0 + HOUR_MS))
    await importNew(kms, key, materialOf('B'))
    await rotate(kms, key)
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    kms.clock.advance(2 * HOUR_MS)
    expect(await keyState(kms, key.keyId)).toBe('PendingDeletion')
  })
})

describe('DescribeKey ValidTo with several materials (2025-06-05)', () => {
  it('is the earliest expiry among the permanently associated materials, ignoring the pending one', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    await importOk(kms, key, materialOf('A'), expiresAt(T0 + 10 * DAY_MS))
    await importNew(kms, key, materialOf('B'), expiresAt(T0 + DAY_MS))
    expect(await describeKey(kms, key.keyId)).toMatchObject({ ValidTo: seconds(T0 + 10 * DAY_MS), ExpirationModel: 'KEY_MATERIAL_EXPIRES' })

    await rotate(kms, key)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ ValidTo: seconds(T0 + DAY_MS), ExpirationModel: 'KEY_MATERIAL_EXPIRES' })

    await importNew(kms, key, materialOf('C'), expiresAt(T0 + HOUR_MS))
    expect(await describeKey(kms, key.keyId)).toMatchObject({ ValidTo: seconds(T0 + DAY_MS) })
    kms.clock.set(T0 + HOUR_MS)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', ValidTo: seconds(T0 + DAY_MS) })
  })

  it('comes from a NON_CURRENT material when the CURRENT one never expires', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    await importOk(kms, key, materialOf('A'), expiresAt(T0 + 5 * DAY_MS))
    await importNew(kms, key, materialOf('B'))
    expect(await describeKey(kms, key.keyId)).toMatchObject({ ValidTo: seconds(T0 + 5 * DAY_MS), ExpirationModel: 'KEY_MATERIAL_EXPIRES' })
    await rotate(kms, key)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ ValidTo: seconds(T0 + 5 * DAY_MS), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
  })

  it('is absent when no present permanently associated material expires (only the pending one does)', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    await importNew(kms, key, materialOf('B'), expiresAt(T0 + DAY_MS))
    const meta = await describeKey(kms, key.keyId)
    expect(meta).toMatchObject({ ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
    expect(meta).not.toHaveProperty('ValidTo')
  })

  it('follows a reimport that changes a NON_CURRENT material\'s expiry', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    await importOk(kms, key, materialOf('A'), expiresAt(T0 + 5 * DAY_MS))
    await importNew(kms, key, materialOf('B'), expiresAt(T0 + 9 * DAY_MS))
    await rotate(kms, key)
    expect((await describeKey(kms, key.keyId)).ValidTo).toBe(seconds(T0 + 5 * DAY_MS))
    await importOk(kms, key, materialOf('A'), expiresAt(T0 + 20 * DAY_MS))
    expect((await describeKey(kms, key.keyId)).ValidTo).toBe(seconds(T0 + 9 * DAY_MS))
    await importOk(kms, key, materialOf('A'), { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
    expect((await describeKey(kms, key.keyId)).ValidTo).toBe(seconds(T0 + 9 * DAY_MS))
  })
})
