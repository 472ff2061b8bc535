/**
 * Encrypt and Decrypt with several key materials (docs/evidence.md §8): Encrypt uses the CURRENT
 * material; ciphertext made before a rotation still decrypts (NON_CURRENT); it fails with
 * `<arn> is pending import.` once its material is deleted or expired, and decrypts again after
 * the same material is reimported.
 */
import { describe, expect, it } from 'vitest'
import { createExternalKey, decrypt, decryptReply, encrypt, expectError, expectOk, expiresAt, HOUR_MS, materialOf, T0 } from '../support/kms.js'
import { pendingImport } from '../support/messages.js'
import { ciphertextMaterialId, deleteMaterial, importNew, importOk, importedKeyWithId, newKms, rotate } from './support.js'

describe('Encrypt and Decrypt across rotations (2025-06-05)', () => {
  it('Encrypt uses the CURRENT material, not the one pending rotation; after rotation the new CURRENT one', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'))
    const before = await encrypt(kms, key.keyId, 'before rotation')
    expect(ciphertextMaterialId(before)).toBe(idA)
    await rotate(kms, key)
    const after = await encrypt(kms, key.keyId, 'after rotation')
    expect(ciphertextMaterialId(after)).toBe(idB)
    expect(await decrypt(kms, before)).toBe('before rotation')
    expect(await decrypt(kms, after)).toBe('after rotation')
  })

  it('ciphertext of the CURRENT material survives deleting the pending material (it never used it)', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'))
    const ciphertext = await encrypt(kms, key.keyId, 'current only')
    expectOk(await deleteMaterial(kms, key.keyId, idB))
    expect(await decrypt(kms, ciphertext)).toBe('current only')
  })

  it('ciphertext of a NON_CURRENT material fails with "is pending import." once it is deleted, and decrypts after reimport', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    await importNew(kms, key, materialOf('B'))
    const old = await encrypt(kms, key.keyId, 'old material')
    await rotate(kms, key)
    const current = await encrypt(kms, key.keyId, 'new material')
    expectOk(await deleteMaterial(kms, key.keyId, idA))
    expectError(await decryptReply(kms, old), 'KMSInvalidStateException', pendingImport(key.arn))
    expectError(await decryptReply(kms, current), 'KMSInvalidStateException', pendingImport(key.arn))
    expectError(await kms.call('Encrypt', { KeyId: key.keyId, Plaintext: 'aGk=' }), 'KMSInvalidStateException', pendingImport(key.arn))
    await importOk(kms, key, materialOf('A'))
    expect(await decrypt(kms, old)).toBe('old material')
    expect(await decrypt(kms, current)).toBe('new material')
  })

  it('ciphertext of the CURRENT material fails once it is deleted, and decrypts after reimport', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'))
    await rotate(kms, key)
    const ciphertext = await encrypt(kms, key.keyId, 'under B')
    expectOk(await deleteMaterial(kms, key.keyId, idB))
    expectError(await decryptReply(kms, ciphertext), 'KMSInvalidStateException', pendingImport(key.arn))
    await importOk(kms, key, materialOf('B'), { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: idB })
    expect(await decrypt(kms, ciphertext)).toBe('under B')
  })

  it('ciphertext of a NON_CURRENT material fails once it expires, and decrypts after reimport', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    await importOk(kms, key, materialOf('A'), expiresAt(T0 + HOUR_MS))
    await importNew(kms, key, materialOf('B'))
    const old = await encrypt(kms, key.keyId, 'expiring material')
    await rotate(kms, key)
    expect(await decrypt(kms, old)).toBe('expiring material')
    kms.clock.set(T0 + HOUR_MS)
    expectError(await decryptReply(kms, old), 'KMSInvalidStateException', pendingImport(key.arn))
    await importOk(kms, key, materialOf('A'), expiresAt(T0 + 2 * HOUR_MS))
    expect(await decrypt(kms, old)).toBe('expiring material')
  })

  it('ciphertext keeps decrypting through many rotations', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms, materialOf('r/0'))
    const ciphertexts: [string, string][] = [[await encrypt(kms, key.keyId, 'r/0'), 'r/0']]
    for (let i = 1; i <= 5; i++) {
      await importNew(kms, key, materialOf(`r/${i}`))
      await rotate(kms, key)
      ciphertexts.push([await encrypt(kms, key.keyId, `r/${i}`), `r/${i}`])
    }
    expect(new Set(ciphertexts.map(([c]) => ciphertextMaterialId(c))).size).toBe(6)
    for (const [c, plaintext] of ciphertexts) expect(await decrypt(kms, c)).toBe(plaintext)
  })
})
