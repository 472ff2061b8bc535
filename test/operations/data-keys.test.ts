/**
 * Data keys, ReEncrypt and GenerateRandom (docs/evidence.md §12): their ciphertexts follow the
 * material rules of Encrypt's (§4.7, §9): made under imported material, they stop decrypting when
 * that material is deleted or expires, and decrypt again after the same material is reimported.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  HOUR_MS, b64, bytesAt, createAwsKmsKey, createExternalKey, createKey, decryptReply, expectError, expectOk, expiresAt, importMaterial, importedKey, materialOf, newKms, stringAt,
  type Kms,
} from '../support/kms.js'
import { DATA_KEY_SIZE, DRY_RUN, customKeyStoreNotFound, disabled, keyUsageMismatch, pendingImport } from '../support/messages.js'

const context = { purpose: 'data-key' }

const generate = async (kms: Kms, keyId: string, extra: Record<string, unknown> = { KeySpec: 'AES_256' }) =>
  expectOk(await kms.call('GenerateDataKey', { KeyId: keyId, EncryptionContext: context, ...extra }))

describe('GenerateDataKey and GenerateDataKeyWithoutPlaintext', () => {
  it('size from KeySpec or NumberOfBytes, exactly one of them; Decrypt opens the blob with the same context', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    for (const [extra, size] of [[{ KeySpec: 'AES_256' }, 32], [{ KeySpec: 'AES_128' }, 16], [{ NumberOfBytes: 1 }, 1], [{ NumberOfBytes: 1024 }, 1024]] as const) {
      const dk = await generate(kms, key.keyId, extra)
      expect(Object.keys(dk).sort()).toEqual(['CiphertextBlob', 'KeyId', 'Plaintext'])
      expect(bytesAt(dk, 'Plaintext')).toHaveLength(size)
      expect(stringAt(dk, 'KeyId')).toBe(key.arn)
      expect(stringAt(expectOk(await decryptReply(kms, stringAt(dk, 'CiphertextBlob'), context)), 'Plaintext')).toBe(stringAt(dk, 'Plaintext'))
    }
    expectError(await kms.call('GenerateDataKey', { KeyId: key.keyId }), 'ValidationException', DATA_KEY_SIZE)
    expectError(await kms.call('GenerateDataKey', { KeyId: key.keyId, KeySpec: 'AES_256', NumberOfBytes: 32 }), 'ValidationException', DATA_KEY_SIZE)
    const without = expectOk(await kms.call('GenerateDataKeyWithoutPlaintext', { KeyId: key.keyId, NumberOfBytes: 48, GrantTokens: ['t'] }))
    expect(Object.keys(without).sort()).toEqual(['CiphertextBlob', 'KeyId'])
    expect(bytesAt(expectOk(await decryptReply(kms, stringAt(without, 'CiphertextBlob'))), 'Plaintext')).toHaveLength(48)
  })

  it('property: a data key made under imported material stops decrypting when the material is deleted or expires, and decrypts again after the same material is reimported', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom('delete', 'expire'), fc.integer({ min: 1, max: 64 }), async (loss, size) => {
      const kms = newKms()
      const key = await createExternalKey(kms)
      const material = materialOf('data keys')
      await importMaterial(kms, key.keyId, material, expiresAt(kms.clock.now() + HOUR_MS))
      const dk = await generate(kms, key.keyId, { NumberOfBytes: size })
      const blob = stringAt(dk, 'CiphertextBlob')
      if (loss === 'delete') expectOk(await kms.call('DeleteImportedKeyMaterial', { KeyId: key.keyId }))
      else kms.clock.advance(HOUR_MS)
      expectError(await decryptReply(kms, blob, context), 'KMSInvalidStateException', pendingImport(key.arn))
      expectError(await kms.call('GenerateDataKey', { KeyId: key.keyId, KeySpec: 'AES_256' }), 'KMSInvalidStateException', pendingImport(key.arn))
      await importMaterial(kms, key.keyId, material, expiresAt(kms.clock.now() + HOUR_MS))
      expect(stringAt(expectOk(await decryptReply(kms, blob, context)), 'Plaintext')).toBe(stringAt(dk, 'Plaintext'))
    }), { numRuns: 10 })
  })

  it('follow the key state: Disabled is DisabledException; not a symmetric encryption key is InvalidKeyUsageException; DryRun answers DryRunOperationException', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('DisableKey', { KeyId: key.keyId }))
    expectError(await kms.call('GenerateDataKeyWithoutPlaintext', { KeyId: key.keyId, KeySpec: 'AES_256' }), 'DisabledException', disabled(key.arn))
    const hmac = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    expectError(await kms.call('GenerateDataKey', { KeyId: hmac.keyId, KeySpec: 'AES_256' }), 'InvalidKeyUsageException', keyUsageMismatch(hmac.arn, 'GENERATE_VERIFY_MAC', 'GenerateDataKey'))
    const enabled = await createAwsKmsKey(kms)
    expectError(await kms.call('GenerateDataKey', { KeyId: enabled.keyId, KeySpec: 'AES_256', DryRun: true }), 'DryRunOperationException', DRY_RUN)
  })

  it('the 2025-06-05 profile answers the KeyMaterialId that encrypted the data key', async () => {
    const kms = newKms({ profile: '2025-06-05' })
    const key = await importedKey(kms)
    const dk = await generate(kms, key.keyId)
    const described = expectOk(await kms.call('DescribeKey', { KeyId: key.keyId })).KeyMetadata as { CurrentKeyMaterialId: string }
    expect(stringAt(dk, 'KeyMaterialId')).toBe(described.CurrentKeyMaterialId)
  })
})

describe('GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext', () => {
  it('the public key matches the private key, which Decrypt opens from the blob; SM2 is China-only, Ed25519 not generated', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    const pair = expectOk(await kms.call('GenerateDataKeyPair', { KeyId: key.keyId, KeyPairSpec: 'ECC_NIST_P256', EncryptionContext: context }))
    expect(Object.keys(pair).sort()).toEqual(['KeyId', 'KeyPairSpec', 'PrivateKeyCiphertextBlob', 'PrivateKeyPlaintext', 'PublicKey'])
    const privateKey = createPrivateKey({ key: Buffer.from(bytesAt(pair, 'PrivateKeyPlaintext')), format: 'der', type: 'pkcs8' })
    const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
    expect(b64(spki)).toBe(stringAt(pair, 'PublicKey'))
    expect(stringAt(expectOk(await decryptReply(kms, stringAt(pair, 'PrivateKeyCiphertextBlob'), context)), 'Plaintext')).toBe(stringAt(pair, 'PrivateKeyPlaintext'))
    const without = expectOk(await kms.call('GenerateDataKeyPairWithoutPlaintext', { KeyId: key.keyId, KeyPairSpec: 'ECC_NIST_P384' }))
    expect(Object.keys(without).sort()).toEqual(['KeyId', 'KeyPairSpec', 'PrivateKeyCiphertextBlob', 'PublicKey'])
    expectError(await kms.call('GenerateDataKeyPair', { KeyId: key.keyId, KeyPairSpec: 'SM2' }), 'UnsupportedOperationException', 'KeyPairSpec SM2 is not supported in this region.')
    expectError(await kms.call('GenerateDataKeyPair', { KeyId: key.keyId, KeyPairSpec: 'ECC_NIST_EDWARDS25519' }), 'UnsupportedOperationException',
      'KeyPairSpec ECC_NIST_EDWARDS25519 is not supported in this region.')
  })
})

describe('ReEncrypt', () => {
  it('moves a ciphertext between imported keys and contexts; the new one decrypts, the source is checked like Decrypt', async () => {
    const kms = newKms()
    const [a, b] = [await importedKey(kms, materialOf('a')), await importedKey(kms, materialOf('b'))]
    const blob = stringAt(expectOk(await kms.call('Encrypt', { KeyId: a.keyId, Plaintext: b64('secret'), EncryptionContext: { v: '1' } })), 'CiphertextBlob')
    const moved = expectOk(await kms.call('ReEncrypt', {
      CiphertextBlob: blob, SourceEncryptionContext: { v: '1' }, SourceKeyId: a.arn, DestinationKeyId: b.keyId, DestinationEncryptionContext: { v: '2' },
    }))
    expect(moved).toMatchObject({ SourceKeyId: a.arn, KeyId: b.arn, SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' })
    expect(Object.keys(moved).sort()).toEqual(['CiphertextBlob', 'DestinationEncryptionAlgorithm', 'KeyId', 'SourceEncryptionAlgorithm', 'SourceKeyId'])
    expect(stringAt(expectOk(await decryptReply(kms, stringAt(moved, 'CiphertextBlob'), { v: '2' })), 'Plaintext')).toBe(b64('secret'))
    expectError(await kms.call('ReEncrypt', { CiphertextBlob: blob, SourceEncryptionContext: { v: 'other' }, DestinationKeyId: b.keyId }), 'InvalidCiphertextException', undefined)
    expectError(await kms.call('ReEncrypt', { CiphertextBlob: blob, SourceEncryptionContext: { v: '1' }, SourceKeyId: b.keyId, DestinationKeyId: b.keyId }),
      'IncorrectKeyException', 'The key ID in the request does not identify the KMS key that encrypted the ciphertext.')
    expectOk(await kms.call('DeleteImportedKeyMaterial', { KeyId: a.keyId }))
    expectError(await kms.call('ReEncrypt', { CiphertextBlob: blob, SourceEncryptionContext: { v: '1' }, DestinationKeyId: b.keyId }), 'KMSInvalidStateException', pendingImport(a.arn))
    expectOk(await kms.call('DeleteImportedKeyMaterial', { KeyId: b.keyId }))
    await importMaterial(kms, a.keyId, materialOf('a'))
    expectError(await kms.call('ReEncrypt', { CiphertextBlob: blob, SourceEncryptionContext: { v: '1' }, DestinationKeyId: b.keyId }), 'KMSInvalidStateException', pendingImport(b.arn))
  })
})

describe('GenerateRandom', () => {
  it('answers NumberOfBytes random bytes; refuses a custom key store and a missing size', async () => {
    const kms = newKms()
    expect(bytesAt(expectOk(await kms.call('GenerateRandom', { NumberOfBytes: 1024 })), 'Plaintext')).toHaveLength(1024)
    expectError(await kms.call('GenerateRandom', { NumberOfBytes: 8, CustomKeyStoreId: 'cks-1' }), 'CustomKeyStoreNotFoundException', customKeyStoreNotFound('cks-1'))
    expectError(await kms.call('GenerateRandom', {}), 'ValidationException', 'NumberOfBytes must be specified.')
    expectError(await kms.call('GenerateRandom', { NumberOfBytes: 1025 }), 'ValidationException',
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024")
  })
})
