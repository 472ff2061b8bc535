/**
 * The earlier profiles are unchanged by the 2025-06-05 one (RULES.md §1, §4): under `classic` and
 * `2023-10-10` a key holds one material forever; ImportType, KeyMaterialId and
 * KeyMaterialDescription are unknown members (ignored); responses carry no KeyMaterialId and
 * DescribeKey no CurrentKeyMaterialId.
 */
import { describe, expect, it } from 'vitest'
import {
  createExternalKey, createKey, deleteMaterial, describeKey, expectBody, expectError, importReply, MATERIAL_MISMATCH, materialOf, newKms, type ProfileName,
} from './support.js'

const EARLIER = ['classic', '2023-10-10'] as const satisfies readonly ProfileName[]

describe.each(EARLIER)('the %s profile', (profile) => {
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
