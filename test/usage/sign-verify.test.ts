/**
 * Sign and Verify with imported keys: signatures verify with the OpenSSL CLI against the client's
 * original key pair (ECDSA on P-256/P-384/P-521/secp256k1, RSASSA-PKCS1-v1_5 and RSASSA-PSS,
 * SM2DSA with the default distinguishing ID), RAW and DIGEST messages alike; Verify accepts
 * signatures node:crypto made and refuses tampered ones with KMSInvalidSignatureException (no
 * message); every refusal with its exact type and message, in AWS's order.
 */
import { createHash, sign as nodeSign, constants } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sm2 } from 'sm-crypto-v2'
import { b64, bytesAt, createKey, expectError, expectOk, flipBit, type CreatedKey, type Kms } from '../support/kms.js'
import { disabled, incompatible, keyUsageMismatch } from '../support/messages.js'
import { ecKeyPair, importedKeyOf, newKms, openssl, publicPem, rsaKeyPair, type ClientKeyPair } from './support.js'

const MESSAGE = new TextEncoder().encode('Pay Alice 10 EUR; reference 2026-03-02/0042')

type EcSpec = 'ECC_NIST_P256' | 'ECC_NIST_P384' | 'ECC_NIST_P521' | 'ECC_SECG_P256K1'
const ECDSA: readonly (readonly [EcSpec, string, 'sha256' | 'sha384' | 'sha512'])[] = [
  ['ECC_NIST_P256', 'ECDSA_SHA_256', 'sha256'],
  ['ECC_NIST_P384', 'ECDSA_SHA_384', 'sha384'],
  ['ECC_NIST_P521', 'ECDSA_SHA_512', 'sha512'],
  ['ECC_SECG_P256K1', 'ECDSA_SHA_256', 'sha256'],
]
const RSASSA = [
  ['RSASSA_PKCS1_V1_5_SHA_256', 'sha256'], ['RSASSA_PKCS1_V1_5_SHA_384', 'sha384'], ['RSASSA_PKCS1_V1_5_SHA_512', 'sha512'],
  ['RSASSA_PSS_SHA_256', 'sha256'], ['RSASSA_PSS_SHA_384', 'sha384'], ['RSASSA_PSS_SHA_512', 'sha512'],
] as const

const digest = (hash: string, message: Uint8Array): Uint8Array => new Uint8Array(createHash(hash).update(message).digest())

/** Sign, which must succeed; returns the signature. */
const signWith = async (kms: Kms, keyId: string, algorithm: string, message: Uint8Array, messageType?: 'RAW' | 'DIGEST'): Promise<Uint8Array> => {
  const body = expectOk(await kms.call('Sign', { KeyId: keyId, Message: b64(message), SigningAlgorithm: algorithm, ...(messageType === undefined ? {} : { MessageType: messageType }) }))
  expect(Object.keys(body)).toEqual(['KeyId', 'Signature', 'SigningAlgorithm'])
  expect(body.SigningAlgorithm).toBe(algorithm)
  return bytesAt(body, 'Signature')
}

const verifyBody = (keyId: string, algorithm: string, message: Uint8Array, signature: Uint8Array, messageType?: 'RAW' | 'DIGEST') => ({
  KeyId: keyId, Message: b64(message), Signature: b64(signature), SigningAlgorithm: algorithm, ...(messageType === undefined ? {} : { MessageType: messageType }),
})

