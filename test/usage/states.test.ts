/**
 * The key-state table for the usage operations (docs/evidence.md §2.1): GetPublicKey, Sign, Verify,
 * GenerateMac, VerifyMac and RSA Encrypt/Decrypt refuse a Disabled key (DisabledException), a key
 * pending import (never imported, or after DeleteImportedKeyMaterial) and a key pending deletion
 * (KMSInvalidStateException), each with its exact message, and work again once the key is back.
 */
import { constants, createHmac, publicEncrypt, sign as nodeSign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { profiles } from 'kms-key-import'
import { b64, createKey, expectError, expectOk, type JsonObject, type Kms } from '../support/kms.js'
import { disabled, pendingDeletion, pendingImport } from '../support/messages.js'
import { ecKeyPair, importInto, importedKeyOf, newKms, rsaKeyPair } from './support.js'

const MESSAGE = new TextEncoder().encode('state table')
const HMAC_MATERIAL = new Uint8Array(32).fill(0x5a)

/** An operation under test: the key it needs, its material, and a request that succeeds on an Enabled key. */
interface Case {
  readonly operation: string
  readonly keySpec: string
  readonly keyUsage: string
  readonly material: () => Uint8Array
  readonly request: (keyId: string) => JsonObject
}

const ec = ecKeyPair('ECC_NIST_P256')
const rsa = rsaKeyPair('RSA_2048', 1)
const rsaCiphertext = b64(publicEncrypt({ key: rsa.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, MESSAGE))
const signature = b64(nodeSign('sha256', MESSAGE, ec.privateKey))
const mac = b64(createHmac('sha256', HMAC_MATERIAL).update(MESSAGE).digest())

const CASES: readonly Case[] = [
  { operation: 'GetPublicKey', keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY', material: () => ec.pkcs8, request: (KeyId) => ({ KeyId }) },
  { operation: 'Sign', keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY', material: () => ec.pkcs8, request: (KeyId) => ({ KeyId, Message: b64(MESSAGE), SigningAlgorithm: 'ECDSA_SHA_256' }) },
  {
    operation: 'Verify', keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY', material: () => ec.pkcs8,
    request: (KeyId) => ({ KeyId, Message: b64(MESSAGE), Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' }),
  },
  { operation: 'GenerateMac', keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', material: () => HMAC_MATERIAL, request: (KeyId) => ({ KeyId, Message: b64(MESSAGE), MacAlgorithm: 'HMAC_SHA_256' }) },
  {
    operation: 'VerifyMac', keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', material: () => HMAC_MATERIAL,
    request: (KeyId) => ({ KeyId, Message: b64(MESSAGE), Mac: mac, MacAlgorithm: 'HMAC_SHA_256' }),
  },
  {
    operation: 'Encrypt', keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT', material: () => rsa.pkcs8,
    request: (KeyId) => ({ KeyId, Plaintext: b64(MESSAGE), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
  },
  {
    operation: 'Decrypt', keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT', material: () => rsa.pkcs8,
    request: (KeyId) => ({ KeyId, CiphertextBlob: rsaCiphertext, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
  },
]

const setUp = async (c: Case): Promise<{ kms: Kms; keyId: string; arn: string }> => {
  const kms = newKms()
  const key = await importedKeyOf(kms, c.keySpec, c.keyUsage, c.material())
  expectOk(await kms.call(c.operation, c.request(key.keyId)))
  return { kms, ...key }
}

describe.each(CASES)('$operation through the key-state table', (c) => {
  it('Disabled: DisabledException "<arn> is disabled.", and works again after EnableKey', async () => {
    const { kms, keyId, arn } = await setUp(c)
    expectOk(await kms.call('DisableKey', { KeyId: keyId }))
    expectError(await kms.call(c.operation, c.request(keyId)), 'DisabledException', disabled(arn))
    expectOk(await kms.call('EnableKey', { KeyId: keyId }))
    expectOk(await kms.call(c.operation, c.request(keyId)))
  })

  it('PendingImport after DeleteImportedKeyMaterial: KMSInvalidStateException "<arn> is pending import.", and works after reimport', async () => {
    const { kms, keyId, arn } = await setUp(c)
    expectOk(await kms.call('DeleteImportedKeyMaterial', { KeyId: keyId }))
    expectError(await kms.call(c.operation, c.request(keyId)), 'KMSInvalidStateException', pendingImport(arn))
    await importInto(kms, keyId, c.material())
    expectOk(await kms.call(c.operation, c.request(keyId)))
  })

  it('PendingImport, never imported: KMSInvalidStateException "<arn> is pending import."', async () => {
    const kms = newKms()
    const key = await createKey(kms, { KeySpec: c.keySpec, KeyUsage: c.keyUsage, Origin: 'EXTERNAL' })
    expectError(await kms.call(c.operation, c.request(key.arn)), 'KMSInvalidStateException', pendingImport(key.arn))
  })

  it('PendingDeletion: KMSInvalidStateException "<arn> is pending deletion."; after CancelKeyDeletion the key is Disabled', async () => {
    const { kms, keyId, arn } = await setUp(c)
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 }))
    expectError(await kms.call(c.operation, c.request(keyId)), 'KMSInvalidStateException', pendingDeletion(arn))
    expectOk(await kms.call('CancelKeyDeletion', { KeyId: keyId }))
    expectError(await kms.call(c.operation, c.request(keyId)), 'DisabledException', disabled(arn))
  })
})

describe('the state table data', () => {
  it('has a row for each usage operation, like Encrypt\'s', () => {
    for (const profile of profiles) {
      for (const op of ['GetPublicKey', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac'] as const) {
        expect(profile.stateTable[op]).toEqual(profile.stateTable.Encrypt)
      }
    }
  })
})
