/**
 * The AWS sequence recorded against the real service (docs/evidence.md §8, OBS), reproduced literally:
 * import A (no ImportType), import B with ImportType NEW_KEY_MATERIAL, import C with
 * NEW_KEY_MATERIAL refused while B is pending rotation.
 */
import { describe, expect, it } from 'vitest'
import { createExternalKey, describeKey, expectError, expectOk, materialOf } from '../support/kms.js'
import { pendingRotation } from '../support/messages.js'
import { allMaterials, deleteMaterial, importOk, importReply, newKms, rotate } from './support.js'

describe('the recorded AWS sequence (2025-06-05)', () => {
  it('import A → import B (NEW) → import C (NEW) refused: KMSInvalidStateException naming C, the key and B', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const [a, b, c] = [materialOf('recorded/A'), materialOf('recorded/B'), materialOf('recorded/C')]

    const idA = await importOk(kms, key, a)
    const idB = await importOk(kms, key, b, { ImportType: 'NEW_KEY_MATERIAL' })
    expect(idB).not.toBe(idA)

    const refused = await importReply(kms, key.keyId, c, { ImportType: 'NEW_KEY_MATERIAL' })
    expect(refused.status).toBe(400)
    expect(refused.body.__type).toBe('KMSInvalidStateException')
    const quoted = /^New key material \(id: ([0-9a-f]{64})\) cannot be imported into KMS key (\S+), because another key material \(id: ([0-9a-f]{64})\) is pending rotation\.$/
      .exec(String(refused.body.message))
    expect(quoted, String(refused.body.message)).not.toBeNull()

    // The refusal changed nothing: A CURRENT, B PENDING_ROTATION, still Enabled.
    expect((await allMaterials(kms, key.keyId)).map((m) => [m.KeyMaterialId, m.KeyMaterialState])).toEqual([[idA, 'CURRENT'], [idB, 'PENDING_ROTATION']])
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', CurrentKeyMaterialId: idA })

    // C's id: the same (key, material) imported once nothing is pending.
    await rotate(kms, key)
    const idC = await importOk(kms, key, c, { ImportType: 'NEW_KEY_MATERIAL' })
    expectError(refused, 'KMSInvalidStateException', pendingRotation(key.arn, idC, idB))
  })

  it('names the refused material by the id it gets once imported; a deleted pending material still holds the slot', async () => {
    const kms = newKms({ seed: 7 })
    const key = await createExternalKey(kms)
    await importOk(kms, key, materialOf('x/A'))
    const idB = await importOk(kms, key, materialOf('x/B'), { ImportType: 'NEW_KEY_MATERIAL' })
    const refusedC = await importReply(kms, key.keyId, materialOf('x/C'), { ImportType: 'NEW_KEY_MATERIAL' })

    // B deleted is still the material pending rotation (ImportState PENDING_IMPORT): C is refused alike.
    expectOk(await deleteMaterial(kms, key.keyId, idB))
    const refusedAgain = await importReply(kms, key.keyId, materialOf('x/C'), { ImportType: 'NEW_KEY_MATERIAL' })
    expect(refusedAgain.body).toEqual(refusedC.body)

    expect(await importOk(kms, key, materialOf('x/B'), { ImportType: 'EXISTING_KEY_MATERIAL' })).toBe(idB)
    await rotate(kms, key)
    const idC = await importOk(kms, key, materialOf('x/C'), { ImportType: 'NEW_KEY_MATERIAL' })
    expectError(refusedC, 'KMSInvalidStateException', pendingRotation(key.arn, idC, idB))

    const refusedD = await importReply(kms, key.keyId, materialOf('x/D'), { ImportType: 'NEW_KEY_MATERIAL' })
    await rotate(kms, key)
    const idD = await importOk(kms, key, materialOf('x/D'), { ImportType: 'NEW_KEY_MATERIAL' })
    expectError(refusedD, 'KMSInvalidStateException', pendingRotation(key.arn, idD, idC))
  })
})