/** `openssl dgst -<hash> -verify pub.pem -signature sig.bin msg.bin` (plus PSS options): throws unless "Verified OK". */
const opensslVerify = (pair: ClientKeyPair, hash: string, signature: Uint8Array, pss = false): void => {
  const { stdout } = openssl(
    { 'pub.pem': publicPem(pair.spki), 'sig.bin': signature, 'msg.bin': MESSAGE },
    ['dgst', `-${hash}`, '-verify', 'pub.pem', ...(pss ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1'] : []), '-signature', 'sig.bin', 'msg.bin'],
  )
  expect(stdout.trim()).toBe('Verified OK')
}

describe('a signature made with the imported key verifies with OpenSSL against the original key pair', () => {
  it.each(ECDSA)('%s, %s: RAW and DIGEST (DER signatures)', async (spec, algorithm, hash) => {
    const kms = newKms()
    const pair = ecKeyPair(spec)
    const key = await importedKeyOf(kms, spec, 'SIGN_VERIFY', pair.pkcs8)
    opensslVerify(pair, hash, await signWith(kms, key.keyId, algorithm, MESSAGE))
    opensslVerify(pair, hash, await signWith(kms, key.keyId, algorithm, digest(hash, MESSAGE), 'DIGEST'))
  })

  it.each(RSASSA)('RSA_2048, %s: RAW and DIGEST', async (algorithm, hash) => {
    const kms = newKms()
    const pair = rsaKeyPair('RSA_2048', 0)
    const key = await importedKeyOf(kms, 'RSA_2048', 'SIGN_VERIFY', pair.pkcs8)
    const pss = algorithm.includes('PSS')
    const raw = await signWith(kms, key.keyId, algorithm, MESSAGE, 'RAW')
    expect(raw.length).toBe(256)
    opensslVerify(pair, hash, raw, pss)
    opensslVerify(pair, hash, await signWith(kms, key.keyId, algorithm, digest(hash, MESSAGE), 'DIGEST'), pss)
  })

  it('RSA_3072 and RSA_4096 sign with PSS and PKCS#1 v1.5 (signatures of the modulus length)', async () => {
    const kms = newKms()
    for (const [spec, bytes] of [['RSA_3072', 384], ['RSA_4096', 512]] as const) {
      const pair = rsaKeyPair(spec, 1)
      const key = await importedKeyOf(kms, spec, 'SIGN_VERIFY', pair.pkcs8)
      const pss = await signWith(kms, key.keyId, 'RSASSA_PSS_SHA_384', MESSAGE)
      expect(pss.length).toBe(bytes)
      opensslVerify(pair, 'sha384', pss, true)
      opensslVerify(pair, 'sha512', await signWith(kms, key.keyId, 'RSASSA_PKCS1_V1_5_SHA_512', MESSAGE), false)
    }
  })

  it('SM2 (China Regions), SM2DSA: OpenSSL verifies with the default distinguishing ID 1234567812345678, RAW and DIGEST', async () => {
    const kms = newKms({ region: 'cn-northwest-1' })
    const pair = ecKeyPair('SM2')
    const key = await importedKeyOf(kms, 'SM2', 'SIGN_VERIFY', pair.pkcs8, 'RSAES_OAEP_SHA_256')
    const pointHex = Buffer.from(pair.spki.subarray(pair.spki.length - 65)).toString('hex')
    const za = new Uint8Array(Buffer.from(sm2.getHash(MESSAGE, pointHex), 'hex')) // SM3(Z_A ‖ M)
    for (const signature of [await signWith(kms, key.keyId, 'SM2DSA', MESSAGE), await signWith(kms, key.keyId, 'SM2DSA', za, 'DIGEST')]) {
      const { stdout } = openssl(
        { 'pub.pem': publicPem(pair.spki), 'sig.bin': signature, 'msg.bin': MESSAGE },
        ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'msg.bin', '-sigfile', 'sig.bin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678'],
      )
      expect(stdout.trim()).toBe('Signature Verified Successfully')
      expectOk(await kms.call('Verify', verifyBody(key.keyId, 'SM2DSA', MESSAGE, signature)))
    }
  })
})

describe('Verify', () => {
  const rsaKey = async (kms: Kms): Promise<{ key: CreatedKey; pair: ClientKeyPair }> => {
    const pair = rsaKeyPair('RSA_2048', 1)
    return { pair, key: await importedKeyOf(kms, 'RSA_2048', 'SIGN_VERIFY', pair.pkcs8) }
  }

  it.each(ECDSA)('%s, %s: accepts node:crypto signatures (RAW and DIGEST) and answers {KeyId, SignatureValid, SigningAlgorithm}', async (spec, algorithm, hash) => {
    const kms = newKms()
    const pair = ecKeyPair(spec)
    const key = await importedKeyOf(kms, spec, 'SIGN_VERIFY', pair.pkcs8)
    const signature = new Uint8Array(nodeSign(hash, MESSAGE, pair.privateKey))
    expect(expectOk(await kms.call('Verify', verifyBody(key.keyId, algorithm, MESSAGE, signature)))).toEqual({ KeyId: key.arn, SignatureValid: true, SigningAlgorithm: algorithm })
    expectOk(await kms.call('Verify', verifyBody(key.arn, algorithm, digest(hash, MESSAGE), signature, 'DIGEST')))
  })

  it.each(RSASSA)('RSA_2048, %s: accepts node:crypto signatures (PSS with salt length = hash length)', async (algorithm, hash) => {
    const kms = newKms()
    const { key, pair } = await rsaKey(kms)
    const pss = algorithm.includes('PSS')
    const signature = new Uint8Array(nodeSign(hash, MESSAGE, {
      key: pair.privateKey, padding: pss ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    }))
    expect(expectOk(await kms.call('Verify', verifyBody(key.keyId, algorithm, MESSAGE, signature)))).toEqual({ KeyId: key.arn, SignatureValid: true, SigningAlgorithm: algorithm })
    expectOk(await kms.call('Verify', verifyBody(key.keyId, algorithm, digest(hash, MESSAGE), signature, 'DIGEST')))
  })

  it('verifies its own signatures, and refuses a flipped bit, another message, another algorithm, a truncated or padded signature', async () => {
    const kms = newKms()
    const ec = ecKeyPair('ECC_NIST_P256')
    const ecKey = await importedKeyOf(kms, 'ECC_NIST_P256', 'SIGN_VERIFY', ec.pkcs8)
    const { key: rsa } = await rsaKey(kms)
    for (const [key, algorithm, other] of [[ecKey, 'ECDSA_SHA_256', undefined], [rsa, 'RSASSA_PSS_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_256']] as const) {
      const signature = await signWith(kms, key.keyId, algorithm, MESSAGE)
      expectOk(await kms.call('Verify', verifyBody(key.keyId, algorithm, MESSAGE, signature)))
      const refused = async (body: object): Promise<void> => expectError(await kms.call('Verify', body), 'KMSInvalidSignatureException', undefined)
      await refused(verifyBody(key.keyId, algorithm, MESSAGE, flipBit(signature, signature.length * 4)))
      await refused(verifyBody(key.keyId, algorithm, flipBit(MESSAGE, 3), signature))
      await refused(verifyBody(key.keyId, algorithm, MESSAGE, signature.subarray(1)))
      await refused(verifyBody(key.keyId, algorithm, MESSAGE, new Uint8Array([...signature, 0])))
      await refused(verifyBody(key.keyId, algorithm, MESSAGE, new Uint8Array(64).fill(1)))
      if (other !== undefined) await refused(verifyBody(key.keyId, other, MESSAGE, signature))
    }
  })

  it('refuses a signature of the message given as DIGEST and vice versa', async () => {
    const kms = newKms()
    const pair = ecKeyPair('ECC_NIST_P256')
    const key = await importedKeyOf(kms, 'ECC_NIST_P256', 'SIGN_VERIFY', pair.pkcs8)
    const d = digest('sha256', MESSAGE)
    const signature = await signWith(kms, key.keyId, 'ECDSA_SHA_256', d, 'DIGEST')
    expectOk(await kms.call('Verify', verifyBody(key.keyId, 'ECDSA_SHA_256', MESSAGE, signature, 'RAW')))
    expectError(await kms.call('Verify', verifyBody(key.keyId, 'ECDSA_SHA_256', d, signature, 'RAW')), 'KMSInvalidSignatureException', undefined)
  })

  it('property: any single-bit flip of a signature is refused with KMSInvalidSignatureException (ECDSA P-256 and RSASSA-PSS)', async () => {
    const kms = newKms()
    const ecKey = await importedKeyOf(kms, 'ECC_NIST_P256', 'SIGN_VERIFY', ecKeyPair('ECC_NIST_P256').pkcs8)
    const { key: rsa } = await rsaKey(kms)
    const signatures = new Map<string, Uint8Array>()
    for (const [id, algorithm] of [[ecKey.keyId, 'ECDSA_SHA_256'], [rsa.keyId, 'RSASSA_PSS_SHA_256']] as const) signatures.set(id, await signWith(kms, id, algorithm, MESSAGE))
    await fc.assert(fc.asyncProperty(fc.constantFrom([ecKey.keyId, 'ECDSA_SHA_256'] as const, [rsa.keyId, 'RSASSA_PSS_SHA_256'] as const), fc.nat(), async ([id, algorithm], n) => {
      const signature = signatures.get(id) ?? new Uint8Array(0)
      expectError(await kms.call('Verify', verifyBody(id, algorithm, MESSAGE, flipBit(signature, n % (signature.length * 8)))), 'KMSInvalidSignatureException', undefined)
    }), { numRuns: 60 })
  })

  it('property: Sign then Verify round-trips any message of 1 to 4096 bytes (ECDSA P-384)', async () => {
    const kms = newKms()
    const key = await importedKeyOf(kms, 'ECC_NIST_P384', 'SIGN_VERIFY', ecKeyPair('ECC_NIST_P384').pkcs8)
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 4096 }), async (message) => {
      const signature = await signWith(kms, key.keyId, 'ECDSA_SHA_384', message)
      expectOk(await kms.call('Verify', verifyBody(key.keyId, 'ECDSA_SHA_384', message, signature)))
    }), { numRuns: 30 })
  })
})

