/**
 * Imported material across Regions (docs/evidence.md §11; decision first-material-fixes-set): KMS
 * does not copy it; the same material must be imported into each related key; tokens are bound to
 * the key in their Region; expiry, deletion and key state are per Region; a ciphertext decrypts in
 * another Region once the related key there holds the material.
 */
import { describe, expect, it } from 'vitest'
import {
  DAY_MS, decrypt, decryptReply, describeKey, encrypt, expectOk, expiresAt, getParameters, importBody, importMaterial, importWith,
  materialOf, newKms, wrap, type Kms,
} from '../support/kms.js'
import { MATERIAL_MISMATCH, INVALID_TOKEN, pendingImport } from '../support/messages.js'
import { EU, US, arnIn, createPrimary, expectRefusal, inRegion, replicated } from './support.js'

const PROFILES = ['classic', '2023-10-10', '2025-06-05'] as const
const MATERIAL = materialOf('shared')
const OTHER = materialOf('other')

describe.each(PROFILES)('import into related multi-Region keys (%s)', (profile) => {
  const world = (): { us: Kms; eu: Kms } => {
    const kms = newKms({ profile })
    return { us: inRegion(kms, US), eu: inRegion(kms, EU) }
  }
  /** A primary in us-east-1 holding MATERIAL and a finished replica in eu-west-1 without it. */
  const pair = async (): Promise<{ us: Kms; eu: Kms; keyId: string }> => {
    const { us, eu } = world()
    const { keyId } = await createPrimary(us)
    await importMaterial(us, keyId, MATERIAL)
    await replicated(us, keyId, EU)
    return { us, eu, keyId }
  }

  it('a replica accepts the primary\'s material and becomes Enabled; its own GetParametersForImport in its Region', async () => {
    const { eu, keyId } = await pair()
    expect((await describeKey(eu, keyId)).KeyState).toBe('PendingImport')
    await importMaterial(eu, keyId, MATERIAL)
    expect(await describeKey(eu, keyId)).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
  })

  it('a replica refuses other material with IncorrectKeyMaterialException, and stays PendingImport', async () => {
    const { eu, keyId } = await pair()
    const params = await getParameters(eu, keyId)
    expectRefusal(await importWith(eu, keyId, params, OTHER), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
    expect((await describeKey(eu, keyId)).KeyState).toBe('PendingImport')
  })

  it('an import token is bound to the key in its Region: the primary\'s token is refused by the replica', async () => {
    const { us, eu, keyId } = await pair()
    const params = await getParameters(us, keyId)
    expectRefusal(await eu.call('ImportKeyMaterial', importBody(keyId, params.importToken, wrap(params, MATERIAL))), 'InvalidImportTokenException', INVALID_TOKEN)
  })

  it('the primary\'s material fixes it for the set, even once deleted from the primary: every related key refuses other material and accepts it', async () => {
    // ReplicateKey needs an Enabled primary (docs/evidence.md §11), so the primary always holds the first material
    const { us, eu, keyId } = await pair()
    expectOk(await us.call('DeleteImportedKeyMaterial', { KeyId: keyId }))
    for (const kms of [us, eu]) {
      const params = await getParameters(kms, keyId)
      expectRefusal(await importWith(kms, keyId, params, OTHER), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
      expectOk(await importWith(kms, keyId, params, MATERIAL))
      expect((await describeKey(kms, keyId)).KeyState).toBe('Enabled')
    }
  })

  it('a ciphertext of one Region decrypts in the other once the related key holds the material, not before', async () => {
    const { us, eu, keyId } = await pair()
    const blob = await encrypt(us, keyId, 'across Regions')
    expectRefusal(await decryptReply(eu, blob), 'KMSInvalidStateException', pendingImport(arnIn(EU, keyId)))
    await importMaterial(eu, keyId, MATERIAL)
    expect(await decrypt(eu, blob)).toBe('across Regions')
    expect(await decrypt(us, await encrypt(eu, keyId, 'and back'))).toBe('and back')
  })

  it('the same material in an unrelated key does not make it interoperable', async () => {
    const { us, eu, keyId } = await pair()
    const unrelated = await createPrimary(eu)
    await importMaterial(eu, unrelated.keyId, MATERIAL)
    const blob = await encrypt(us, keyId, 'secret')
    const reply = await decryptReply(eu, blob, undefined, unrelated.keyId)
    expect(reply.body.__type).toBe('IncorrectKeyException')
  })

  it('expiry is per Region: the primary\'s material expiring leaves the replica Enabled', async () => {
    const { us, eu } = world()
    const { keyId } = await createPrimary(us)
    await importMaterial(us, keyId, MATERIAL, expiresAt(us.clock.now() + DAY_MS))
    await replicated(us, keyId, EU)
    await importMaterial(eu, keyId, MATERIAL)
    const blob = await encrypt(eu, keyId, 'still here')
    us.clock.advance(DAY_MS)
    expect((await describeKey(us, keyId)).KeyState).toBe('PendingImport')
    expect(await describeKey(eu, keyId)).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
    expect(await decrypt(eu, blob)).toBe('still here')
  })

  it('expiry is set per Region: the replica\'s own earlier ValidTo ends its material only, and the primary keeps its own', async () => {
    const { us, eu } = world()
    const { keyId } = await createPrimary(us)
    const primaryValidTo = us.clock.now() + 3 * DAY_MS
    const replicaValidTo = us.clock.now() + DAY_MS
    await importMaterial(us, keyId, MATERIAL, expiresAt(primaryValidTo))
    await replicated(us, keyId, EU)
    await importMaterial(eu, keyId, MATERIAL, expiresAt(replicaValidTo))
    expect(await describeKey(us, keyId)).toMatchObject({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: primaryValidTo / 1000 })
    expect(await describeKey(eu, keyId)).toMatchObject({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: replicaValidTo / 1000 })
    const blob = await encrypt(us, keyId, 'the primary still has it')
    us.clock.advance(DAY_MS)
    expect((await describeKey(eu, keyId)).KeyState).toBe('PendingImport')
    expect(await describeKey(us, keyId)).toMatchObject({ KeyState: 'Enabled', ValidTo: primaryValidTo / 1000 })
    expect(await decrypt(us, blob)).toBe('the primary still has it')
    expectRefusal(await decryptReply(eu, blob), 'KMSInvalidStateException', pendingImport(arnIn(EU, keyId)))
  })

  it('DeleteImportedKeyMaterial in one Region leaves the other untouched, and the deleted Region accepts only the same material again', async () => {
    const { us, eu, keyId } = await pair()
    await importMaterial(eu, keyId, MATERIAL)
    expectOk(await eu.call('DeleteImportedKeyMaterial', { KeyId: keyId }))
    expect((await describeKey(eu, keyId)).KeyState).toBe('PendingImport')
    expect((await describeKey(us, keyId)).KeyState).toBe('Enabled')
    const params = await getParameters(eu, keyId)
    expectRefusal(await importWith(eu, keyId, params, OTHER), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
    expectOk(await importWith(eu, keyId, params, MATERIAL))
  })

  it('deleting the replica leaves the primary usable, and the primary may replicate there again', async () => {
    const { us, eu, keyId } = await pair()
    expectOk(await eu.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 }))
    us.clock.advance(7 * DAY_MS)
    expect((await describeKey(us, keyId)).MultiRegionConfiguration).toMatchObject({ ReplicaKeys: [] })
    expect(await decrypt(us, await encrypt(us, keyId, 'alone'))).toBe('alone')
    await replicated(us, keyId, EU)
    await importMaterial(eu, keyId, MATERIAL)
  })
})

describe('KeyMaterialId across Regions (2025-06-05)', () => {
  it('is the same in every related key for the same material', async () => {
    const kms = newKms({ profile: '2025-06-05' })
    const us = inRegion(kms, US)
    const eu = inRegion(kms, EU)
    const { keyId } = await createPrimary(us)
    const first = await getParameters(us, keyId)
    const inPrimary = expectOk(await importWith(us, keyId, first, MATERIAL)).KeyMaterialId
    await replicated(us, keyId, EU)
    const params = await getParameters(eu, keyId)
    const inReplica = expectOk(await importWith(eu, keyId, params, MATERIAL)).KeyMaterialId
    expect(inReplica).toBe(inPrimary)
    expect((await describeKey(eu, keyId)).CurrentKeyMaterialId).toBe(inPrimary)
  })
})
