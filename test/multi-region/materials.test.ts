/**
 * Imported asymmetric and HMAC multi-Region keys (2023-10-10 onward), and several materials of
 * symmetric multi-Region keys (2025-06-05): new material into the primary first, then into each
 * replica; rotation from the primary once every replica holds it (docs/evidence.md §11; decisions
 * new-material-replica, rotate-multi-region).
 */
import { createHmac, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { wrapKeyMaterial } from 'kms-key-import/testing'
import { b64, bytesAt, decrypt, decryptReply, describeKey, encrypt, expectOk, materialOf, newKms, stringAt, type JsonObject, type Kms } from '../support/kms.js'
import { MATERIAL_MISMATCH, SYMMETRIC_ONLY, pendingImport } from '../support/messages.js'
import { importInto } from '../usage/support.js'
import { importNew, importOk, importReply } from '../profile-2025/support.js'
import { EU, US, arnIn, createPrimary, expectRefusal, inRegion, replicated } from './support.js'

const MESSAGE = b64('a message')

/** An HMAC_256 multi-Region key with its material imported in us-east-1, replicated to EU (PendingImport there). */
const hmacReplicated = async (profile: '2023-10-10' | '2025-06-05'): Promise<{ readonly us: Kms; readonly eu: Kms; readonly keyId: string; readonly material: Uint8Array }> => {
  const kms = newKms({ profile })
  const us = inRegion(kms, US)
  const eu = inRegion(kms, EU)
  const material = materialOf('hmac', 32)
  const { keyId } = await createPrimary(us, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Origin: 'EXTERNAL' })
  await importInto(us, keyId, material)
  await replicated(us, keyId, EU)
  return { us, eu, keyId, material }
}

describe('imported HMAC and asymmetric multi-Region keys (2023-10-10 onward)', () => {
  it.each(['2023-10-10', '2025-06-05'] as const)('HMAC: a MAC made in one Region verifies in the other, with the same material (%s)', async (profile) => {
    const { us, eu, keyId, material } = await hmacReplicated(profile)
    expect(await describeKey(eu, keyId)).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', KeyState: 'PendingImport' })
    await importInto(eu, keyId, material)
    const mac = bytesAt(expectOk(await us.call('GenerateMac', { KeyId: keyId, Message: MESSAGE, MacAlgorithm: 'HMAC_SHA_256' })), 'Mac')
    expect(Buffer.from(mac)).toEqual(createHmac('sha256', material).update('a message').digest())
    expect(expectOk(await eu.call('VerifyMac', { KeyId: keyId, Message: MESSAGE, MacAlgorithm: 'HMAC_SHA_256', Mac: b64(mac) })).MacValid).toBe(true)
  })

  it('ECC: a signature made in one Region verifies in the other; other material is refused', async () => {
    const kms = newKms({ profile: '2023-10-10' })
    const us = inRegion(kms, US)
    const eu = inRegion(kms, EU)
    const pkcs8 = (): Uint8Array => new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'der', type: 'pkcs8' }))
    const mine = pkcs8()
    const { keyId } = await createPrimary(us, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Origin: 'EXTERNAL' })
    await importInto(us, keyId, mine)
    await replicated(us, keyId, EU)
    const params = expectOk(await eu.call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_2048' }))
    const other = wrapKeyMaterial(bytesAt(params, 'PublicKey'), 'RSA_AES_KEY_WRAP_SHA_256', pkcs8())
    expectRefusal(await eu.call('ImportKeyMaterial', { KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: b64(other), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
      'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
    await importInto(eu, keyId, mine)
    const signature = stringAt(expectOk(await eu.call('Sign', { KeyId: keyId, Message: MESSAGE, SigningAlgorithm: 'ECDSA_SHA_256' })), 'Signature')
    expect(expectOk(await us.call('Verify', { KeyId: keyId, Message: MESSAGE, SigningAlgorithm: 'ECDSA_SHA_256', Signature: signature })).SignatureValid).toBe(true)
  })

  it('classic: an EXTERNAL multi-Region key is symmetric only, as any EXTERNAL key of that era', async () => {
    const kms = newKms({ profile: 'classic' })
    const reply = await kms.call('CreateKey', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Origin: 'EXTERNAL', MultiRegion: true })
    expectRefusal(reply, 'ValidationException', 'KeySpec HMAC_256 is not supported for Origin EXTERNAL')
  })
})

