/**
 * RotateKeyOnDemand (docs/evidence.md §8): the material pending rotation becomes CURRENT, the previous
 * one NON_CURRENT; nothing available → KMSInvalidStateException; at most 25 rotations; symmetric
 * keys only; the key-state table; `{KeyId: <key id>}`. Under the earlier profiles EXTERNAL keys
 * cannot rotate; AWS_KMS symmetric keys rotate to fresh material in every profile.
 */
import { describe, expect, it } from 'vitest'
import { createExternalKey, createKey, decrypt, describeKey, encrypt, expectBody, expectError, expectOk, HOUR_MS, materialOf, seconds, T0 } from '../support/kms.js'
import { disabled, noPendingRotation, pendingDeletion, pendingImport, rotationLimit, rotationUnsupported, wrongOrigin } from '../support/messages.js'
import { allMaterials, deleteMaterial, importNew, importOk, importReply, importedKeyWithId, listRotations, newKms, rotate } from './support.js'
import type { ProfileSelector } from 'kms-key-import'

describe('RotateKeyOnDemand of an imported symmetric key (2025-06-05)', () => {
  it('with nothing pending: KMSInvalidStateException "No available key material pending rotation"', async () => {
    const kms = newKms()
    const { key, id } = await importedKeyWithId(kms)
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), 'KMSInvalidStateException', noPendingRotation(key.arn))
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.arn }), 'KMSInvalidStateException', noPendingRotation(key.arn))
    expect((await describeKey(kms, key.keyId)).CurrentKeyMaterialId).toBe(id)
  })

  it('a pending material that was deleted is not available; once reimported it is', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'))
    expectOk(await deleteMaterial(kms, key.keyId, idB))
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('Enabled')
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), 'KMSInvalidStateException', noPendingRotation(key.arn))
    expect((await describeKey(kms, key.keyId)).CurrentKeyMaterialId).toBe(idA)
    expect(await importOk(kms, key, materialOf('B'))).toBe(idB)
    await rotate(kms, key)
    expect((await describeKey(kms, key.keyId)).CurrentKeyMaterialId).toBe(idB)
  })

  it('makes the pending material CURRENT (ON_DEMAND, RotationDate = now) and the previous one NON_CURRENT', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'), { KeyMaterialDescription: 'second' })
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', CurrentKeyMaterialId: idA })
    expect(await allMaterials(kms, key.keyId)).toEqual([
      { KeyId: key.keyId, KeyMaterialId: idA, ImportState: 'IMPORTED', KeyMaterialState: 'CURRENT', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
      { KeyId: key.keyId, KeyMaterialId: idB, KeyMaterialDescription: 'second', ImportState: 'IMPORTED', KeyMaterialState: 'PENDING_ROTATION', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
    ])

    kms.clock.advance(3 * HOUR_MS)
    const now = kms.clock.now()
    expectBody(await kms.call('RotateKeyOnDemand', { KeyId: key.arn }), { KeyId: key.keyId })

    expect(await allMaterials(kms, key.keyId)).toEqual([
      { KeyId: key.keyId, KeyMaterialId: idA, ImportState: 'IMPORTED', KeyMaterialState: 'NON_CURRENT', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
      {
        KeyId: key.keyId, KeyMaterialId: idB, KeyMaterialDescription: 'second', ImportState: 'IMPORTED', KeyMaterialState: 'CURRENT',
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', RotationDate: seconds(now), RotationType: 'ON_DEMAND',
      },
    ])
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true, CurrentKeyMaterialId: idB })
    // Nothing is pending any more.
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), 'KMSInvalidStateException', noPendingRotation(key.arn))
  })

  it('chains rotations: each previous CURRENT becomes NON_CURRENT, each RotationDate its own instant', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    const rotated: [string, number][] = []
    for (const label of ['B', 'C', 'D']) {
      const id = await importNew(kms, key, materialOf(label))
      kms.clock.advance(HOUR_MS)
      await rotate(kms, key)
      rotated.push([id, seconds(kms.clock.now())])
    }
    const all = await allMaterials(kms, key.keyId)
    expect(all.map((m) => [m.KeyMaterialId, m.KeyMaterialState, m.RotationDate, m.RotationType])).toEqual([
      [idA, 'NON_CURRENT', undefined, undefined],
      ...rotated.map(([id, at], i) => [id, i === rotated.length - 1 ? 'CURRENT' : 'NON_CURRENT', at, 'ON_DEMAND']),
    ])
    expect((await describeKey(kms, key.keyId)).CurrentKeyMaterialId).toBe(rotated[2]?.[0])
  })

  it('the 26th rotation: LimitExceededException, and nothing changes', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    for (let i = 1; i <= 25; i++) {
      await importNew(kms, key, materialOf(`limit/${i}`))
      await rotate(kms, key)
    }
    const pending = await importNew(kms, key, materialOf('limit/26'))
    const before = await describeKey(kms, key.keyId)
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), 'LimitExceededException', rotationLimit(key.arn))
    expect(await describeKey(kms, key.keyId)).toEqual(before)
    const all = await allMaterials(kms, key.keyId)
    expect(all).toHaveLength(27)
    expect(all.at(-1)).toMatchObject({ KeyMaterialId: pending, KeyMaterialState: 'PENDING_ROTATION' })
    expect((await listRotations(kms, key.keyId)).Rotations).toHaveLength(25)
  })

  it('the response is the key id whichever identifier the request used', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    await importNew(kms, key, materialOf('B'))
    expectBody(await kms.call('RotateKeyOnDemand', { KeyId: key.arn }), { KeyId: key.keyId })
  })
})

