/**
 * Expiry of imported material (docs/evidence.md §9, §2.1): driven by the injected clock, no timers. At
 * `ValidTo` the material is gone and the key reads `PendingImport` (unless `PendingDeletion`);
 * one `DeleteExpiredKeyMaterial` event is reported; the same material can be reimported.
 */
import { describe, expect, it } from 'vitest'
import { getKey, isExpiredAt, settleKey, type KeyRecord } from 'kms-key-import'
import { DAY_MS, HOUR_MS, T0, decrypt, describeKey, encrypt, encryptBody, expectError, expiresAt, getParameters, importMaterial, importWith, importedKey, materialOf, newKms, seconds, succeed, type Kms } from '../support/kms.js'
import { MATERIAL_MISMATCH, pendingDeletion, pendingImport } from '../support/messages.js'

const VALID_TO = T0 + 6 * HOUR_MS

/** An EXTERNAL key holding material that expires at {@link VALID_TO}. */
const expiringKey = async (kms: Kms = newKms()) => {
  const material = materialOf('expiring')
  const key = await importedKey(kms, material, expiresAt(VALID_TO))
  return { kms, key, material }
}

/** The stored record of a key (as held by the emulator, not settled). */
const storedRecord = (kms: Kms, keyId: string): KeyRecord => {
  const record = getKey(kms.emulator.store(), keyId)
  if (record === undefined) throw new Error(`no record for ${keyId}`)
  return record
}

describe('expiry: before and at ValidTo', () => {
  it('keeps the key Enabled and usable at ValidTo − 1 ms', async () => {
    const { kms, key } = await expiringKey()
    kms.clock.set(VALID_TO - 1)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: seconds(VALID_TO) })
    expect(await decrypt(kms, await encrypt(kms, key.keyId, 'just in time'))).toBe('just in time')
  })

  it('reads PendingImport at ValidTo: Enabled false, no ExpirationModel, no ValidTo', async () => {
    const { kms, key } = await expiringKey()
    kms.clock.set(VALID_TO)
    const meta = await describeKey(kms, key.keyId)
    expect(meta).toMatchObject({ KeyState: 'PendingImport', Enabled: false, Origin: 'EXTERNAL' })
    expect(meta).not.toHaveProperty('ExpirationModel')
    expect(meta).not.toHaveProperty('ValidTo')
  })

  it('refuses Encrypt at ValidTo with KMSInvalidStateException "<arn> is pending import."', async () => {
    const { kms, key } = await expiringKey()
    kms.clock.set(VALID_TO)
    expectError(await kms.call('Encrypt', encryptBody(key.keyId, 'too late')), 'KMSInvalidStateException', pendingImport(key.arn))
  })

  it('refuses Decrypt of earlier ciphertext at ValidTo with "<arn> is pending import."', async () => {
    const { kms, key } = await expiringKey()
    const ct = await encrypt(kms, key.keyId, 'made before')
    kms.clock.set(VALID_TO)
    expectError(await kms.call('Decrypt', { CiphertextBlob: ct }), 'KMSInvalidStateException', pendingImport(key.arn))
  })

  it('refuses EnableKey and DisableKey at ValidTo with "<arn> is pending import."', async () => {
    const { kms, key } = await expiringKey()
    kms.clock.set(VALID_TO)
    expectError(await kms.call('EnableKey', { KeyId: key.keyId }), 'KMSInvalidStateException', pendingImport(key.arn))
    expectError(await kms.call('DisableKey', { KeyId: key.keyId }), 'KMSInvalidStateException', pendingImport(key.arn))
  })

  it('expires a Disabled key too: it reads PendingImport', async () => {
    const { kms, key } = await expiringKey()
    await succeed(kms, 'DisableKey', key.keyId)
    kms.clock.set(VALID_TO + DAY_MS)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'PendingImport', Enabled: false })
  })

  it('never expires KEY_MATERIAL_DOES_NOT_EXPIRE material', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    kms.clock.set(T0 + 5 * 365 * DAY_MS)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
    expect(kms.events).toEqual([])
  })
})

