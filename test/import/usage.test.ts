/**
 * The usage gate and Encrypt/Decrypt on imported keys (docs/evidence.md §2.1): which states may use the
 * material, the encryption context, ciphertext that outlives a delete, tampering, and Decrypt's
 * KeyId check. Also the exported pure gate, `usableMaterial`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { classicProfile, getKey, settleKey, usableMaterial, type KeyRecord } from 'kms-key-import'
import { DAY_MS, T0, createAwsKmsKey, createExternalKey, decrypt, describeKey, encrypt, encryptBody, expectError, expiresAt, flipBit, importMaterial, importedKey, materialOf, newKms, succeed, unb64, b64, type Kms } from '../support/kms.js'
import { disabled, pendingDeletion, pendingImport } from '../support/messages.js'

const INCORRECT_KEY = 'The key ID in the request does not identify the KMS key that encrypted the ciphertext.'

/** The stored record of a key. */
const recordOf = (kms: Kms, keyId: string): KeyRecord => {
  const record = getKey(kms.emulator.store(), keyId)
  if (record === undefined) throw new Error(`no record for ${keyId}`)
  return record
}

describe('the usage gate through Encrypt and Decrypt', () => {
  it('refuses a Disabled key with DisabledException "<arn> is disabled." (Encrypt and Decrypt)', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const ct = await encrypt(kms, key.keyId, 'x')
    await succeed(kms, 'DisableKey', key.keyId)
    expectError(await kms.call('Encrypt', encryptBody(key.keyId, 'x')), 'DisabledException', disabled(key.arn))
    expectError(await kms.call('Decrypt', { CiphertextBlob: ct }), 'DisabledException', disabled(key.arn))
    await succeed(kms, 'EnableKey', key.keyId)
    expect(await decrypt(kms, ct)).toBe('x')
  })

  it('refuses a PendingImport key with KMSInvalidStateException "<arn> is pending import."', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    expectError(await kms.call('Encrypt', encryptBody(key.keyId, 'x')), 'KMSInvalidStateException', pendingImport(key.arn))
    expectError(await kms.call('Encrypt', encryptBody(key.arn, 'x')), 'KMSInvalidStateException', pendingImport(key.arn))
  })

  it('refuses Decrypt for a key PendingImport after a delete with "<arn> is pending import."', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const ct = await encrypt(kms, key.keyId, 'x')
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    expectError(await kms.call('Decrypt', { CiphertextBlob: ct }), 'KMSInvalidStateException', pendingImport(key.arn))
  })

  it('refuses a PendingDeletion key with KMSInvalidStateException "<arn> is pending deletion." (Encrypt and Decrypt)', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const ct = await encrypt(kms, key.keyId, 'x')
    await succeed(kms, 'ScheduleKeyDeletion', key.keyId, { PendingWindowInDays: 7 })
    expectError(await kms.call('Encrypt', encryptBody(key.keyId, 'x')), 'KMSInvalidStateException', pendingDeletion(key.arn))
    expectError(await kms.call('Decrypt', { CiphertextBlob: ct }), 'KMSInvalidStateException', pendingDeletion(key.arn))
  })

  it('answers Encrypt with the key ARN and SYMMETRIC_DEFAULT', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const body = await succeed(kms, 'Encrypt', key.keyId, { Plaintext: b64(new Uint8Array([1, 2, 3])) })
    expect(body).toMatchObject({ KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' })
    expect(Object.keys(body).sort()).toEqual(['CiphertextBlob', 'EncryptionAlgorithm', 'KeyId'])
    const plain = await kms.call('Decrypt', { CiphertextBlob: body.CiphertextBlob })
    expect(plain.body).toEqual({ KeyId: key.arn, Plaintext: b64(new Uint8Array([1, 2, 3])), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' })
  })
})

describe('the encryption context is authenticated', () => {
  const context = { tenant: 'acme', purpose: 'invoices' }

  it('decrypts with the same context, in any member order', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const ct = await encrypt(kms, key.keyId, 'bound', context)
    expect(await decrypt(kms, ct, { purpose: 'invoices', tenant: 'acme' })).toBe('bound')
  })

  it.each([
    ['a missing context', undefined],
    ['a changed value', { tenant: 'acme', purpose: 'payroll' }],
    ['a missing pair', { tenant: 'acme' }],
    ['an extra pair', { ...context, extra: '1' }],
    ['an empty context', {}],
  ])('refuses %s with InvalidCiphertextException and no message field', async (_label, given) => {
    const kms = newKms()
    const key = await importedKey(kms)
    const ct = await encrypt(kms, key.keyId, 'bound', context)
    const reply = await kms.call('Decrypt', { CiphertextBlob: ct, ...(given === undefined ? {} : { EncryptionContext: given }) })
    expectError(reply, 'InvalidCiphertextException', undefined)
    expect(reply.raw.body).toBe('{"__type":"InvalidCiphertextException"}')
  })

  it('refuses a context given to Decrypt when Encrypt had none', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const ct = await encrypt(kms, key.keyId, 'unbound')
    expectError(await kms.call('Decrypt', { CiphertextBlob: ct, EncryptionContext: { a: 'b' } }), 'InvalidCiphertextException', undefined)
  })
})

