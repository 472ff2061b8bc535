/**
 * The key store and key records (src/model/key-store.ts, key-record.ts): immutable values; an
 * operation returns a new store and a new record, never changes the old ones.
 */
import { describe, expect, it } from 'vitest'
import { emptyStore, getKey, storeSize } from 'kms-key-import'
import { hasAllMaterial, updateKey } from '../../src/model/key-record.js'
import { keyDeadline, putKey } from '../../src/model/key-store.js'
import { T0, createExternalKey, newKms, succeed } from '../support/kms.js'
import { handBuiltKey, presentMaterial } from '../support/pure-env.js'

describe('key records', () => {
  it('are frozen, with their materials', () => {
    const key = handBuiltKey({ origin: 'EXTERNAL', state: 'Enabled', materials: [presentMaterial()] })
    expect(Object.isFrozen(key)).toBe(true)
    expect(Object.isFrozen(key.materials)).toBe(true)
    expect(Object.isFrozen(key.materials[0])).toBe(true)
  })

  it('change only by copy: updateKey returns a new frozen record and leaves the old one', () => {
    const key = handBuiltKey({ origin: 'AWS_KMS', state: 'Enabled' })
    const next = updateKey(key, { state: 'Disabled' })
    expect(next).not.toBe(key)
    expect([key.state, next.state]).toEqual(['Enabled', 'Disabled'])
    expect(Object.isFrozen(next)).toBe(true)
  })

  it('a key with no material has not all its material; one with its CURRENT material present has', () => {
    expect(hasAllMaterial(handBuiltKey({ origin: 'EXTERNAL', state: 'PendingImport' }))).toBe(false)
    expect(hasAllMaterial(handBuiltKey({ origin: 'EXTERNAL', state: 'Enabled', materials: [presentMaterial()] }))).toBe(true)
    expect(hasAllMaterial(handBuiltKey({ origin: 'EXTERNAL', state: 'PendingImport', materials: [{ ...presentMaterial(), secret: undefined }] }))).toBe(false)
  })
})

describe('the key store', () => {
  it('putKey returns a new store and leaves the old one as it was', () => {
    const empty = emptyStore()
    const key = handBuiltKey({ origin: 'EXTERNAL', state: 'PendingImport' })
    const one = putKey(empty, key)
    expect(storeSize(empty)).toBe(0)
    expect(storeSize(one)).toBe(1)
    expect(getKey(one, key.keyId)).toBe(key)
    expect(getKey(empty, key.keyId)).toBeUndefined()
    expect(Object.isFrozen(one)).toBe(true)
  })

  it('keeps the earliest deadline: the deletion date of a key pending deletion, Infinity otherwise', () => {
    const pending = handBuiltKey({ origin: 'EXTERNAL', state: 'PendingDeletion', n: 1 })
    const idle = handBuiltKey({ origin: 'EXTERNAL', state: 'PendingImport', n: 2 })
    expect(keyDeadline(idle)).toBe(Infinity)
    expect(keyDeadline(pending)).toBe(pending.deletionDate)
    expect(putKey(putKey(emptyStore(), idle), pending).earliestDeadline).toBe(pending.deletionDate)
  })

  it('the emulator\'s store is replaced, not mutated, by an operation that changes a key', async () => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    const before = kms.emulator.store()
    const record = getKey(before, keyId)
    await succeed(kms, 'ScheduleKeyDeletion', keyId)
    expect(kms.emulator.store()).not.toBe(before)
    expect(getKey(before, keyId)).toBe(record)
    expect(record?.state).toBe('PendingImport')
    expect(getKey(kms.emulator.store(), keyId)?.deletionDate).toBe(T0 + 30 * 86_400_000)
  })
})
