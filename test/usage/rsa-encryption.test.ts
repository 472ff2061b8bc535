/**
 * Encrypt and Decrypt with RSA `ENCRYPT_DECRYPT` keys (RSAES_OAEP_SHA_1/256): the ciphertext is raw
 * RSAES-OAEP that the original private key decrypts with node:crypto and OpenSSL, Decrypt takes
 * ciphertext node made with the public key, the OAEP capacity is enforced, and the symmetric path
 * is untouched.
 */
import { constants, privateDecrypt, publicEncrypt } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { b64, bytesAt, createKey, expectError, expectOk, flipBit, unb64, type CreatedKey, type Kms } from '../support/kms.js'
import { incompatible, keyUsageMismatch } from '../support/messages.js'
import { importedKeyOf, newKms, openssl, rsaKeyPair, type ClientKeyPair } from './support.js'

const OAEP = [['RSAES_OAEP_SHA_1', 'sha1'], ['RSAES_OAEP_SHA_256', 'sha256']] as const
const PLAINTEXT = new TextEncoder().encode('database password: correct horse battery staple')

const rsaEncryptionKey = async (kms: Kms, spec: 'RSA_2048' | 'RSA_3072' | 'RSA_4096' = 'RSA_2048', i = 1): Promise<{ key: CreatedKey; pair: ClientKeyPair }> => {
  const pair = rsaKeyPair(spec, i)
  return { pair, key: await importedKeyOf(kms, spec, 'ENCRYPT_DECRYPT', pair.pkcs8) }
}

const encryptBody = (keyId: string, plaintext: Uint8Array, algorithm?: string) => ({
  KeyId: keyId, Plaintext: b64(plaintext), ...(algorithm === undefined ? {} : { EncryptionAlgorithm: algorithm }),
})