describe('ciphertext across a delete and reimport', () => {
  it('decrypts ciphertext made before DeleteImportedKeyMaterial once the same material is reimported', async () => {
    const kms = newKms()
    const material = materialOf('durable')
    const key = await importedKey(kms, material)
    const ct = await encrypt(kms, key.keyId, 'kept', { k: 'v' })
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    await importMaterial(kms, key.keyId, material, expiresAt(T0 + DAY_MS), 'RSAES_OAEP_SHA_1')
    expect(await decrypt(kms, ct, { k: 'v' })).toBe('kept')
  })

  it('does not decrypt one key\'s ciphertext with another key holding the same material', async () => {
    const kms = newKms()
    const material = materialOf('shared')
    const a = await importedKey(kms, material)
    const b = await importedKey(kms, material)
    const ct = await encrypt(kms, a.keyId, 'for a')
    expectError(await kms.call('Decrypt', { CiphertextBlob: ct, KeyId: b.keyId }), 'IncorrectKeyException', INCORRECT_KEY)
    const body = await succeed(kms, 'Decrypt', a.keyId, { CiphertextBlob: ct })
    expect(body.KeyId).toBe(a.arn)
  })
})

describe('tampered ciphertext', () => {
  it.each([
    ['the last byte (GCM tag)', (ct: Uint8Array) => flipBit(ct, ct.length * 8 - 1)],
    ['a byte of the encrypted body', (ct: Uint8Array) => flipBit(ct, (ct.length - 20) * 8)],
    ['a byte of the nonce', (ct: Uint8Array) => flipBit(ct, 55 * 8)],
    ['a byte of the material id', (ct: Uint8Array) => flipBit(ct, 30 * 8 + 3)],
    ['the magic', (ct: Uint8Array) => flipBit(ct, 0)],
    ['truncation by one byte', (ct: Uint8Array) => ct.subarray(0, ct.length - 1)],
    ['truncation to 10 bytes', (ct: Uint8Array) => ct.subarray(0, 10)],
    ['random bytes', () => materialOf('not a ciphertext', 100)],
  ])('refuses %s with InvalidCiphertextException and no message', async (_label, tamper) => {
    const kms = newKms()
    const key = await importedKey(kms)
    const ct = unb64(await encrypt(kms, key.keyId, 'integrity'))
    expectError(await kms.call('Decrypt', { CiphertextBlob: b64(tamper(ct)) }), 'InvalidCiphertextException', undefined)
    expect(await decrypt(kms, b64(ct))).toBe('integrity')
  })
})

