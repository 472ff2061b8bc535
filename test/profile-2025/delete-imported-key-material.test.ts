/**
 * DeleteImportedKeyMaterial under the 2025-06-05 profile (docs/evidence.md §8): an optional KeyMaterialId
 * (default: the CURRENT material), the `{KeyId, KeyMaterialId}` response, which deletions send the
 * key to PendingImport, reimport back to Enabled, and what DescribeKey keeps.
 */
import { describe, expect, it } from 'vitest'
import { createKey, DAY_MS, describeKey, expectBody, expectError, expiresAt, keyState, materialOf, expectOk } from '../support/kms.js'
import { keyMaterialNotFound, SYMMETRIC_ONLY } from '../support/messages.js'
import { allMaterials, deleteMaterial, importNew, importOk, importedKeyWithId, newKms, rotate, importReply } from './support.js'

describe('DeleteImportedKeyMaterial (2025-06-05)', () => {
  it('without KeyMaterialId deletes the CURRENT material: {KeyId: arn, KeyMaterialId}, key PendingImport', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'))
    expectBody(await deleteMaterial(kms, key.keyId), { KeyId: key.arn, KeyMaterialId: idA })
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'PendingImport', Enabled: false })
    expect((await allMaterials(kms, key.keyId)).map((m) => [m.KeyMaterialId, m.KeyMaterialState, m.ImportState])).toEqual([
      [idA, 'CURRENT', 'PENDING_IMPORT'],
      [idB, 'PENDING_ROTATION', 'IMPORTED'],
    ])
  })

  it('answers the ARN whichever identifier the request used', async () => {
    const kms = newKms()
    const { key, id } = await importedKeyWithId(kms)
    expectBody(await deleteMaterial(kms, key.arn, id), { KeyId: key.arn, KeyMaterialId: id })
  })

  it('deleting the PENDING_ROTATION material leaves the key Enabled, and usable', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'))
    expectBody(await deleteMaterial(kms, key.keyId, idB), { KeyId: key.arn, KeyMaterialId: idB })
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true, CurrentKeyMaterialId: idA, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
    expectOk(await kms.call('Encrypt', { KeyId: key.keyId, Plaintext: 'aGk=' }))
  })

  it('deleting the PENDING_ROTATION material of a Disabled key leaves it Disabled', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'))
    expectOk(await kms.call('DisableKey', { KeyId: key.keyId }))
    expectOk(await deleteMaterial(kms, key.keyId, idB))
    expect(await keyState(kms, key.keyId)).toBe('Disabled')
  })

  it('deleting the CURRENT material by id → PendingImport', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'))
    await rotate(kms, key)
    expectBody(await deleteMaterial(kms, key.keyId, idB), { KeyId: key.arn, KeyMaterialId: idB })
    expect(await keyState(kms, key.keyId)).toBe('PendingImport')
    expect(await importOk(kms, key, materialOf('B'))).toBe(idB)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', CurrentKeyMaterialId: idB })
    expect(idA).not.toBe(idB)
  })

  it('deleting a NON_CURRENT material → PendingImport; reimporting it → Enabled', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'))
    await rotate(kms, key)
    expectBody(await deleteMaterial(kms, key.keyId, idA), { KeyId: key.arn, KeyMaterialId: idA })
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'PendingImport', Enabled: false, CurrentKeyMaterialId: idB })
    expect(await importOk(kms, key, materialOf('A'), { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: idA })).toBe(idA)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true, CurrentKeyMaterialId: idB })
  })

  it('delete two, reimport one → still PendingImport; reimport the other → Enabled (either order)', async () => {
    for (const order of [['A', 'B'], ['B', 'A']] as const) {
      const kms = newKms()
      const { key, id: idA } = await importedKeyWithId(kms, materialOf('A'))
      const idB = await importNew(kms, key, materialOf('B'))
      await rotate(kms, key)
      const idC = await importNew(kms, key, materialOf('C'))
      expectOk(await deleteMaterial(kms, key.keyId, idA))
      expectOk(await deleteMaterial(kms, key.keyId))
      expect(await keyState(kms, key.keyId)).toBe('PendingImport')
      const ids = { A: idA, B: idB }
      expect(await importOk(kms, key, materialOf(order[0]))).toBe(ids[order[0]])
      expect(await keyState(kms, key.keyId)).toBe('PendingImport')
      expect(await importOk(kms, key, materialOf(order[1]))).toBe(ids[order[1]])
      expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true, CurrentKeyMaterialId: idB })
      expect((await allMaterials(kms, key.keyId)).map((m) => [m.KeyMaterialId, m.KeyMaterialState, m.ImportState])).toEqual([
        [idA, 'NON_CURRENT', 'IMPORTED'],
        [idB, 'CURRENT', 'IMPORTED'],
        [idC, 'PENDING_ROTATION', 'IMPORTED'],
      ])
    }
  })

  it('a deleted pending material does not hold the key in PendingImport once the permanent ones are back', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'))
    expectOk(await deleteMaterial(kms, key.keyId, idB))
    expectOk(await deleteMaterial(kms, key.keyId, idA))
    expect(await keyState(kms, key.keyId)).toBe('PendingImport')
    await importOk(kms, key, materialOf('A'))
    expect(await keyState(kms, key.keyId)).toBe('Enabled')
  })

  it('an unknown KeyMaterialId → NotFoundException, and nothing is deleted', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    const other = await importedKeyWithId(kms, materialOf('other'))
    for (const id of ['0'.repeat(64), other.id]) {
      expectError(await deleteMaterial(kms, key.keyId, id), 'NotFoundException', keyMaterialNotFound(id, key.arn))
    }
    expect(await keyState(kms, key.keyId)).toBe('Enabled')
    expect(await keyState(kms, other.key.keyId)).toBe('Enabled')
  })

  it('a malformed KeyMaterialId → model ValidationException', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    expectError(
      await deleteMaterial(kms, key.keyId, 'Z'.repeat(64)),
      'ValidationException', "1 validation error detected: Value '" + 'Z'.repeat(64) + "' at 'keyMaterialId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-f0-9]+$",
    )
  })

  it('KeyMaterialId on a key that is not symmetric → ValidationException', async () => {
    const kms = newKms()
    const key = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Origin: 'EXTERNAL' })
    expectOk(await importReply(kms, key.keyId, materialOf('hmac')))
    expectError(await deleteMaterial(kms, key.keyId, 'a'.repeat(64)), 'ValidationException', SYMMETRIC_ONLY)
    expect(await keyState(kms, key.keyId)).toBe('Enabled')
  })

  it('DescribeKey keeps CurrentKeyMaterialId after a delete; ExpirationModel and ValidTo are gone', async () => {
    const kms = newKms()
    const key = await createKey(kms, { Origin: 'EXTERNAL' })
    const validTo = kms.clock.now() + 10 * DAY_MS
    const id = await importOk(kms, key, materialOf('A'), expiresAt(validTo))
    expect(await describeKey(kms, key.keyId)).toMatchObject({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo / 1000, CurrentKeyMaterialId: id })
    expectOk(await deleteMaterial(kms, key.keyId))
    const meta = await describeKey(kms, key.keyId)
    expect(meta).toMatchObject({ KeyState: 'PendingImport', Enabled: false, CurrentKeyMaterialId: id })
    expect(meta).not.toHaveProperty('ExpirationModel')
    expect(meta).not.toHaveProperty('ValidTo')
  })

  it('in PendingDeletion the state stays PendingDeletion', async () => {
    const kms = newKms()
    const { key, id } = await importedKeyWithId(kms)
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    expectBody(await deleteMaterial(kms, key.keyId, id), { KeyId: key.arn, KeyMaterialId: id })
    expect(await keyState(kms, key.keyId)).toBe('PendingDeletion')
  })
})
