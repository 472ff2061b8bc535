/**
 * GetPublicKey (and DescribeKey's algorithm lists): the public key of an imported asymmetric key is
 * the imported key's own SPKI, byte for byte as OpenSSL derives it; symmetric and HMAC keys have
 * none; the key state is checked before the key spec.
 */
import { describe, expect, it } from 'vitest'
import { b64, bytesAt, createKey, expectError, expectOk, stringAt, type JsonObject } from '../support/kms.js'
import { pendingImport } from '../support/messages.js'
import { ecKeyPair, importedKeyOf, newKms, openssl, rsaKeyPair } from './support.js'

const EC_SPECS = ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1'] as const
const EC_SIGNING: Readonly<Record<(typeof EC_SPECS)[number], string>> = {
  ECC_NIST_P256: 'ECDSA_SHA_256', ECC_NIST_P384: 'ECDSA_SHA_384', ECC_NIST_P521: 'ECDSA_SHA_512', ECC_SECG_P256K1: 'ECDSA_SHA_256',
}
const RSA_SIGNING = ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512']
const RSA_ENCRYPTION = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']

describe('GetPublicKey of an imported key', () => {
  it.each(EC_SPECS)('%s: the SPKI of the imported key, with the key spec, usage and signing algorithm', async (spec) => {
    const kms = newKms()
    const pair = ecKeyPair(spec)
    const key = await importedKeyOf(kms, spec, 'SIGN_VERIFY', pair.pkcs8)
    const body = expectOk(await kms.call('GetPublicKey', { KeyId: key.keyId }))
    expect(body).toEqual({
      KeyId: key.arn, PublicKey: b64(pair.spki), CustomerMasterKeySpec: spec, KeySpec: spec, KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: [EC_SIGNING[spec]],
    })
  })

  it.each([
    ['RSA_2048', 'SIGN_VERIFY', 0], ['RSA_2048', 'ENCRYPT_DECRYPT', 1], ['RSA_3072', 'SIGN_VERIFY', 0], ['RSA_4096', 'ENCRYPT_DECRYPT', 0],
  ] as const)('%s %s: the SPKI of the imported fixture key, with its algorithms', async (spec, usage, i) => {
    const kms = newKms()
    const pair = rsaKeyPair(spec, i)
    const key = await importedKeyOf(kms, spec, usage, pair.pkcs8)
    const body = expectOk(await kms.call('GetPublicKey', { KeyId: key.arn }))
    expect(body).toEqual({
      KeyId: key.arn, PublicKey: b64(pair.spki), CustomerMasterKeySpec: spec, KeySpec: spec, KeyUsage: usage,
      ...(usage === 'SIGN_VERIFY' ? { SigningAlgorithms: RSA_SIGNING } : { EncryptionAlgorithms: RSA_ENCRYPTION }),
    })
  })

  it('equals what the OpenSSL CLI derives from the imported private key (openssl pkey -pubout)', async () => {
    const kms = newKms()
    for (const pair of [ecKeyPair('ECC_NIST_P384'), rsaKeyPair('RSA_2048', 2)]) {
      const spec = pair.privateKey.asymmetricKeyType === 'rsa' ? 'RSA_2048' : 'ECC_NIST_P384'
      const key = await importedKeyOf(kms, spec, 'SIGN_VERIFY', pair.pkcs8)
      const derived = openssl({ 'key.der': pair.pkcs8 }, ['pkey', '-inform', 'DER', '-in', 'key.der', '-pubout', '-outform', 'DER', '-out', 'pub.der'], ['pub.der']).outputs['pub.der']
      const publicKey = bytesAt(expectOk(await kms.call('GetPublicKey', { KeyId: key.keyId })), 'PublicKey')
      expect(derived?.length).toBeGreaterThan(0)
      expect(b64(publicKey)).toBe(b64(derived ?? new Uint8Array(0)))
    }
  })

  it('SM2 (China Regions): the imported SM2 key\'s SPKI, SM2DSA for signing keys and SM2PKE for encryption keys', async () => {
    const kms = newKms({ region: 'cn-north-1' })
    for (const usage of ['SIGN_VERIFY', 'ENCRYPT_DECRYPT'] as const) {
      const pair = ecKeyPair('SM2')
      const key = await importedKeyOf(kms, 'SM2', usage, pair.pkcs8, 'RSAES_OAEP_SHA_256')
      expect(key.arn.startsWith('arn:aws-cn:kms:cn-north-1:')).toBe(true)
      expect(expectOk(await kms.call('GetPublicKey', { KeyId: key.keyId }))).toEqual({
        KeyId: key.arn, PublicKey: b64(pair.spki), CustomerMasterKeySpec: 'SM2', KeySpec: 'SM2', KeyUsage: usage,
        ...(usage === 'SIGN_VERIFY' ? { SigningAlgorithms: ['SM2DSA'] } : { EncryptionAlgorithms: ['SM2PKE'] }),
      })
    }
  })
})