describe('RotateKeyOnDemand and the key-state table (2025-06-05)', () => {
  it('Disabled → DisabledException', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    await importNew(kms, key, materialOf('B'))
    expectOk(await kms.call('DisableKey', { KeyId: key.keyId }))
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), 'DisabledException', disabled(key.arn))
    expectOk(await kms.call('EnableKey', { KeyId: key.keyId }))
    await rotate(kms, key)
  })

  it('PendingImport (never imported) → KMSInvalidStateException "is pending import."', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), 'KMSInvalidStateException', pendingImport(key.arn))
  })

  it('PendingImport (CURRENT deleted, a material pending) → "is pending import."', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    await importNew(kms, key, materialOf('B'))
    expectOk(await deleteMaterial(kms, key.keyId))
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), 'KMSInvalidStateException', pendingImport(key.arn))
  })

  it('PendingDeletion → KMSInvalidStateException "is pending deletion."', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    await importNew(kms, key, materialOf('B'))
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), 'KMSInvalidStateException', pendingDeletion(key.arn))
  })
})

describe('RotateKeyOnDemand on keys that are not symmetric (2025-06-05)', () => {
  it.each([
    ['HMAC_256', 'GENERATE_VERIFY_MAC'],
    ['HMAC_512', 'GENERATE_VERIFY_MAC'],
    ['RSA_2048', 'ENCRYPT_DECRYPT'],
    ['RSA_3072', 'SIGN_VERIFY'],
    ['ECC_NIST_P256', 'SIGN_VERIFY'],
    ['ECC_SECG_P256K1', 'SIGN_VERIFY'],
  ])('an AWS_KMS %s key: UnsupportedOperationException "key spec … does not support on-demand rotation."', async (keySpec, keyUsage) => {
    const kms = newKms()
    const key = await createKey(kms, { KeySpec: keySpec, KeyUsage: keyUsage })
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), 'UnsupportedOperationException', rotationUnsupported(key.arn, keySpec))
  })

  it('an imported HMAC_256 key: the same UnsupportedOperationException', async () => {
    const kms = newKms()
    const key = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Origin: 'EXTERNAL' })
    expectOk(await importReply(kms, key.keyId, materialOf('hmac')))
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), 'UnsupportedOperationException', rotationUnsupported(key.arn, 'HMAC_256'))
  })
})

describe('RotateKeyOnDemand across profiles', () => {
  it.each(['classic', '2023-10-10'] as const)('%s: an Enabled EXTERNAL key → UnsupportedOperationException "origin is EXTERNAL"', async (profile) => {
    const kms = newKms({ profile })
    const key = await createExternalKey(kms)
    expectOk(await importReply(kms, key.keyId, materialOf('A')))
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), 'UnsupportedOperationException', wrongOrigin(key.arn, 'EXTERNAL'))
  })

  it.each(['classic', '2023-10-10'] as const)('%s: ListKeyRotations of an EXTERNAL key → the same UnsupportedOperationException, imported or not', async (profile) => {
    const kms = newKms({ profile })
    const key = await createExternalKey(kms)
    expectError(await kms.call('ListKeyRotations', { KeyId: key.keyId }), 'UnsupportedOperationException', wrongOrigin(key.arn, 'EXTERNAL'))
    expectOk(await importReply(kms, key.keyId, materialOf('A')))
    expectError(await kms.call('ListKeyRotations', { KeyId: key.keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }), 'UnsupportedOperationException', wrongOrigin(key.arn, 'EXTERNAL'))
  })

  it.each(['classic', '2023-10-10', '2025-06-05', 'latest'] as const satisfies readonly ProfileSelector[])(
    '%s: an AWS_KMS symmetric key rotates to fresh material; old ciphertext still decrypts',
    async (profile) => {
      const kms = newKms({ profile })
      const key = await createKey(kms, {})
      const before = await encrypt(kms, key.keyId, 'before')
      expect((await listRotations(kms, key.keyId, { IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).Rotations).toHaveLength(1)
      kms.clock.advance(HOUR_MS)
      await rotate(kms, key)
      const after = await encrypt(kms, key.keyId, 'after')
      const all = (await listRotations(kms, key.keyId, { IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).Rotations as readonly Record<string, unknown>[]
      expect(all.map((m) => [m.KeyMaterialState, m.RotationType, m.RotationDate])).toEqual([
        ['NON_CURRENT', undefined, undefined],
        ['CURRENT', 'ON_DEMAND', seconds(T0 + HOUR_MS)],
      ])
      expect(all[0]?.KeyMaterialId).not.toBe(all[1]?.KeyMaterialId)
      // AWS_KMS keys have no ImportState.
      expect(all.every((m) => !('ImportState' in m))).toBe(true)
      expect(await decrypt(kms, before)).toBe('before')
      expect(await decrypt(kms, after)).toBe('after')
    },
  )

  it('latest is 2025-06-05: an AWS_KMS key stops at 25 rotations; DescribeKey follows CurrentKeyMaterialId', async () => {
    const kms = newKms({ profile: 'latest' })
    expect(kms.emulator.profile.name).toBe('2025-06-05')
    const key = await createKey(kms, {})
    const seen = new Set<unknown>([(await describeKey(kms, key.keyId)).CurrentKeyMaterialId])
    for (let i = 0; i < 25; i++) {
      await rotate(kms, key)
      seen.add((await describeKey(kms, key.keyId)).CurrentKeyMaterialId)
    }
    expect(seen.size).toBe(26)
    expectError(await kms.call('RotateKeyOnDemand', { KeyId: key.keyId }), 'LimitExceededException', rotationLimit(key.arn))
  })
})