describe('expiry: the DeleteExpiredKeyMaterial event', () => {
  it('reports exactly one DeleteExpiredKeyMaterial event, with eventTime = ValidTo, however late it is noticed', async () => {
    const { kms, key } = await expiringKey()
    kms.clock.set(VALID_TO - 1)
    await describeKey(kms, key.keyId)
    expect(kms.events).toEqual([])
    kms.clock.set(VALID_TO + 3 * HOUR_MS + 17)
    await describeKey(kms, key.keyId)
    await kms.call('Encrypt', encryptBody(key.keyId, 'x'))
    kms.clock.advance(DAY_MS)
    await describeKey(kms, key.keyId)
    expect(kms.events).toHaveLength(1)
    expect(kms.events[0]).toMatchObject({ eventName: 'DeleteExpiredKeyMaterial', keyId: key.keyId, keyArn: key.arn, eventTime: VALID_TO })
    expect(kms.events[0]).toHaveProperty('keyMaterialId', expect.stringMatching(/^[0-9a-f]{64}$/))
  })

  it('runs no timer: moving the clock alone reports nothing until the emulator is called', async () => {
    const { kms, key } = await expiringKey()
    kms.clock.set(VALID_TO + HOUR_MS)
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(kms.events).toEqual([])
    await kms.call('DescribeKey', { KeyId: key.keyId })
    expect(kms.events).toHaveLength(1)
  })

  it('reports expiries of several keys noticed in one call oldest first, each at its ValidTo', async () => {
    const kms = newKms()
    const late = await importedKey(kms, materialOf('late'), expiresAt(VALID_TO + HOUR_MS))
    const early = await importedKey(kms, materialOf('early'), expiresAt(VALID_TO))
    kms.clock.set(VALID_TO + DAY_MS)
    await describeKey(kms, late.keyId)
    expect(kms.events.map((e) => [e.keyId, e.eventTime])).toEqual([[early.keyId, VALID_TO], [late.keyId, VALID_TO + HOUR_MS]])
  })

  it('reports nothing for material deleted before its ValidTo, and the old ValidTo no longer applies after a reimport', async () => {
    const { kms, key, material } = await expiringKey()
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    await importMaterial(kms, key.keyId, material)
    kms.clock.set(VALID_TO + DAY_MS)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
    expect(kms.events).toEqual([])
  })

  it('reports the expiry when any operation is called, even on another key', async () => {
    const { kms, key } = await expiringKey()
    const other = await importedKey(kms, materialOf('other'))
    kms.clock.set(VALID_TO)
    await describeKey(kms, other.keyId)
    expect(kms.events.map((e) => [e.eventName, e.keyId, e.eventTime])).toEqual([['DeleteExpiredKeyMaterial', key.keyId, VALID_TO]])
  })
})

describe('expiry: PendingDeletion keys', () => {
  it('keeps a PendingDeletion key PendingDeletion when its material expires; CancelKeyDeletion then gives PendingImport', async () => {
    const { kms, key } = await expiringKey()
    await succeed(kms, 'ScheduleKeyDeletion', key.keyId, { PendingWindowInDays: 7 })
    kms.clock.set(VALID_TO + HOUR_MS)
    const meta = await describeKey(kms, key.keyId)
    expect(meta).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false })
    expect(meta).not.toHaveProperty('ExpirationModel')
    expect(meta).not.toHaveProperty('ValidTo')
    expectError(await kms.call('Encrypt', encryptBody(key.keyId, 'x')), 'KMSInvalidStateException', pendingDeletion(key.arn))
    expect(kms.events.map((e) => [e.eventName, e.eventTime])).toEqual([['DeleteExpiredKeyMaterial', VALID_TO]])
    await succeed(kms, 'CancelKeyDeletion', key.keyId)
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
  })
})