describe('GetPublicKey refusals', () => {
  it('refuses a symmetric key and an HMAC key with UnsupportedOperationException and no message', async () => {
    const kms = newKms()
    for (const request of [{}, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }]) {
      const key = await createKey(kms, request)
      expectError(await kms.call('GetPublicKey', { KeyId: key.keyId }), 'UnsupportedOperationException', undefined)
    }
  })

  it('checks the key state before the key spec: a symmetric EXTERNAL key without material is pending import', async () => {
    const kms = newKms()
    const key = await createKey(kms, { Origin: 'EXTERNAL' })
    expectError(await kms.call('GetPublicKey', { KeyId: key.keyId }), 'KMSInvalidStateException', pendingImport(key.arn))
  })

  it('answers NotFoundException for an unknown key, an alias, and a malformed id', async () => {
    const kms = newKms()
    const key = await createKey(kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
    const unknown = key.arn.replace(/[0-9a-f]{8}-/, '00000000-')
    expectError(await kms.call('GetPublicKey', { KeyId: unknown }), 'NotFoundException', `Key '${unknown}' does not exist`)
    expectError(await kms.call('GetPublicKey', { KeyId: 'alias/signing' }), 'NotFoundException', 'Alias arn:aws:kms:us-east-1:111122223333:alias/signing is not found.')
    expectError(await kms.call('GetPublicKey', { KeyId: 'nope' }), 'NotFoundException', "Invalid keyId 'nope'")
  })

  it('requires KeyId', async () => {
    const kms = newKms()
    expectError(await kms.call('GetPublicKey', {}), 'ValidationException', "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null")
  })
})

describe('DescribeKey lists the algorithms AWS lists', () => {
  const meta = async (request: JsonObject): Promise<JsonObject> => {
    const kms = newKms({ region: request.KeySpec === 'SM2' ? 'cn-north-1' : 'us-east-1' })
    const key = await createKey(kms, request)
    return expectOk(await kms.call('DescribeKey', { KeyId: key.keyId })).KeyMetadata as JsonObject
  }

  it.each([
    [{ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }, { SigningAlgorithms: RSA_SIGNING }],
    [{ KeySpec: 'RSA_4096', KeyUsage: 'ENCRYPT_DECRYPT' }, { EncryptionAlgorithms: RSA_ENCRYPTION }],
    [{ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }, { SigningAlgorithms: ['ECDSA_SHA_256'] }],
    [{ KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' }, { SigningAlgorithms: ['ECDSA_SHA_384'] }],
    [{ KeySpec: 'ECC_NIST_P521', KeyUsage: 'SIGN_VERIFY' }, { SigningAlgorithms: ['ECDSA_SHA_512'] }],
    [{ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' }, { SigningAlgorithms: ['ECDSA_SHA_256'] }],
    [{ KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' }, { MacAlgorithms: ['HMAC_SHA_224'] }],
    [{ KeySpec: 'HMAC_512', KeyUsage: 'GENERATE_VERIFY_MAC' }, { MacAlgorithms: ['HMAC_SHA_512'] }],
    [{ KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' }, { SigningAlgorithms: ['SM2DSA'] }],
    [{ KeySpec: 'SM2', KeyUsage: 'ENCRYPT_DECRYPT' }, { EncryptionAlgorithms: ['SM2PKE'] }],
  ])('%j → %j, and no other algorithm list', async (request, lists) => {
    const m = await meta(request)
    const present = ['EncryptionAlgorithms', 'SigningAlgorithms', 'MacAlgorithms', 'KeyAgreementAlgorithms'].filter((k) => k in m)
    expect(present).toEqual(Object.keys(lists))
    expect(m).toMatchObject(lists)
    expect(stringAt(m, 'KeySpec')).toBe(request.KeySpec)
  })
})