describe('Decrypt with a KeyId', () => {
  it('refuses the KeyId of another key with IncorrectKeyException', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const other = await createAwsKmsKey(kms)
    const ct = await encrypt(kms, key.keyId, 'mine')
    expectError(await kms.call('Decrypt', { CiphertextBlob: ct, KeyId: other.keyId }), 'IncorrectKeyException', INCORRECT_KEY)
    expectError(await kms.call('Decrypt', { CiphertextBlob: ct, KeyId: other.arn }), 'IncorrectKeyException', INCORRECT_KEY)
  })

  it('accepts its own key id or ARN', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const ct = await encrypt(kms, key.keyId, 'mine')
    expect(await decrypt(kms, ct, undefined, key.keyId)).toBe('mine')
    expect(await decrypt(kms, ct, undefined, key.arn)).toBe('mine')
  })
})

describe('usableMaterial, the exported pure gate', () => {
  it('hands out the CURRENT material of an Enabled imported key', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const result = usableMaterial(classicProfile, 'Encrypt', recordOf(kms, key.keyId), { current: true })
    if (E.isLeft(result)) throw new Error(`expected material, got ${JSON.stringify(result.left)}`)
    expect(result.right.state).toBe('CURRENT')
    expect(result.right.keyMaterialId).toMatch(/^[0-9a-f]{64}$/)
    expect(result.right.secret.length).toBe(32)
    expect(JSON.stringify(result.right)).toContain('"secret":"[Secret: redacted]"')
    const named = usableMaterial(classicProfile, 'Decrypt', recordOf(kms, key.keyId), { keyMaterialId: result.right.keyMaterialId, unknown: () => 'not held' })
    expect(E.isRight(named) && named.right.keyMaterialId).toBe(result.right.keyMaterialId)
  })

  it('answers the state table\'s refusals as errors-as-data', async () => {
    const kms = newKms()
    const fresh = await createExternalKey(kms)
    const off = await importedKey(kms)
    await succeed(kms, 'DisableKey', off.keyId)
    const doomed = await importedKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', doomed.keyId, { PendingWindowInDays: 7 })
    const gate = (keyId: string) => usableMaterial(classicProfile, 'Encrypt', recordOf(kms, keyId), { current: true })
    expect(gate(fresh.keyId)).toEqual(E.left({ _tag: 'KMSInvalidStateException', message: pendingImport(fresh.arn) }))
    expect(gate(off.keyId)).toEqual(E.left({ _tag: 'DisabledException', message: disabled(off.arn) }))
    expect(gate(doomed.keyId)).toEqual(E.left({ _tag: 'KMSInvalidStateException', message: pendingDeletion(doomed.arn) }))
  })

  it('refuses a key whose material was deleted, and a material id the key does not hold', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const unknown = { _tag: 'InvalidCiphertextException', message: '' } as const
    expect(usableMaterial(classicProfile, 'Decrypt', recordOf(kms, key.keyId), { keyMaterialId: '0'.repeat(64), unknown: () => unknown })).toEqual(E.left(unknown))
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    expect(usableMaterial(classicProfile, 'Encrypt', recordOf(kms, key.keyId), { current: true }))
      .toEqual(E.left({ _tag: 'KMSInvalidStateException', message: pendingImport(key.arn) }))
  })

  it('applies expiry only through settleKey: the stored record still passes, the settled one does not', async () => {
    const kms = newKms()
    const validTo = T0 + DAY_MS
    const key = await importedKey(kms, materialOf('x'), expiresAt(validTo))
    const stored = recordOf(kms, key.keyId)
    expect(E.isRight(usableMaterial(classicProfile, 'Encrypt', stored, { current: true }))).toBe(true)
    const settled = settleKey(stored, validTo).key
    if (settled === undefined) throw new Error('key vanished')
    expect(usableMaterial(classicProfile, 'Encrypt', settled, { current: true }))
      .toEqual(E.left({ _tag: 'KMSInvalidStateException', message: pendingImport(key.arn) }))
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('Enabled')
  })
})
