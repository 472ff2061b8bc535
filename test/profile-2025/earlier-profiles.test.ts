/**
 * The earlier profiles are unchanged by the 2025-06-05 one (docs/evidence.md §1, §4): under `classic` and
 * `2023-10-10` a key holds one material forever; ImportType, KeyMaterialId and
 * KeyMaterialDescription are unknown members (ignored); responses carry no KeyMaterialId and
 * DescribeKey no CurrentKeyMaterialId.
 */
import { describe, expect, it } from 'vitest'
import { getKey } from 'kms-key-import'
import { createExternalKey, createKey, describeKey, expectBody, expectError, keyState, materialOf } from '../support/kms.js'
import { MATERIAL_MISMATCH } from '../support/messages.js'
import { deleteMaterial, importReply, newKms } from './support.js'
import type { ProfileSelector } from 'kms-key-import'

const EARLIER = ['classic', '2023-10-10'] as const satisfies readonly ProfileSelector[]

describe.each(EARLIER)('the %s profile', (profile) => {
  it('a first import with ImportType EXISTING_KEY_MATERIAL succeeds (the member is ignored)', async () => {
    const kms = newKms({ profile }); const key = await createExternalKey(kms)
    expectBody(await importReply(kms, key.keyId, materialOf('A'), { ImportType: 'EXISTING_KEY_MATERIAL' }), { KeyId: key.arn })
    expect(await keyState(kms, key.keyId)).toBe('Enabled')
  })
  it('an ImportType outside the 2025 enum is ignored', async () => {
    const kms = newKms({ profile }); const key = await createExternalKey(kms)
    expectBody(await importReply(kms, key.keyId, materialOf('A'), { ImportType: 'BOGUS' }), { KeyId: key.arn })
  })
  it('ImportType NEW_KEY_MATERIAL with any KeyMaterialId is ignored', async () => {
    const kms = newKms({ profile }); const key = await createExternalKey(kms)
    expectBody(await importReply(kms, key.keyId, materialOf('A'), { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialId: 'not-an-id' }), { KeyId: key.arn })
  })
  it('a reimport of the same material with ImportType NEW_KEY_MATERIAL succeeds', async () => {
    const kms = newKms({ profile }); const key = await createExternalKey(kms)
    expectBody(await importReply(kms, key.keyId, materialOf('A')), { KeyId: key.arn })
    expectBody(await importReply(kms, key.keyId, materialOf('A'), { ImportType: 'NEW_KEY_MATERIAL' }), { KeyId: key.arn })
  })
  it('a reimport with a KeyMaterialId that names nothing succeeds', async () => {
    const kms = newKms({ profile }); const key = await createExternalKey(kms)
    expectBody(await importReply(kms, key.keyId, materialOf('A')), { KeyId: key.arn })
    expectBody(await importReply(kms, key.keyId, materialOf('A'), { KeyMaterialId: 'a'.repeat(64) }), { KeyId: key.arn })
  })
  it('DeleteImportedKeyMaterial ignores a KeyMaterialId and deletes the material', async () => {
    const kms = newKms({ profile }); const key = await createExternalKey(kms)
    expectBody(await importReply(kms, key.keyId, materialOf('A')), { KeyId: key.arn })
    expectBody(await deleteMaterial(kms, key.keyId, 'a'.repeat(64)), {})
    expect(await keyState(kms, key.keyId)).toBe('PendingImport')
  })
  it('a KeyMaterialDescription is not stored', async () => {
    const kms = newKms({ profile }); const key = await createExternalKey(kms)
    expectBody(await importReply(kms, key.keyId, materialOf('A'), { KeyMaterialDescription: 'bad!' }), { KeyId: key.arn })
    // ListKeyRotations is not served for EXTERNAL keys before 2025-06-05: the record itself shows it
    expect(getKey(kms.emulator.store(), key.keyId)?.materials.map((m) => m.description)).toEqual([undefined])
  })

  it('ImportKeyMaterial answers {KeyId: arn} only; DescribeKey has no CurrentKeyMaterialId', async () => {
    const kms = newKms({ profile })
    const key = await createExternalKey(kms)
    expectBody(await importReply(kms, key.keyId, materialOf('A')), { KeyId: key.arn })
    const meta = await describeKey(kms, key.keyId)
    expect(meta).toMatchObject({ KeyState: 'Enabled', Enabled: true, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
    expect(meta).not.toHaveProperty('CurrentKeyMaterialId')
    expectBody(await importReply(kms, key.keyId, materialOf('A')), { KeyId: key.arn })
  })

  it('DeleteImportedKeyMaterial answers an empty body; DescribeKey still has no CurrentKeyMaterialId', async () => {
    const kms = newKms({ profile })
    const key = await createExternalKey(kms)
    expectBody(await importReply(kms, key.keyId, materialOf('A')), { KeyId: key.arn })
    expectBody(await deleteMaterial(kms, key.keyId), {})
    const meta = await describeKey(kms, key.keyId)
    expect(meta).toMatchObject({ KeyState: 'PendingImport', Enabled: false })
    expect(meta).not.toHaveProperty('CurrentKeyMaterialId')
  })

  it('an AWS_KMS symmetric key has no CurrentKeyMaterialId either', async () => {
    const kms = newKms({ profile })
    const key = await createKey(kms, {})
    expect(await describeKey(kms, key.keyId)).not.toHaveProperty('CurrentKeyMaterialId')
  })

  it('one material forever: other material is refused, also with ImportType NEW_KEY_MATERIAL (an unknown member)', async () => {
    const kms = newKms({ profile })
    const key = await createExternalKey(kms)
    expectBody(await importReply(kms, key.keyId, materialOf('A')), { KeyId: key.arn })
    expectError(await importReply(kms, key.keyId, materialOf('B')), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
    expectError(await importReply(kms, key.keyId, materialOf('B'), { ImportType: 'NEW_KEY_MATERIAL' }), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
  })

  it('a KeyMaterialDescription the 2025 model would refuse does not fail the import', async () => {
    const kms = newKms({ profile })
    const key = await createExternalKey(kms)
    expectBody(await importReply(kms, key.keyId, materialOf('A'), { KeyMaterialDescription: `bad!${'x'.repeat(300)}` }), { KeyId: key.arn })
  })
})

it('2023-10-10: an HMAC key imports with ImportType / KeyMaterialDescription present (ignored)', async () => {
  const kms = newKms({ profile: '2023-10-10' })
  const key = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Origin: 'EXTERNAL' })
  expectBody(await importReply(kms, key.keyId, materialOf('hmac'), { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'x' }), { KeyId: key.arn })
})