describe('expiry: reimport', () => {
  it('reimport of the same material restores Enabled, and ciphertext from before the expiry decrypts', async () => {
    const { kms, key, material } = await expiringKey()
    const ct = await encrypt(kms, key.keyId, 'outlives its material', { purpose: 'expiry' })
    kms.clock.set(VALID_TO + DAY_MS)
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
    await importMaterial(kms, key.keyId, material, expiresAt(VALID_TO + 30 * DAY_MS))
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: seconds(VALID_TO + 30 * DAY_MS) })
    expect(await decrypt(kms, ct, { purpose: 'expiry' })).toBe('outlives its material')
  })

  it('refuses different material after an expiry', async () => {
    const { kms, key } = await expiringKey()
    kms.clock.set(VALID_TO)
    expectError(await importWith(kms, key.keyId, await getParameters(kms, key.keyId), materialOf('impostor')), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
  })

  it('reimport before ValidTo with a later ValidTo postpones the expiry', async () => {
    const { kms, key, material } = await expiringKey()
    await importMaterial(kms, key.keyId, material, expiresAt(VALID_TO + DAY_MS))
    kms.clock.set(VALID_TO)
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('Enabled')
    kms.clock.set(VALID_TO + DAY_MS)
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
    expect(kms.events.map((e) => e.eventTime)).toEqual([VALID_TO + DAY_MS])
  })
})

describe('expiry: settleKey is a pure function of (key, now)', () => {
  it('leaves the key as it is before ValidTo', async () => {
    const { kms, key } = await expiringKey()
    const record = storedRecord(kms, key.keyId)
    const settled = settleKey(record, VALID_TO - 1)
    expect(settled.changed).toBe(false)
    expect(settled.events).toEqual([])
    expect(settled.key).toBe(record)
  })

  it('gives the same output for the same inputs, and does not change its input', async () => {
    const { kms, key } = await expiringKey()
    const record = storedRecord(kms, key.keyId)
    const snapshot = structuredClone({ state: record.state, materials: record.materials.map((m) => ({ ...m, secret: m.secret === undefined ? 'absent' : 'present' })) })
    const a = settleKey(record, VALID_TO)
    const b = settleKey(record, VALID_TO)
    expect(a).toEqual(b)
    expect(a.changed).toBe(true)
    expect(a.key?.state).toBe('PendingImport')
    expect(a.key?.materials.every((m) => m.secret === undefined && m.validTo === undefined && m.expirationModel === undefined)).toBe(true)
    expect(a.events).toEqual([{ eventName: 'DeleteExpiredKeyMaterial', keyId: key.keyId, keyArn: key.arn, keyMaterialId: record.materials[0]?.keyMaterialId, eventTime: VALID_TO }])
    expect(Object.isFrozen(a.key)).toBe(true)
    expect({ state: record.state, materials: record.materials.map((m) => ({ ...m, secret: m.secret === undefined ? 'absent' : 'present' })) }).toEqual(snapshot)
  })

  it('dates the event at ValidTo whatever the instant of settling', async () => {
    const { kms, key } = await expiringKey()
    const record = storedRecord(kms, key.keyId)
    for (const now of [VALID_TO, VALID_TO + 1, VALID_TO + 200 * DAY_MS]) {
      expect(settleKey(record, now).events.map((e) => e.eventTime)).toEqual([VALID_TO])
    }
  })

  it('does not consult the emulator\'s clock: settling the stored record ignores where the clock is', async () => {
    const { kms, key } = await expiringKey()
    const record = storedRecord(kms, key.keyId)
    kms.clock.set(VALID_TO + DAY_MS)
    expect(settleKey(record, VALID_TO - 1).key?.state).toBe('Enabled')
    kms.clock.set(T0)
    expect(settleKey(record, VALID_TO).key?.state).toBe('PendingImport')
  })

  it('settles a PendingDeletion key to PendingDeletion, with the material gone', async () => {
    const { kms, key } = await expiringKey()
    await succeed(kms, 'ScheduleKeyDeletion', key.keyId, { PendingWindowInDays: 7 })
    const settled = settleKey(storedRecord(kms, key.keyId), VALID_TO)
    expect(settled.key?.state).toBe('PendingDeletion')
    expect(settled.key?.materials.every((m) => m.secret === undefined)).toBe(true)
  })

  it('isExpiredAt: expired from the instant ValidTo is reached; never without ValidTo', () => {
    expect(isExpiredAt(VALID_TO, VALID_TO - 1)).toBe(false)
    expect(isExpiredAt(VALID_TO, VALID_TO)).toBe(true)
    expect(isExpiredAt(VALID_TO, VALID_TO + 1)).toBe(true)
    expect(isExpiredAt(undefined, Number.MAX_SAFE_INTEGER)).toBe(false)
  })
})