describe('Sign and Verify refusals', () => {
  const ecKey = async (kms: Kms): Promise<CreatedKey> => importedKeyOf(kms, 'ECC_NIST_P256', 'SIGN_VERIFY', ecKeyPair('ECC_NIST_P256').pkcs8)
  const message = b64(MESSAGE)

  it.each(['Sign', 'Verify'])('%s: SigningAlgorithm is required and must be in the enum; MessageType too', async (operation) => {
    const kms = newKms()
    const key = await ecKey(kms)
    const base = { KeyId: key.keyId, Message: message, Signature: b64(new Uint8Array(64)) }
    expectError(await kms.call(operation, base), 'ValidationException', "1 validation error detected: Value null at 'signingAlgorithm' failed to satisfy constraint: Member must not be null")
    expectError(await kms.call(operation, { ...base, SigningAlgorithm: 'ECDSA_SHA_1' }), 'ValidationException',
      "1 validation error detected: Value 'ECDSA_SHA_1' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: " +
      '[RSASSA_PSS_SHA_256, RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512, RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PKCS1_V1_5_SHA_384, RSASSA_PKCS1_V1_5_SHA_512, ECDSA_SHA_256, ECDSA_SHA_384, ECDSA_SHA_512, SM2DSA]')
    expectError(await kms.call(operation, { ...base, SigningAlgorithm: 'ECDSA_SHA_256', MessageType: 'HASH' }), 'ValidationException',
      "1 validation error detected: Value 'HASH' at 'messageType' failed to satisfy constraint: Member must satisfy enum value set: [RAW, DIGEST]")
  })

  it.each(['Sign', 'Verify'])('%s: Message is 1 to 4096 bytes and never shown', async (operation) => {
    const kms = newKms()
    const key = await ecKey(kms)
    const base = { KeyId: key.keyId, SigningAlgorithm: 'ECDSA_SHA_256', Signature: b64(new Uint8Array(64)) }
    expectError(await kms.call(operation, { ...base, Message: '' }), 'ValidationException', "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length greater than or equal to 1")
    expectError(await kms.call(operation, { ...base, Message: b64(new Uint8Array(4097)) }), 'ValidationException', "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096")
    expectError(await kms.call(operation, base), 'ValidationException', "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null")
  })

  it('Verify: Signature is required, 1 to 6144 bytes', async () => {
    const kms = newKms()
    const key = await ecKey(kms)
    const base = { KeyId: key.keyId, SigningAlgorithm: 'ECDSA_SHA_256', Message: message }
    expectError(await kms.call('Verify', base), 'ValidationException', "1 validation error detected: Value null at 'signature' failed to satisfy constraint: Member must not be null")
    expectError(await kms.call('Verify', { ...base, Signature: b64(new Uint8Array(6145)) }), 'ValidationException',
      "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=6145 cap=6145]' at 'signature' failed to satisfy constraint: Member must have length less than or equal to 6144")
  })

  it.each(['Sign', 'Verify'])('%s: an algorithm the key spec does not support is InvalidKeyUsageException "Algorithm … is incompatible with key spec …."', async (operation) => {
    const kms = newKms()
    const ec = await ecKey(kms)
    const rsa = await importedKeyOf(kms, 'RSA_2048', 'SIGN_VERIFY', rsaKeyPair('RSA_2048', 0).pkcs8)
    for (const [key, spec, algorithm] of [
      [ec, 'ECC_NIST_P256', 'ECDSA_SHA_384'], [ec, 'ECC_NIST_P256', 'RSASSA_PSS_SHA_256'], [ec, 'ECC_NIST_P256', 'SM2DSA'], [rsa, 'RSA_2048', 'ECDSA_SHA_256'],
    ] as const) {
      expectError(await kms.call(operation, { KeyId: key.keyId, Message: message, Signature: b64(new Uint8Array(64)), SigningAlgorithm: algorithm }),
        'InvalidKeyUsageException', incompatible(algorithm, spec))
    }
  })

  it.each(['Sign', 'Verify'])('%s: a DIGEST of the wrong length is ValidationException "Digest is invalid length for algorithm ….", checked after the algorithm', async (operation) => {
    const kms = newKms()
    const key = await ecKey(kms)
    const rsa = await importedKeyOf(kms, 'RSA_2048', 'SIGN_VERIFY', rsaKeyPair('RSA_2048', 0).pkcs8)
    const body = (keyId: string, algorithm: string, length: number) => ({ KeyId: keyId, Message: b64(new Uint8Array(length)), MessageType: 'DIGEST', Signature: b64(new Uint8Array(64)), SigningAlgorithm: algorithm })
    for (const [keyId, algorithm, length] of [[key.keyId, 'ECDSA_SHA_256', 20], [key.keyId, 'ECDSA_SHA_256', 48], [rsa.keyId, 'RSASSA_PSS_SHA_384', 32], [rsa.keyId, 'RSASSA_PKCS1_V1_5_SHA_512', 48]] as const) {
      expectError(await kms.call(operation, body(keyId, algorithm, length)), 'ValidationException', `Digest is invalid length for algorithm ${algorithm}.`)
    }
    expectError(await kms.call(operation, body(key.keyId, 'ECDSA_SHA_384', 20)), 'InvalidKeyUsageException', incompatible('ECDSA_SHA_384', 'ECC_NIST_P256'))
  })

  it.each(['Sign', 'Verify'])('%s: a key whose usage is not SIGN_VERIFY is InvalidKeyUsageException, checked before the key state', async (operation) => {
    const kms = newKms()
    const symmetric = await createKey(kms, {})
    const hmac = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    const rsa = await importedKeyOf(kms, 'RSA_2048', 'ENCRYPT_DECRYPT', rsaKeyPair('RSA_2048', 1).pkcs8)
    const body = (keyId: string) => ({ KeyId: keyId, Message: message, Signature: b64(new Uint8Array(64)), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })
    expectError(await kms.call(operation, body(symmetric.keyId)), 'InvalidKeyUsageException', keyUsageMismatch(symmetric.arn, 'ENCRYPT_DECRYPT', operation))
    expectError(await kms.call(operation, body(rsa.keyId)), 'InvalidKeyUsageException', keyUsageMismatch(rsa.arn, 'ENCRYPT_DECRYPT', operation))
    expectOk(await kms.call('DisableKey', { KeyId: hmac.keyId }))
    expectError(await kms.call(operation, body(hmac.keyId)), 'InvalidKeyUsageException', keyUsageMismatch(hmac.arn, 'GENERATE_VERIFY_MAC', operation))
  })

  it.each(['Sign', 'Verify'])('%s: the key state is checked before the algorithm', async (operation) => {
    const kms = newKms()
    const key = await ecKey(kms)
    expectOk(await kms.call('DisableKey', { KeyId: key.keyId }))
    expectError(await kms.call(operation, { KeyId: key.keyId, Message: message, Signature: b64(new Uint8Array(64)), SigningAlgorithm: 'RSASSA_PSS_SHA_256' }), 'DisabledException', disabled(key.arn))
  })
})