describe('Encrypt with an RSA key', () => {
  it.each(OAEP)('%s: node privateDecrypt with the original key returns the plaintext; the ciphertext is k bytes', async (algorithm, hash) => {
    const kms = newKms()
    const { key, pair } = await rsaEncryptionKey(kms)
    const body = expectOk(await kms.call('Encrypt', encryptBody(key.keyId, PLAINTEXT, algorithm)))
    expect(Object.keys(body)).toEqual(['CiphertextBlob', 'KeyId', 'EncryptionAlgorithm'])
    expect(body).toMatchObject({ KeyId: key.arn, EncryptionAlgorithm: algorithm })
    const ciphertext = bytesAt(body, 'CiphertextBlob')
    expect(ciphertext.length).toBe(256)
    expect(b64(privateDecrypt({ key: pair.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, ciphertext))).toBe(b64(PLAINTEXT))
  })

  it('OpenSSL pkeyutl decrypts it with the original private key (RSA_3072, RSAES_OAEP_SHA_256)', async () => {
    const kms = newKms()
    const { key, pair } = await rsaEncryptionKey(kms, 'RSA_3072', 0)
    const ciphertext = bytesAt(expectOk(await kms.call('Encrypt', encryptBody(key.keyId, PLAINTEXT, 'RSAES_OAEP_SHA_256'))), 'CiphertextBlob')
    const { outputs } = openssl({ 'key.der': pair.pkcs8, 'ct.bin': ciphertext }, [
      'pkeyutl', '-decrypt', '-inkey', 'key.der', '-keyform', 'DER', '-in', 'ct.bin', '-out', 'pt.bin',
      '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256',
    ], ['pt.bin'])
    expect(b64(outputs['pt.bin'] ?? new Uint8Array(0))).toBe(b64(PLAINTEXT))
  })

  it('property: any plaintext up to the OAEP capacity round-trips through node privateDecrypt', async () => {
    const kms = newKms()
    const { key, pair } = await rsaEncryptionKey(kms)
    await fc.assert(fc.asyncProperty(fc.constantFrom(...OAEP), fc.uint8Array({ minLength: 1, maxLength: 190 }), async ([algorithm, hash], plaintext) => {
      const ciphertext = bytesAt(expectOk(await kms.call('Encrypt', encryptBody(key.keyId, plaintext, algorithm))), 'CiphertextBlob')
      expect(b64(privateDecrypt({ key: pair.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, ciphertext))).toBe(b64(plaintext))
    }), { numRuns: 40 })
  })

  it('refuses a plaintext beyond the OAEP capacity with ValidationException (RSA_2048: 214 bytes with SHA-1, 190 with SHA-256)', async () => {
    const kms = newKms()
    const { key } = await rsaEncryptionKey(kms)
    for (const [algorithm, max] of [['RSAES_OAEP_SHA_1', 214], ['RSAES_OAEP_SHA_256', 190]] as const) {
      expectOk(await kms.call('Encrypt', encryptBody(key.keyId, new Uint8Array(max).fill(7), algorithm)))
      expectError(await kms.call('Encrypt', encryptBody(key.keyId, new Uint8Array(max + 1), algorithm)), 'ValidationException',
        `Plaintext of ${max + 1} bytes is too large for ${algorithm} with key spec RSA_2048: at most ${max} bytes.`)
    }
    const { key: big } = await rsaEncryptionKey(kms, 'RSA_4096', 1)
    expectOk(await kms.call('Encrypt', encryptBody(big.keyId, new Uint8Array(446), 'RSAES_OAEP_SHA_256')))
    expectError(await kms.call('Encrypt', encryptBody(big.keyId, new Uint8Array(447), 'RSAES_OAEP_SHA_256')), 'ValidationException',
      'Plaintext of 447 bytes is too large for RSAES_OAEP_SHA_256 with key spec RSA_4096: at most 446 bytes.')
  })

  it('refuses a missing algorithm (SYMMETRIC_DEFAULT by default) and SM2PKE with InvalidKeyUsageException "Algorithm … is incompatible with key spec …."', async () => {
    const kms = newKms()
    const { key } = await rsaEncryptionKey(kms)
    expectError(await kms.call('Encrypt', encryptBody(key.keyId, PLAINTEXT)), 'InvalidKeyUsageException', incompatible('SYMMETRIC_DEFAULT', 'RSA_2048'))
    expectError(await kms.call('Encrypt', encryptBody(key.keyId, PLAINTEXT, 'SYMMETRIC_DEFAULT')), 'InvalidKeyUsageException', incompatible('SYMMETRIC_DEFAULT', 'RSA_2048'))
    expectError(await kms.call('Encrypt', encryptBody(key.keyId, PLAINTEXT, 'SM2PKE')), 'InvalidKeyUsageException', incompatible('SM2PKE', 'RSA_2048'))
  })

  it('refuses an RSA signing key with InvalidKeyUsageException (key usage)', async () => {
    const kms = newKms()
    const key = await importedKeyOf(kms, 'RSA_2048', 'SIGN_VERIFY', rsaKeyPair('RSA_2048', 0).pkcs8)
    expectError(await kms.call('Encrypt', encryptBody(key.keyId, PLAINTEXT, 'RSAES_OAEP_SHA_256')), 'InvalidKeyUsageException', keyUsageMismatch(key.arn, 'SIGN_VERIFY', 'Encrypt'))
  })

  it('is reproducible under the deterministic provider: same seed, same ciphertext', async () => {
    const run = async (): Promise<string> => {
      const kms = newKms({ seed: 9 })
      const { key } = await rsaEncryptionKey(kms)
      return b64(bytesAt(expectOk(await kms.call('Encrypt', encryptBody(key.keyId, PLAINTEXT, 'RSAES_OAEP_SHA_256'))), 'CiphertextBlob'))
    }
    expect(await run()).toBe(await run())
  })
})

describe('Decrypt with an RSA key', () => {
  it.each(OAEP)('%s: decrypts ciphertext node made with the public key (KeyId and algorithm given)', async (algorithm, hash) => {
    const kms = newKms()
    const { key, pair } = await rsaEncryptionKey(kms)
    const ciphertext = new Uint8Array(publicEncrypt({ key: pair.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, PLAINTEXT))
    expect(expectOk(await kms.call('Decrypt', { KeyId: key.keyId, CiphertextBlob: b64(ciphertext), EncryptionAlgorithm: algorithm })))
      .toEqual({ KeyId: key.arn, Plaintext: b64(PLAINTEXT), EncryptionAlgorithm: algorithm })
  })

  it('round-trips its own ciphertext on RSA_2048, RSA_3072 and RSA_4096', async () => {
    const kms = newKms()
    for (const spec of ['RSA_2048', 'RSA_3072', 'RSA_4096'] as const) {
      const { key } = await rsaEncryptionKey(kms, spec, 2)
      const ct = expectOk(await kms.call('Encrypt', encryptBody(key.keyId, PLAINTEXT, 'RSAES_OAEP_SHA_1'))).CiphertextBlob
      const body = expectOk(await kms.call('Decrypt', { KeyId: key.arn, CiphertextBlob: ct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }))
      expect(unb64(String(body.Plaintext))).toEqual(PLAINTEXT)
    }
  })

  it('answers InvalidCiphertextException with no message for a wrong algorithm, no KeyId, no algorithm, a flipped bit, or a short ciphertext', async () => {
    const kms = newKms()
    const { key } = await rsaEncryptionKey(kms)
    const ct = bytesAt(expectOk(await kms.call('Encrypt', encryptBody(key.keyId, PLAINTEXT, 'RSAES_OAEP_SHA_256'))), 'CiphertextBlob')
    const refused = async (body: object): Promise<void> => expectError(await kms.call('Decrypt', body), 'InvalidCiphertextException', undefined)
    await refused({ KeyId: key.keyId, CiphertextBlob: b64(ct), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })
    await refused({ CiphertextBlob: b64(ct), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })
    await refused({ KeyId: key.keyId, CiphertextBlob: b64(ct) })
    await refused({ KeyId: key.keyId, CiphertextBlob: b64(flipBit(ct, 1000)), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })
    await refused({ KeyId: key.keyId, CiphertextBlob: b64(ct.subarray(1)), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })
    await refused({ KeyId: key.keyId, CiphertextBlob: b64(new Uint8Array(256).fill(1)), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })
  })

  it('refuses another key\'s ciphertext, and a symmetric ciphertext, with InvalidCiphertextException', async () => {
    const kms = newKms()
    const { key: a } = await rsaEncryptionKey(kms, 'RSA_2048', 1)
    const { key: b } = await rsaEncryptionKey(kms, 'RSA_2048', 2)
    const ct = expectOk(await kms.call('Encrypt', encryptBody(a.keyId, PLAINTEXT, 'RSAES_OAEP_SHA_256'))).CiphertextBlob
    expectError(await kms.call('Decrypt', { KeyId: b.keyId, CiphertextBlob: ct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidCiphertextException', undefined)
    const symmetric = await createKey(kms, {})
    const sct = expectOk(await kms.call('Encrypt', encryptBody(symmetric.keyId, PLAINTEXT))).CiphertextBlob
    expectError(await kms.call('Decrypt', { KeyId: a.keyId, CiphertextBlob: sct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidCiphertextException', undefined)
  })
})

describe('the symmetric path is unchanged', () => {
  it('a symmetric key still answers "Encryption algorithm … is not supported by …." for an OAEP algorithm, on Encrypt and Decrypt', async () => {
    const kms = newKms()
    const key = await createKey(kms, {})
    const message = `Encryption algorithm RSAES_OAEP_SHA_256 is not supported by ${key.arn}.`
    expectError(await kms.call('Encrypt', encryptBody(key.keyId, PLAINTEXT, 'RSAES_OAEP_SHA_256')), 'InvalidKeyUsageException', message)
    const ct = expectOk(await kms.call('Encrypt', encryptBody(key.keyId, PLAINTEXT))).CiphertextBlob
    expectError(await kms.call('Decrypt', { KeyId: key.keyId, CiphertextBlob: ct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidKeyUsageException', message)
    expect(expectOk(await kms.call('Decrypt', { CiphertextBlob: ct }))).toEqual({ KeyId: key.arn, Plaintext: b64(PLAINTEXT), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' })
  })
})
