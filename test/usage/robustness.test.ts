/**
 * No usage operation throws for any input: arbitrary members (valid-looking values, wrong types,
 * random blobs) against keys of every kind get a 200 or a modelled AWS error, never the 500 that
 * `handle` answers for a thrown exception.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ExceptionStatus } from 'kms-key-import'
import { b64, createKey, type Kms } from '../support/kms.js'
import { ecKeyPair, importedKeyOf, newKms, rsaKeyPair } from './support.js'

const OPERATIONS = ['GetPublicKey', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'Encrypt', 'Decrypt'] as const

const keysOf = async (kms: Kms): Promise<readonly string[]> => [
  (await createKey(kms, {})).keyId,
  (await createKey(kms, { KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' })).keyId,
  (await createKey(kms, { KeySpec: 'ECC_NIST_P521', KeyUsage: 'SIGN_VERIFY' })).arn,
  (await createKey(kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Origin: 'EXTERNAL' })).keyId,
  (await importedKeyOf(kms, 'ECC_SECG_P256K1', 'SIGN_VERIFY', ecKeyPair('ECC_SECG_P256K1').pkcs8)).keyId,
  (await importedKeyOf(kms, 'RSA_2048', 'SIGN_VERIFY', rsaKeyPair('RSA_2048', 0).pkcs8)).keyId,
  (await importedKeyOf(kms, 'RSA_2048', 'ENCRYPT_DECRYPT', rsaKeyPair('RSA_2048', 1).pkcs8)).arn,
]

const blob = fc.oneof(fc.uint8Array({ minLength: 0, maxLength: 600 }).map(b64), fc.constantFrom('', '!!', 'AAAA'), fc.integer(), fc.constant(null))
const algorithm = fc.oneof(
  fc.constantFrom('ECDSA_SHA_256', 'ECDSA_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'SM2DSA', 'HMAC_SHA_384', 'HMAC_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SYMMETRIC_DEFAULT', 'SM2PKE'),
  fc.string(), fc.constant(7),
)

describe('the usage operations never throw', () => {
  it('property: any request gets 200 or a modelled 400 error, never 500', async () => {
    const kms = newKms()
    const keys = await keysOf(kms)
    const request = fc.record({
      KeyId: fc.oneof(fc.constantFrom(...keys), fc.string(), fc.constant(3)),
      Message: blob, Signature: blob, Mac: blob, Plaintext: blob, CiphertextBlob: blob,
      MessageType: fc.oneof(fc.constantFrom('RAW', 'DIGEST'), fc.string()),
      SigningAlgorithm: algorithm, MacAlgorithm: algorithm, EncryptionAlgorithm: algorithm,
    }, { requiredKeys: ['KeyId'] })
    await fc.assert(fc.asyncProperty(fc.constantFrom(...OPERATIONS), request, async (operation, body) => {
      const reply = await kms.call(operation, body)
      expect(reply.status === 200 || reply.status === 400, reply.raw.body).toBe(true)
      if (reply.status === 400) expect(Object.keys(ExceptionStatus)).toContain(reply.body.__type)
    }), { numRuns: 300 })
  })
})
