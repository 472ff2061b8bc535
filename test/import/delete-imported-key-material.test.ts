/**
 * DeleteImportedKeyMaterial under the classic profile (docs/evidence.md §2.1, §4), through `handle`: the
 * origin check in every state, the material removed, the state it leaves, DescribeKey afterwards,
 * the empty response, and the same-material rule on reimport.
 */
import { describe, expect, it } from 'vitest'
import { DAY_MS, T0, createAwsKmsKey, createExternalKey, decrypt, describeKey, encrypt, encryptBody, expectError, expectOk, expiresAt, getParameters, importMaterial, importWith, importedKey, materialOf, newKms, succeed } from '../support/kms.js'
import { MATERIAL_MISMATCH, pendingImport, wrongOrigin } from '../support/messages.js'

describe('DeleteImportedKeyMaterial: the origin check, in every state (§2.1)', () => {
  it('refuses an Enabled AWS_KMS key with UnsupportedOperationException', async () => {
    const kms = newKms()
    const aws = await createAwsKmsKey(kms)
    expectError(await kms.call('DeleteImportedKeyMaterial', { KeyId: aws.keyId }), 'UnsupportedOperationException', wrongOrigin(aws.arn))
  })

  it('refuses a Disabled AWS_KMS key with UnsupportedOperationException', async () => {
    const kms = newKms()
    const aws = await createAwsKmsKey(kms)
    await succeed(kms, 'DisableKey', aws.keyId)
    expectError(await kms.call('DeleteImportedKeyMaterial', { KeyId: aws.keyId }), 'UnsupportedOperationException', wrongOrigin(aws.arn))
  })

  it('refuses a PendingDeletion AWS_KMS key with UnsupportedOperationException, not a state error', async () => {
    const kms = newKms()
    const aws = await createAwsKmsKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', aws.keyId, { PendingWindowInDays: 7 })
    expectError(await kms.call('DeleteImportedKeyMaterial', { KeyId: aws.keyId }), 'UnsupportedOperationException', wrongOrigin(aws.arn))
  })

  it('leaves a refused AWS_KMS key untouched: still usable', async () => {
    const kms = newKms()
    const aws = await createAwsKmsKey(kms)
    const before = await describeKey(kms, aws.keyId)
    expectError(await kms.call('DeleteImportedKeyMaterial', { KeyId: aws.arn }), 'UnsupportedOperationException', wrongOrigin(aws.arn))
    expect(await describeKey(kms, aws.keyId)).toEqual(before)
    expect(await decrypt(kms, await encrypt(kms, aws.keyId, 'still here'))).toBe('still here')
  })

  it('validates the request and resolves the key like the other import operations', async () => {
    const kms = newKms()
    expectError(await kms.call('DeleteImportedKeyMaterial', {}), 'ValidationException',
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null")
    const id = '0f0e0d0c-0b0a-4908-8706-050403020100'
    expectError(await kms.call('DeleteImportedKeyMaterial', { KeyId: id }), 'NotFoundException', `Key 'arn:aws:kms:us-east-1:111122223333:key/${id}' does not exist`)
  })
})

describe('DeleteImportedKeyMaterial: the change', () => {
  it('answers an empty JSON object {}', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const reply = await kms.call('DeleteImportedKeyMaterial', { KeyId: key.keyId })
    expect(reply.status).toBe(200)
    expect(reply.raw.body).toBe('{}')
  })

  it('accepts the key ARN', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    expect(expectOk(await kms.call('DeleteImportedKeyMaterial', { KeyId: key.arn }))).toEqual({})
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
  })

  it('moves an Enabled key to PendingImport, Enabled false', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'PendingImport', Enabled: false })
  })

  it('moves a Disabled key to PendingImport', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    await succeed(kms, 'DisableKey', key.keyId)
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'PendingImport', Enabled: false })
  })

  it('keeps a PendingDeletion key PendingDeletion; CancelKeyDeletion then gives PendingImport', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', key.keyId, { PendingWindowInDays: 7 })
    expect(expectOk(await kms.call('DeleteImportedKeyMaterial', { KeyId: key.keyId }))).toEqual({})
    const meta = await describeKey(kms, key.keyId)
    expect(meta).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false })
    expect(meta).not.toHaveProperty('ExpirationModel')
    await succeed(kms, 'CancelKeyDeletion', key.keyId)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'PendingImport', Enabled: false })
  })

  it('(contrast) CancelKeyDeletion of a key that kept its material gives Disabled', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', key.keyId, { PendingWindowInDays: 7 })
    await succeed(kms, 'CancelKeyDeletion', key.keyId)
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('Disabled')
  })

  it('is allowed on a PendingImport key that never had material, and on a key whose material is already deleted', async () => {
    const kms = newKms()
    const fresh = await createExternalKey(kms)
    expect(expectOk(await kms.call('DeleteImportedKeyMaterial', { KeyId: fresh.keyId }))).toEqual({})
    expect((await describeKey(kms, fresh.keyId)).KeyState).toBe('PendingImport')
    const key = await importedKey(kms)
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    expect(expectOk(await kms.call('DeleteImportedKeyMaterial', { KeyId: key.keyId }))).toEqual({})
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
  })

  it('removes ExpirationModel and ValidTo from DescribeKey', async () => {
    const kms = newKms()
    const key = await importedKey(kms, materialOf('default'), expiresAt(T0 + 10 * DAY_MS))
    expect(await describeKey(kms, key.keyId)).toMatchObject({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: (T0 + 10 * DAY_MS) / 1000 })
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    const meta = await describeKey(kms, key.keyId)
    expect(meta).not.toHaveProperty('ExpirationModel')
    expect(meta).not.toHaveProperty('ValidTo')
  })

  it('removes the material: Encrypt and Decrypt answer "<arn> is pending import."', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const ct = await encrypt(kms, key.keyId, 'before')
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    expectError(await kms.call('Encrypt', encryptBody(key.keyId, 'after')), 'KMSInvalidStateException', pendingImport(key.arn))
    expectError(await kms.call('Decrypt', { CiphertextBlob: ct }), 'KMSInvalidStateException', pendingImport(key.arn))
    expectError(await kms.call('EnableKey', { KeyId: key.keyId }), 'KMSInvalidStateException', pendingImport(key.arn))
  })
})