describe('several materials of related keys (2025-06-05)', () => {
  const world = async (): Promise<{ us: Kms; eu: Kms; keyId: string; key: { keyId: string; arn: string }; replica: { keyId: string; arn: string }; first: string }> => {
    const kms = newKms({ profile: '2025-06-05', seed: 2025 })
    const us = inRegion(kms, US)
    const eu = inRegion(kms, EU)
    const key = await createPrimary(us)
    const first = await importOk(us, key, materialOf('A'))
    await replicated(us, key.keyId, EU)
    const replica = { keyId: key.keyId, arn: arnIn(EU, key.keyId) }
    await importOk(eu, replica, materialOf('A'))
    return { us, eu, keyId: key.keyId, key, replica, first }
  }

  it('new material goes into the primary, then into the replica with EXISTING_KEY_MATERIAL and its KeyMaterialId; rotation from the primary rotates both', async () => {
    const { us, eu, keyId, key, replica, first } = await world()
    const second = await importNew(us, key, materialOf('B'))
    expect(second).not.toBe(first)
    expect(await importOk(eu, replica, materialOf('B'), { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: second })).toBe(second)
    const before = await encrypt(us, keyId, 'before rotation')
    expect(expectOk(await us.call('RotateKeyOnDemand', { KeyId: keyId }))).toEqual({ KeyId: keyId })
    expect((await describeKey(us, keyId)).CurrentKeyMaterialId).toBe(second)
    expect((await describeKey(eu, keyId)).CurrentKeyMaterialId).toBe(second)
    expect(await decrypt(eu, before)).toBe('before rotation')
    expect(await decrypt(us, await encrypt(eu, keyId, 'after rotation'))).toBe('after rotation')
  })

  it('new material is PENDING_MULTI_REGION_IMPORT_AND_ROTATION in ListKeyRotations until every replica holds it, then PENDING_ROTATION (DOC RotationsListEntry)', async () => {
    const { us, eu, keyId, replica } = await world()
    const states = async (kms: Kms): Promise<unknown[]> =>
      (expectOk(await kms.call('ListKeyRotations', { KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).Rotations as JsonObject[])
        .map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.ImportState])
    const second = await importNew(us, { keyId, arn: arnIn(US, keyId) }, materialOf('B'))
    expect((await states(us))[1]).toEqual([second, 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION', 'IMPORTED'])
    expect((await states(eu))[1]).toEqual([second, 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION', 'PENDING_IMPORT'])
    await importOk(eu, replica, materialOf('B'), { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: second })
    expect((await states(us))[1]).toEqual([second, 'PENDING_ROTATION', 'IMPORTED'])
    expect((await states(eu))[1]).toEqual([second, 'PENDING_ROTATION', 'IMPORTED'])
  })

  it('refuses NEW_KEY_MATERIAL into a replica with UnsupportedOperationException', async () => {
    const { eu, keyId } = await world()
    expectRefusal(await importReply(eu, keyId, materialOf('B'), { ImportType: 'NEW_KEY_MATERIAL' }), 'UnsupportedOperationException',
      `New key material cannot be imported into the replica key ${arnIn(EU, keyId)}: import it into the primary key first, then into each replica with ImportType EXISTING_KEY_MATERIAL.`)
  })

  it('refuses material the primary does not have into a replica with IncorrectKeyMaterialException', async () => {
    const { eu, keyId } = await world()
    expectRefusal(await importReply(eu, keyId, materialOf('C'), { ImportType: 'EXISTING_KEY_MATERIAL' }), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
  })

  it('refuses RotateKeyOnDemand on a replica, and on the primary until every replica holds the new material', async () => {
    const { us, eu, keyId, key } = await world()
    expectRefusal(await eu.call('RotateKeyOnDemand', { KeyId: keyId }), 'UnsupportedOperationException',
      `On-demand rotation of multi-Region key ${arnIn(EU, keyId)} must be performed on its primary key.`)
    const second = await importNew(us, key, materialOf('B'))
    expectRefusal(await us.call('RotateKeyOnDemand', { KeyId: keyId }), 'KMSInvalidStateException',
      `Key material ${second} must be imported into every replica of ${key.arn} before on-demand rotation; the replica in ${EU} does not have it.`)
    expect((await describeKey(eu, keyId)).KeyState).toBe('Enabled') // the pending material does not make the replica PendingImport
  })

  it('DeleteImportedKeyMaterial of material pending rotation in the primary deletes it from every replica too; from a replica, only there (DOC API_DeleteImportedKeyMaterial)', async () => {
    const { us, eu, keyId, key, replica } = await world()
    const importState = async (kms: Kms, id: string): Promise<unknown> =>
      (expectOk(await kms.call('ListKeyRotations', { KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).Rotations as JsonObject[])
        .find((r) => r.KeyMaterialId === id)?.ImportState
    // PENDING_ROTATION: in the primary and the replica
    const second = await importNew(us, key, materialOf('B'))
    await importOk(eu, replica, materialOf('B'), { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: second })
    expectOk(await us.call('DeleteImportedKeyMaterial', { KeyId: keyId, KeyMaterialId: second }))
    expect(await importState(us, second)).toBe('PENDING_IMPORT')
    expect(await importState(eu, second)).toBe('PENDING_IMPORT')
    for (const kms of [us, eu]) expect((await describeKey(kms, keyId)).KeyState).toBe('Enabled') // only permanently associated material makes a key PendingImport
    // from a replica: the primary keeps it
    await importOk(us, key, materialOf('B'), { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: second })
    await importOk(eu, replica, materialOf('B'), { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: second })
    expectOk(await eu.call('DeleteImportedKeyMaterial', { KeyId: keyId, KeyMaterialId: second }))
    expect(await importState(eu, second)).toBe('PENDING_IMPORT')
    expect(await importState(us, second)).toBe('IMPORTED')
  })

  it('DeleteImportedKeyMaterial of the primary\'s current material leaves every replica as it was (DOC multi-region-keys-import: key states are independent)', async () => {
    const { us, eu, keyId, first } = await world()
    expectOk(await us.call('DeleteImportedKeyMaterial', { KeyId: keyId, KeyMaterialId: first }))
    expect((await describeKey(us, keyId)).KeyState).toBe('PendingImport')
    expect((await describeKey(eu, keyId)).KeyState).toBe('Enabled')
    const blob = await encrypt(eu, keyId, 'still in the replica')
    expect(await decrypt(eu, blob)).toBe('still in the replica')
    expectRefusal(await decryptReply(us, blob), 'KMSInvalidStateException', pendingImport(arnIn(US, keyId)))
  })

  it('the multiple-material members stay symmetric only for multi-Region keys', async () => {
    const kms = newKms({ profile: '2025-06-05' })
    const us = inRegion(kms, US)
    const { keyId } = await createPrimary(us, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Origin: 'EXTERNAL' })
    expectRefusal(await importReply(us, keyId, materialOf('h'), { ImportType: 'NEW_KEY_MATERIAL' }), 'ValidationException', SYMMETRIC_ONLY)
  })

  it('a replica of an HMAC key answers NEW_KEY_MATERIAL with the symmetric-only ValidationException, before the replica rule', async () => {
    const { eu, keyId, material } = await hmacReplicated('2025-06-05')
    await importInto(eu, keyId, material)
    expectRefusal(await importReply(eu, keyId, material, { ImportType: 'NEW_KEY_MATERIAL' }), 'ValidationException', SYMMETRIC_ONLY)
    expect((await describeKey(eu, keyId)).KeyState).toBe('Enabled')
  })
})

describe('KMS material of multi-Region keys', () => {
  it('is synchronized: a replica of an AWS_KMS key decrypts the primary\'s ciphertext, and on-demand rotation rotates both', async () => {
    const kms = newKms({ profile: '2025-06-05' })
    const us = inRegion(kms, US)
    const eu = inRegion(kms, EU)
    const { keyId } = await createPrimary(us, {})
    const blob = await encrypt(us, keyId, 'generated')
    await replicated(us, keyId, EU)
    expect(await decrypt(eu, blob)).toBe('generated')
    expectOk(await us.call('RotateKeyOnDemand', { KeyId: keyId }))
    expect((await describeKey(eu, keyId)).CurrentKeyMaterialId).toBe((await describeKey(us, keyId)).CurrentKeyMaterialId)
    expect(await decrypt(us, await encrypt(eu, keyId, 'rotated'))).toBe('rotated')
  })
})