describe('DeleteImportedKeyMaterial: reimport afterwards (§4.7)', () => {
  it('takes the same material again: Enabled, and earlier ciphertext decrypts', async () => {
    const kms = newKms()
    const material = materialOf('keep')
    const key = await importedKey(kms, material)
    const ct = await encrypt(kms, key.keyId, 'survives deletion')
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    expect(expectOk(await importWith(kms, key.keyId, await getParameters(kms, key.keyId), material))).toEqual({ KeyId: key.arn })
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
    expect(await decrypt(kms, ct)).toBe('survives deletion')
  })

  it('refuses different material with IncorrectKeyMaterialException, and the key stays PendingImport', async () => {
    const kms = newKms()
    const key = await importedKey(kms, materialOf('keep'))
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    const params = await getParameters(kms, key.keyId)
    expectError(await importWith(kms, key.keyId, params, materialOf('other')), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
    // the token is still good for the right material
    expectOk(await importWith(kms, key.keyId, params, materialOf('keep')))
  })

  it('refuses different material after a delete from Disabled, and after a delete while PendingDeletion', async () => {
    const kms = newKms()
    const a = await importedKey(kms, materialOf('a'))
    await succeed(kms, 'DisableKey', a.keyId)
    await succeed(kms, 'DeleteImportedKeyMaterial', a.keyId)
    expectError(await importWith(kms, a.keyId, await getParameters(kms, a.keyId), materialOf('b')), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
    const b = await importedKey(kms, materialOf('b'))
    await succeed(kms, 'ScheduleKeyDeletion', b.keyId, { PendingWindowInDays: 7 })
    await succeed(kms, 'DeleteImportedKeyMaterial', b.keyId)
    await succeed(kms, 'CancelKeyDeletion', b.keyId)
    expectError(await importWith(kms, b.keyId, await getParameters(kms, b.keyId), materialOf('a')), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
    await importMaterial(kms, b.keyId, materialOf('b'))
    expect((await describeKey(kms, b.keyId)).KeyState).toBe('Enabled')
  })
})
